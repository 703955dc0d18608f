"""Output formats for findings: one module per format, one entry in :data:`FORMATS`.

``--format NAME`` of ``check``, ``msg`` and ``patch`` picks ``FORMATS[NAME]``;
the command line's choices and help, and the list in the README, come from
this registry (tests hold them to it). A new format is a module here with a
:class:`Reporter` subclass, plus its entry.

What a reporter receives
------------------------

One reporter is made per report of the run (``--format``'s, and one per
``--report``, see below), ``cls(stream, profile, color)``:

- ``stream``: where to write text: standard output, or a report file
  (``--output``, ``--report``) opened as UTF-8 by the command line, which
  closes it and puts it in place after :meth:`finish`;
- ``profile``: the name of the active profile (``qcom``, ``upstream``, ...);
- ``color``: True only for ``--format``'s reporter writing to a terminal
  with ``NO_COLOR`` unset; never True for a file or a ``--report``.

Then the results, in this order:

- ``msg``: one result, the message file (after ``--fix``, what is left);
- ``patch``: one per mail, files in the order given, mails in file order;
- ``check``: one per commit, in ``git log`` order (newest first).

Last, :meth:`Reporter.finish`, once, also when nothing was added.

A reporter has two halves. :meth:`Reporter.render` turns a list of results
into what is written for them: text, or text and the few facts the other
half needs (SARIF: the name and severity of each rule named; GitHub: at
most 10 annotations of each level). It is pure: it reads the reporter's
settings (``profile``, ``color``) and nothing it counts or writes, and what
it returns pickles. :meth:`Reporter.take` then, in the main process and in
order, adds the batch's counts and hands the rendered value to
:meth:`Reporter.put`, which writes it to ``stream`` and keeps whatever state
the format needs across batches (a separator, SARIF's rule indexes, the
table of the Markdown report).

``msg`` and ``patch`` do both in one process, one result at a time
(:meth:`Reporter.add`). ``check`` spreads long ranges over forked worker
processes (:func:`trailercheck.runner.render_batches`): a worker checks a
batch of a few hundred commits and calls ``render`` of every report on it
(through ``trailercheck.cli.run.Output.render``, on the reporters as they
were when the workers were forked); only the rendered values and the
batch's counts travel back, and the loop in
``trailercheck.cli.run._check_range`` hands them to ``take`` batch by batch
in commit order. No result is built, and nothing is serialised a second
time, in the main process. ``check`` may run from the compiled twin
(``trailercheck._native``, see :mod:`trailercheck.native`), which has its
own copy of this package: a format module imports the package relatively.

Each :class:`~trailercheck.findings.Result` holds

- ``source``: the message file's path (``-`` for standard input); a patch
  file's path, ``FILE:N`` for the N-th patch of a file with several; a
  commit's id shortened to 12 characters;
- ``commit``: the full commit id (``check``), else None;
- ``subject``: the message's first line;
- ``findings``: sorted by line (None first), then code; each
  :class:`~trailercheck.findings.Finding` has ``code`` (``T01``), ``rule``
  (its name, ``trailer-block-blank-line``), ``severity`` (``error`` or
  ``warning``; rules that are off never report), ``line`` (1-based, in the
  source as the user sees it; None for a finding about the whole message),
  ``message``, ``fix`` (a hint for people, or None) and ``evidence`` (how
  an X rule matched: ``patch-id``, ``subject``, ...; else None). Its
  ``edits`` are not part of this interface: results from workers have none.

Results without findings: ``render`` gets every result, clean or not, and
renders what its format shows (``wants_clean`` says whether that includes
the clean ones). :meth:`Reporter.add_clean` counts results that were not
handed over at all.

What it must write
------------------

:meth:`Reporter.put` writes a batch as it arrives, and
:meth:`Reporter.finish` the rest (a closing bracket, a summary): a range of
100 000 commits is never held in memory. A format whose first bytes depend
on totals (JUnit's counts, the Markdown summary, SARIF's rule list after
the results) keeps rendered text, never results, until ``finish``. Text
taken from a message (source, subject, message, fix) may hold undecodable
bytes kept as surrogates: pass it through
:func:`trailercheck.model.text.printable` before writing. Everything goes
to ``stream``; standard error belongs to the command line (its progress
line and errors). The exit status is not the reporter's: the command line
derives it from the counts :meth:`Reporter.take` keeps (``checked``,
``errors``, ``warnings``), which a summary may use.

Several reports from one run
----------------------------

``--report FORMAT=PATH`` (repeatable) adds reporters beside the one of
``--format``: ``trailercheck.cli.run.Output`` makes one per report, each
with its own stream, and hands every result to all of them in the same
order (each renders the same batches and takes the same counts). A reporter writes to its
stream only; it neither knows nor cares whether that is standard output,
a file put in place atomically when the run ends, or GitHub's step summary,
which gets the whole report appended at the end
(:mod:`trailercheck.outfile`). A report that is not written while the run
goes must therefore still fit in a bounded amount of memory or spill to a
temporary file.

Where a finding is
------------------

Formats that point at a file and a line (SARIF, GitLab, GitHub) share
:func:`file_of` and :func:`fingerprints`: a message file is itself, a patch
is its file, and a commit, which has no file, is the virtual file
``<full id>.commit-message`` whose line N is line N of the message.
"""

from __future__ import annotations

from ..errors import UsageError
from ..findings import ERROR, WARNING, Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    import hashlib
    import re
    from collections.abc import Callable
    from typing import IO


class Reporter:
    """Counts what it is given; subclasses render it and write it (see the module's documentation)."""

    #: Whether results without findings are written (else they are only counted).
    wants_clean = True

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        self.stream = stream
        self.profile = profile
        self.color = color
        self.checked = 0
        self.errors = 0
        self.warnings = 0

    def add(self, result: Result) -> None:
        """Count one result and write it (``msg``, ``patch``: one process does both)."""
        errors, warnings = counts([result])
        self.take(1, errors, warnings, self.render([result]))

    def take(self, checked: int, errors: int, warnings: int, rendered: object) -> None:
        """Count a batch of ``checked`` results and write what :meth:`render` made of it."""
        self.checked += checked
        self.errors += errors
        self.warnings += warnings
        self.put(rendered)

    def add_clean(self, count: int) -> None:
        """Count results without findings that were not handed over one by one."""
        self.checked += count

    def render(self, results: list[Result]) -> object:
        """What to write for a batch of results, in order: text, or the text and the few facts
        :meth:`put` needs. Pure: it reads only the reporter's settings (``profile``, ``color``),
        never its counts or stream, and its value pickles (it may run in a worker)."""
        raise NotImplementedError

    def put(self, rendered: object) -> None:
        """Write what :meth:`render` made of the next batch (after the counts include it)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Write what comes after the last result."""
        raise NotImplementedError


def counts(results: list[Result]) -> tuple[int, int]:
    """The errors and the warnings among the findings of ``results``."""
    errors = warnings = 0
    for result in results:
        for f in result.findings:
            if f.severity == ERROR:
                errors += 1
            elif f.severity == WARNING:
                warnings += 1
    return errors, warnings


class Format:
    """A registry entry: the module and class of a reporter (imported only when chosen), and what it writes."""

    __slots__ = ("cls", "module", "summary")

    def __init__(self, module: str, cls: str, summary: str) -> None:
        self.module = module
        self.cls = cls
        #: One sentence for the README's list of formats (Markdown).
        self.summary = summary

    def load(self) -> type[Reporter]:
        # The import statement's own machinery, unlike importlib.import_module, shows in ``-X importtime``.
        module = __import__(f"{__name__}.{self.module}", fromlist=[self.cls])
        reporter: type[Reporter] = getattr(module, self.cls)
        return reporter


#: Output formats by ``--format`` name; the first is the default.
FORMATS: dict[str, Format] = {
    "text": Format(
        "text",
        "TextReporter",
        "`source:line: CODE name: message` and a fix hint, grouped per source, coloured on a terminal unless "
        "`NO_COLOR` is set, and a summary when anything was found.",
    ),
    "json": Format(
        "json",
        "JsonReporter",
        "one document: the profile, a result per message (also the clean ones) with its source, commit, "
        "subject and findings, and a summary.",
    ),
    "sarif": Format(
        "sarif",
        "SarifReporter",
        "SARIF 2.1.0 for code scanning: the rules reported, with their help, and a result per finding; a commit "
        "is the virtual file `<id>.commit-message` and a logical location.",
    ),
    "github": Format(
        "github",
        "GithubReporter",
        "GitHub Actions annotations (`::error file=...,line=...::`), errors first, as many as GitHub shows "
        "(10 of each), and a notice with the counts.",
    ),
    "gitlab": Format(
        "gitlab",
        "GitlabReporter",
        "a GitLab Code Quality report: a JSON array with an issue per finding (`major` for an error, `minor` "
        "for a warning).",
    ),
    "junit": Format(
        "junit",
        "JunitReporter",
        "JUnit XML: a test case per message, a failure per error, the warnings as its output.",
    ),
    "markdown": Format(
        "markdown",
        "MarkdownReporter",
        "the pull-request report: a summary, a table of the messages with their verdicts and the findings "
        "with their fixes, below 1 MiB for a GitHub step summary.",
    ),
}
DEFAULT_FORMAT = next(iter(FORMATS))


#: The virtual file a commit's message is reported in: ``<full id>.commit-message``.
COMMIT_MESSAGE = ".commit-message"


def file_of(result: Result) -> tuple[str | None, str]:
    """``(path, part)``: the file a result's lines are in, None for a commit, and the rest of its name.

    ``part`` is ``""`` for a message file or a one-mail patch, ``"2"`` for the second patch of
    ``FILE:2`` (a source ending in ``:N`` that is not itself an existing file), and the full
    commit id for a commit.
    """
    if result.commit is not None:
        return None, result.commit
    head, sep, tail = result.source.rpartition(":")
    if sep and head and tail.isdigit():
        import os

        if not os.path.exists(result.source):
            return head, tail
    return result.source, ""


def artifact_of(result: Result) -> str:
    """The path a format names for a result: the file, or ``<full id>.commit-message`` for a commit."""
    path, part = file_of(result)
    return part + COMMIT_MESSAGE if path is None else path


def fingerprints(result: Result) -> list[str]:
    """A stable identity per finding, in the order of ``result.findings``.

    A hash of the code, the commit id or file (and patch number), and the message with line
    numbers and spacing taken out, so that a finding keeps its fingerprint when lines move;
    a second identical finding in the same message gets ``:2`` added, and so on.
    """
    sha256 = _sha256()
    path, part = file_of(result)
    where = f"commit {part}" if path is None else f"file {path} {part}".rstrip()
    seen: dict[str, int] = {}
    out: list[str] = []
    for f in result.findings:
        message = f.message
        if "line" in message:
            message = _line_numbers().sub("line #", message)
        key = "\0".join((f.code, where, " ".join(message.split())))
        digest = sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        seen[digest] = n = seen.get(digest, 0) + 1
        out.append(digest if n == 1 else f"{digest}:{n}")
    return out


_SHA256: list[Callable[[bytes], hashlib._Hash]] = []


def _sha256() -> Callable[[bytes], hashlib._Hash]:
    """hashlib's sha256 (imported once, when a format first needs it)."""
    if not _SHA256:
        from hashlib import sha256

        _SHA256.append(sha256)
    return _SHA256[0]


_LINE_NUMBERS: list[re.Pattern[str]] = []


def _line_numbers() -> re.Pattern[str]:
    """Line numbers in a finding's message (compiled once, when a format first needs it)."""
    if not _LINE_NUMBERS:
        import re

        _LINE_NUMBERS.append(re.compile(r"\blines? \d+(?:\s*(?:-|\u2013|to|and|,)\s*\d+)*"))
    return _LINE_NUMBERS[0]


def unknown_format(name: str) -> UsageError:
    return UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")


def make_reporter(fmt: str, stream: IO[str], profile: str, color: bool) -> Reporter:
    entry = FORMATS.get(fmt)
    if entry is None:
        raise unknown_format(fmt)
    return entry.load()(stream, profile, color)
