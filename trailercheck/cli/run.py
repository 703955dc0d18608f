"""What the commands do, independent of how their arguments were parsed."""

from __future__ import annotations

import itertools
import os
import stat
import sys
import time

from ..engine import Layer, RuleSet, check_message, prefetch
from ..errors import OutputClosed, UsageError
from ..findings import Finding, Result
from ..model.keys import DEFAULT_KEYS, KeySet
from ..model.links import DEFAULT_LORE_HOSTS
from ..model.message import Message
from ..model.person import Person, ident_time, parse_ident, parse_person
from ..model.text import Line, decode, join_lines, quote_path, quote_paths_as, split_lines
from ..profiles import DEFAULT_PROFILE, PROFILES
from ..rules import Context
from ..rules.base import REPO
from ..sources.record import Record, message_of
from .options import Options

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import IO, Final

    from ..config import Config
    from ..outfile import ReportFile
    from ..postings import Postings
    from ..sources.gitcmd import Started
    from ..sources.lore import LoreArchive
    from ..sources.repo import QuickLookup

#: Rounds of fix-and-recheck before giving up on a message that keeps changing.
MAX_FIX_ROUNDS = 8


class Archive:
    """Where the postings behind the links come from: a local mirror, else the archive over HTTP."""

    __slots__ = ("lore_url", "path")

    def __init__(self, path: str | None, lore_url: str | None) -> None:
        self.path: Final = path
        self.lore_url: Final = lore_url

    @classmethod
    def chosen(cls, opts: Options, config: Config) -> Archive | None:
        """The archive the command line or the configuration asks for (``--archive`` wins), or None."""
        path = opts.archive or config.string("archive")
        online = opts.online or bool(config.get("online", False))
        if path is None and not online:
            return None
        return cls(path, opts.lore_url or config.string("lore-url"))

    def open(self, cwd: str | None, git_dir: str | None, ctx: Context) -> Postings:
        """The run's postings (:class:`trailercheck.postings.Postings`), the mirror indexed up to date."""
        from ..postings import Postings
        from ..sources.archive import LocalArchive, default_store

        store = default_store(git_dir)
        source: LocalArchive | LoreArchive
        if self.path is not None:
            source = LocalArchive(self.path, store)
            source.update()
        else:
            from ..sources.lore import LoreArchive

            source = LoreArchive(self.lore_url, cwd, store)
        return Postings(source, cwd, ctx.lore_hosts)


class Settings:
    """The run's settings, resolved once from the command line and the configuration file; read-only."""

    __slots__ = ("archive", "ctx", "options", "profile", "repo", "rules", "strict")

    options: Options
    profile: str
    strict: bool
    repo: str | None
    rules: RuleSet
    ctx: Context
    archive: Archive | None

    def __init__(
        self,
        options: Options,
        profile: str,
        strict: bool,
        rules: RuleSet,
        ctx: Context,
        archive: Archive | None = None,
    ) -> None:
        for name, value in (
            ("archive", archive),
            ("options", options),
            ("profile", profile),
            ("strict", strict),
            ("repo", options.repo),
            ("rules", rules),
            ("ctx", ctx),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Settings are read-only (cannot set {name})")

    @property
    def fmt(self) -> str:
        return self.options.fmt

    @property
    def keys(self) -> KeySet:
        return self.ctx.keys


def settings(opts: Options, messages_only: bool = False) -> Settings:
    """The profile, strictness, rules and context from the profile, the configuration file and the command line.

    ``messages_only``: a run with no refs and no archive (``msg``), see :class:`~trailercheck.engine.RuleSet`.
    """
    from ..config import load

    config = load(opts.config, opts.repo or ".")
    name = opts.profile or config.string("profile") or DEFAULT_PROFILE
    profile = PROFILES.get(name)
    if profile is None:
        raise UsageError(f"unknown profile {name!r} (choose from {', '.join(PROFILES)})")
    strict = opts.strict or bool(config.get("strict", False))
    where = f"{config.path}: " if config.path else ""
    layers = [Layer(where, config.strings("select"), config.strings("ignore"), config.severity())]
    policy = config.policy_for(opts.target_branch)
    if policy is not None:
        layers.append(Layer(f"{where}branches: ", severity=policy.severity))
    layers.append(Layer("--", opts.select, opts.ignore))
    keys = KeySet(profile.keys).with_extra(config.strings("known-trailers"))
    hosts = tuple(h.lower() for h in config.strings("lore-hosts", DEFAULT_LORE_HOSTS))
    prefixes = tuple(policy.prefixes) if policy is not None and policy.prefixes is not None else None
    ctx = Context(profile, keys=keys, lore_hosts=hosts, prefixes=prefixes)
    ctx.baseline = opts.baseline or config.string("baseline")
    ctx.upstream = opts.upstream or config.string("upstream")
    ctx.policy = policy
    report_targets(opts)  # a bad --report is refused before anything is read
    rules = RuleSet(name, layers, messages_only=messages_only)
    return Settings(opts, name, strict, rules, ctx, Archive.chosen(opts, config))


def setup(opts: Options) -> tuple[RuleSet, Context]:
    """Rules and context from the profile, the configuration file and the command line."""
    run = settings(opts)
    return run.rules, run.ctx


def report_targets(opts: Options) -> list[tuple[str, str | None]]:
    """``(format, path)`` of every report: ``--format``/``--output`` first, then each ``--report FORMAT=PATH``.

    The path is None for standard output (no ``--output``, or ``-``).
    """
    from ..reporters import FORMATS, unknown_format

    targets: list[tuple[str, str | None]] = [(opts.fmt, None if opts.output in (None, "-") else opts.output)]
    for spec in opts.reports:
        name, eq, where = spec.partition("=")
        if not eq or not name or not where:
            raise UsageError(f"--report takes FORMAT=PATH (- for standard output), not {spec!r}")
        if name not in FORMATS:
            raise unknown_format(name)
        targets.append((name, None if where == "-" else where))
    seen: set[str | None] = set()
    for _, path in targets:
        place = None if path is None else os.path.realpath(path)
        if place in seen:
            raise UsageError(f"two reports to {path or 'standard output'}")
        seen.add(place)
    return targets


def refuse_reports_over_inputs(opts: Options, inputs: list[str]) -> None:
    """Refuse a report (``--output``, ``--report``) that would replace one of the files read."""
    read = {_identity(path) for path in inputs if path != "-"}
    read.discard(None)
    if not read:
        return
    for _, path in report_targets(opts):
        if path is not None and _identity(path) in read:
            raise UsageError(f"{quote_path(path)} is an input: a report there would replace it")


def _identity(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of the regular file at ``path`` (through links); None for anything else."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def is_step_summary(path: str) -> bool:
    """Whether ``path`` is GitHub's step summary (``$GITHUB_STEP_SUMMARY``), which reports append to."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    return summary is not None and summary != "" and os.path.abspath(path) == os.path.abspath(summary)


class Output:
    """Where the reports go: every reporter gets every result (``msg``, ``patch``: one by one; ``check``: a
    batch at a time, rendered where it was checked), and writes its summary at the end.

    The first reporter is ``--format``'s (to ``--output`` or standard output), then one per
    ``--report FORMAT=PATH``. Files are put in place only by :meth:`close`: a run that fails or
    is interrupted leaves them as they were (see :mod:`trailercheck.outfile`). Use it as a
    context manager so that they are.
    """

    def __init__(self, run: Settings) -> None:
        from ..reporters import Reporter, make_reporter

        opts = run.options
        self.strict = run.strict
        self.files: list[ReportFile] = []
        self.reporters: list[Reporter] = []
        try:
            for n, (fmt, path) in enumerate(report_targets(opts)):
                if path is None:
                    stream: IO[str] = sys.stdout
                    color = n == 0 and (
                        opts.color if opts.color is not None else sys.stdout.isatty() and not os.environ.get("NO_COLOR")
                    )
                else:
                    from ..outfile import open_report  # only for files: the hook writes to standard output

                    try:
                        file = open_report(path, append=is_step_summary(path))
                    except OSError as exc:
                        raise UsageError(f"cannot write {quote_path(path)}: {exc.strerror}") from None
                    self.files.append(file)
                    stream = file.stream
                    color = False
                self.reporters.append(make_reporter(fmt, stream, run.profile, color))
        except BaseException:
            self.discard()
            raise
        #: The reporter whose counts give the exit status (all of them count the same results).
        self.reporter = self.reporters[0]

    def __enter__(self) -> Output:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()  # after close() there is nothing left to discard

    def add(self, result: Result) -> None:
        for n, reporter in enumerate(self.reporters):
            try:
                reporter.add(result)
            except OSError as exc:
                self._failed(n, exc)

    def add_clean(self, count: int) -> None:
        """Count results without findings that are not handed over (only when no report wants them)."""
        for reporter in self.reporters:
            reporter.add_clean(count)

    def render(self, results: list[Result]) -> tuple[int, int, list[object]]:
        """A batch's errors and warnings, and what each report writes of it (pure: ``check``'s workers
        call it, on the reporters as they were when the workers were forked)."""
        from ..reporters import counts

        errors, warnings = counts(results)
        return errors, warnings, [reporter.render(results) for reporter in self.reporters]

    def take(self, checked: int, rendered: tuple[int, int, list[object]]) -> None:
        """Count a batch of ``checked`` results and write, in order, what :meth:`render` made of it."""
        errors, warnings, parts = rendered
        for n, (reporter, part) in enumerate(zip(self.reporters, parts, strict=True)):
            try:
                reporter.take(checked, errors, warnings, part)
            except OSError as exc:
                self._failed(n, exc)

    def close(self) -> int:
        """Finish the reports and put their files in place; the exit status (1 when they have errors, or
        warnings with --strict)."""
        for n, reporter in enumerate(self.reporters):
            try:
                reporter.finish()
            except OSError as exc:
                self._failed(n, exc)
        try:
            sys.stdout.flush()
        except OSError as exc:
            self._failed(None, exc)
        for file in self.files:
            try:
                file.commit()
            except OSError as exc:
                raise UsageError(f"cannot write {quote_path(file.path)}: {exc.strerror}") from None
        return self.status()

    def status(self) -> int:
        """The exit status of what was checked so far (1 with errors, or warnings with --strict)."""
        r = self.reporter
        return 1 if r.errors or (self.strict and r.warnings) else 0

    def _failed(self, n: int | None, exc: OSError) -> None:
        """A report could not be written: a closed standard output ends the run quietly with the
        status of what was checked; any other failure (a full disk) is one line, exit 2."""
        stream = self.reporters[n].stream if n is not None else sys.stdout
        if stream is sys.stdout and isinstance(exc, BrokenPipeError):
            raise OutputClosed(self.status()) from None
        file = next((f for f in self.files if f.stream is stream), None)
        where = "standard output" if file is None else quote_path(file.path)
        raise UsageError(f"cannot write {where}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        """Drop the files not yet in place."""
        for file in self.files:
            file.discard()


def report(run: Settings, results: list[Result]) -> int:
    with Output(run) as out:
        for result in results:
            out.add(result)
        return out.close()


def read_bytes(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read {quote_path(path)}: {exc.strerror}") from None


# -- msg --------------------------------------------------------------------


class HookInput:
    """A hook message file: every line of it, what git keeps of them, and the commit being made."""

    def __init__(
        self,
        path: str,
        data: bytes,
        configured_comment: str | None,
        author: Person | None = None,
        committer: Person | None = None,
        author_date: int | None = None,
    ) -> None:
        from ..sources.msgfile import hook_lines, resolve_comment

        self.path = path
        text = decode(data)
        self.comment = resolve_comment(configured_comment, text)
        self.lines: list[Line] = split_lines(text)
        self.kept = hook_lines(self.lines, self.comment)
        self.author = author
        self.committer = committer
        self.author_date = author_date

    def record(self) -> Record:
        """The message git would keep, as it is now, with the commit's people and date."""
        return Record(
            self.path,
            lines=self.kept,
            comment=self.comment,
            author=self.author,
            committer=self.committer,
            author_date=self.author_date,
        )

    def message(self, keys: KeySet = DEFAULT_KEYS) -> Message:
        return message_of(self.record(), keys)


def check_repo_option(opts: Options) -> None:
    if opts.repo is not None and not os.path.isdir(opts.repo):
        raise UsageError(f"not a directory: {opts.repo}")


def run_msg(opts: Options, path: str, started: Started | None = None) -> int:
    """Check the message file ``path`` (``-``: standard input); ``started`` is the ``git var -l`` for
    ``opts.repo`` started already (:func:`~trailercheck.sources.gitcmd.start_git_vars`)."""
    from ..sources.gitcmd import git_vars, in_repository

    check_repo_option(opts)
    run = settings(opts, messages_only=True)
    rules, ctx = run.rules, run.ctx
    if opts.fix and path == "-":
        raise UsageError("--fix needs a file, not standard input")
    refuse_reports_over_inputs(opts, [path])
    data = read_bytes(path)
    git = git_vars(opts.repo, started)
    quote_paths_as(git.quote_path)
    # git exports the author of the commit being made (the amended one's too) to the hook.
    stamp = ident_time(git.author_ident) if git.author_ident else None
    author = committer = None
    if in_repository(opts.repo or "."):
        author = known_ident(git.author_ident, "AUTHOR", git.emails)
        committer = known_ident(git.committer_ident, "COMMITTER", git.emails)
        unknown = [who for who, person in (("author", author), ("committer", committer)) if person is None]
        if unknown:
            whose = " and the ".join(f"{who}'s" for who in unknown)
            what = "sign-offs are" if len(unknown) > 1 else "sign-off is"
            sys.stderr.write(
                f"trailercheck: note: no git identity (user.name, user.email): the {whose} {what} not checked\n"
            )
        ctx.lookup = HookLookup(opts.repo)
    hook = HookInput(path, data, git.comment, author, committer, stamp if stamp is not None else int(time.time()))
    msg = hook.message(ctx.keys)
    findings = check_message(msg, ctx, rules)
    if opts.fix and any(f.fixable for f in findings):
        findings, fixed = fix_file(hook, ctx, rules, findings)
        if fixed:
            codes = ", ".join(sorted({f.code for f in fixed}))
            sys.stderr.write(
                f"{quote_path(path)}: fixed {len(fixed)} finding{'s' if len(fixed) != 1 else ''} ({codes})\n"
            )
            msg = hook.message(ctx.keys)  # report the subject as it is now
    return report(run, [Result(path, None, msg.subject, findings)])


class HookLookup:
    """The hook's commit lookups (:class:`~trailercheck.sources.repo.QuickLookup`), loaded on the first
    question: only a ``Fixes:`` asks one."""

    __slots__ = ("_quick", "repo")

    def __init__(self, repo: str | None) -> None:
        self.repo = repo
        self._quick: QuickLookup | None = None

    def resolve(self, rev: str) -> tuple[str, str] | None:
        return self._lookup().resolve(rev)

    def prefetch(self, revs: Iterable[str]) -> None:
        self._lookup().prefetch(revs)

    def _lookup(self) -> QuickLookup:
        if self._quick is None:
            from ..sources.repo import QuickLookup

            self._quick = QuickLookup(self.repo)
        return self._quick


def known_ident(ident: str | None, role: str, emails: frozenset[str]) -> Person | None:
    """The person of a git ident (``Name <email> time zone``) for ``role`` (``AUTHOR``, ``COMMITTER``),
    or None when no one set it.

    ``git var -l`` makes an ident up from the account and the host name when
    no address is given (``GIT_AUTHOR_EMAIL``, ``EMAIL``, ``user.email``,
    ``author.email``): a guess, with ``(none)`` for a host without a domain,
    that no sign-off is held to. In the hook git gives the commit's own.
    """
    if not ident:
        return None
    given = (
        os.environ.get(f"GIT_{role}_EMAIL")
        or os.environ.get("EMAIL")
        or "user.email" in emails
        or f"{role.lower()}.email" in emails
    )
    person = parse_ident(ident)
    if not given or person is None or not person.email or person.email.endswith(".(none)"):
        return None
    return person


def fix_file(
    hook: HookInput, ctx: Context, rules: RuleSet, findings: list[Finding]
) -> tuple[list[Finding], list[Finding]]:
    """Fix, re-check and repeat; write the file once at the end. Returns (remaining, fixed)."""
    from ..fix import apply_edits, write_atomic
    from ..sources.msgfile import hook_lines

    fixed: list[Finding] = []
    original = join_lines(hook.lines)
    text = original
    for _ in range(MAX_FIX_ROUNDS):
        text, applied = apply_edits(hook.lines, findings)
        if not applied:
            break
        fixed.extend(applied)
        hook.lines = split_lines(text)
        hook.kept = hook_lines(hook.lines, hook.comment)
        findings = check_message(hook.message(ctx.keys), ctx, rules)
        if not any(f.fixable for f in findings):
            break
    if text != original:
        write_atomic(hook.path, text)
    return findings, fixed


# -- patch ------------------------------------------------------------------


def mail_records(path: str, data: bytes | None = None) -> list[Record]:
    """The messages of a patch file or mbox with their authors (``From:``) and author dates (``Date:``)."""
    from ..sources.patch import read_mails

    mails = read_mails(read_bytes(path) if data is None else data, path)
    out: list[Record] = []
    for mail in mails:
        source = path if len(mails) == 1 else f"{path}:{mail.index}"
        author = parse_person(mail.author) if mail.author else None
        if author is not None and not author.email:
            author = None
        out.append(Record(source, lines=mail.lines, author=author, author_date=mail.date))
    return out


def run_patch(opts: Options, paths: list[str]) -> int:
    from ..sources.gitcmd import in_repository, quote_path_setting
    from ..sources.repo import CommitLookup

    check_repo_option(opts)
    quote_paths_as(quote_path_setting(opts.repo))
    run = settings(opts)
    rules, ctx = run.rules, run.ctx
    if not paths:
        raise UsageError("patch: no files given")
    git_dir = None
    if in_repository(opts.repo or "."):
        ctx.lookup = CommitLookup(opts.repo)
        from ..sources.index import resolve_refs

        git_dir = resolve_refs(opts.repo, [])[0]
    elif opts.repo is not None:
        raise UsageError(f"not a git repository: {opts.repo}")
    refuse_reports_over_inputs(opts, paths)
    # Every file is read and split first: one that cannot be read or holds no mail
    # is refused before anything is reported.
    files = [(path, read_bytes(path)) for path in paths]
    records = [record for path, data in files for record in mail_records(path, data)]
    msgs = [message_of(record, ctx.keys) for record in records]
    if run.archive is not None:
        ctx.verify = postings = run.archive.open(opts.repo, git_dir, ctx)
        for path, data in files:
            for source, diff in patch_diffs(path, data):
                postings.add_patch(source, diff)
    try:
        if ctx.verify is not None:
            prefetch(msgs, ctx, rules)
        with Output(run) as out:
            for msg in msgs:
                out.add(Result(msg.source, None, msg.subject, check_message(msg, ctx, rules)))
            return out.close()
    finally:
        if ctx.verify is not None:
            ctx.verify.close()  # type: ignore[attr-defined]


def patch_diffs(path: str, data: bytes) -> list[tuple[str, bytes]]:
    """``(source, diff)`` of each mail of a patch file that carries a commit, named as :func:`mail_records` names
    them."""
    from ..sources.archive import diff_text
    from ..sources.patch import parse_mail, split_mbox

    chunks = [c for c in split_mbox(data) if not parse_mail(c, path, 0).cover_letter]
    return [(path if len(chunks) == 1 else f"{path}:{i}", diff_text(chunk) or b"") for i, chunk in enumerate(chunks, 1)]


# -- check ------------------------------------------------------------------


class Progress:
    """``checked N commits`` on standard error, only on a terminal and only for long runs."""

    EVERY = 0.25

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.enabled = sys.stderr.isatty()
        self.start = self.clock()
        self.last = self.start
        self.shown = False

    def tick(self, count: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start > 1.0 and now - self.last >= self.EVERY:
            sys.stderr.write(f"\rtrailercheck: checked {count} commits")
            sys.stderr.flush()
            self.last = now
            self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def default_range(upstream: str | None, baseline: str | None) -> tuple[list[str], bool]:
    """``@{upstream}..HEAD``, else ``<baseline>..HEAD``, else just HEAD.

    Returns the revisions and whether only the tip commit is meant.
    """
    if upstream:
        return [f"{upstream}..HEAD"], False
    if baseline:
        return [f"{baseline}..HEAD"], False
    return ["HEAD"], True


def run_check(opts: Options, revisions: list[str], include_merges: bool = False, jobs: int | None = None) -> int:
    from ..sources.gitcmd import quote_path_setting
    from ..sources.repo import CommitLookup, check_revisions, open_repo, target_branch, upstream_of, where

    check_revisions(revisions)
    repo = open_repo(opts.repo)
    quote_paths_as(quote_path_setting(where(repo)))  # before any worker is forked: they print names too
    tracked = upstream_of(repo)  # the branch HEAD tracks, e.g. origin/tech/mm/fastrpc
    run = settings(
        opts.replace(
            repo=where(repo),
            target_branch=target_branch(repo, opts.target_branch, tracked),
        )
    )
    rules, ctx = run.rules, run.ctx
    ctx.lookup = CommitLookup(run.repo)
    if run.archive is not None:
        from ..sources.index import resolve_refs

        ctx.verify = run.archive.open(run.repo, resolve_refs(run.repo, [])[0], ctx)
    if rules.needs - {REPO}:
        from ..xref import CrossRef

        mode = getattr(ctx.policy, "baseline_mode", None)
        ctx.xref = CrossRef.for_rules(run.repo, rules.needs, ctx.baseline, ctx.upstream, mode)
    tip_only = False
    if not revisions:
        revisions, tip_only = default_range(tracked, ctx.baseline)
    # Checking makes and drops many small objects and no lasting reference cycles
    # (tests/test_runner.py): the cycle collector would only scan them in vain.
    import gc

    gc.freeze()
    gc.disable()
    try:
        return _check_range(run, revisions, tip_only, include_merges, jobs)
    finally:
        if ctx.xref is not None:
            ctx.xref.close()  # type: ignore[attr-defined]
        if ctx.verify is not None:
            ctx.verify.close()  # type: ignore[attr-defined]
        # What the run leaves in cycles (a finished generator holding its git process) goes
        # now, while the interpreter is whole, not at exit.
        gc.enable()
        gc.collect()


def _check_range(
    run: Settings,
    revisions: list[str],
    tip_only: bool,
    include_merges: bool,
    jobs: int | None,
) -> int:
    from ..runner import BATCH, CommitChecker, render_batches, workers_available
    from ..sources.gitcmd import log_comment
    from ..sources.gitlog import fields_of, read_batches
    from ..sources.repo import CommitLookup

    # The tip alone is HEAD itself: a merge there is skipped, never replaced by its first parent.
    where = run.repo
    batches = read_batches(
        where, revisions, include_merges=include_merges or tip_only, max_count=1 if tip_only else None, size=BATCH
    )
    if tip_only and not include_merges:
        batches = (b"" if len(fields_of(b)[1].split()) > 1 else b for b in batches)
    first = next(batches, None)  # git refuses a bad revision before any output is started
    with Output(run) as out:
        progress = Progress()
        checker = CommitChecker(run.rules, run.ctx, log_comment(where))
        workers = workers_available() if jobs is None else max(1, jobs)
        if run.ctx.verify is not None:
            workers = 1  # each posting is fetched once per run: one process asks for them all
        stream = itertools.chain([first] if first else [], batches)
        count = 0
        # Each batch is checked and rendered where it is checked (a worker); only its text and counts
        # come back, and are written here in order.
        for checked, rendered in render_batches(checker, stream, workers, out.render, lambda: CommitLookup(where)):
            out.take(checked, rendered)
            count += checked
            progress.tick(count)
        progress.done()
        return out.close()


# -- rules / explain --------------------------------------------------------


def run_rules(opts: Options, fmt: str) -> int:
    from .. import catalogue

    if fmt == "docs":
        sys.stdout.write(catalogue.docs_page())
        return 0
    run = settings(opts)
    rows = catalogue.table(run.rules)
    if fmt == "json":
        import json

        doc = {
            "profile": run.profile,
            "rules": [{"code": c, "name": n, "severity": s, "fixable": bool(f)} for c, n, s, f in rows],
        }
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    else:
        sys.stdout.write(catalogue.render_table(rows))
    return 0


def run_explain(opts: Options, ident: str) -> int:
    from .. import catalogue
    from ..rules import lookup

    rule = lookup(ident)
    if rule is None:
        raise UsageError(f"unknown rule {ident!r} (see 'trailercheck rules')")
    run = settings(opts)
    sys.stdout.write(catalogue.explain(rule, run.rules.severity_of(rule.code), run.profile))
    return 0


# -- parse ------------------------------------------------------------------


def looks_like_mail(data: bytes) -> bool:
    """A patch file or mbox, read as the ``patch`` command reads it; else a message file."""
    from ..sources.patch import split_mbox

    return bool(split_mbox(data))


def run_parse(opts: Options, paths: list[str], ranges: list[str]) -> int:
    """The model the checking commands build, with the same configuration (known trailers first)."""
    from ..model.serialize import message_json

    check_repo_option(opts)
    ctx = settings(opts).ctx
    out = sys.stdout
    if ranges:
        from ..sources.gitcmd import log_comment
        from ..sources.gitlog import read_commits
        from ..sources.repo import check_revisions, open_repo, where

        check_revisions(ranges)
        cwd = where(open_repo(opts.repo))
        comment = log_comment(cwd)
        for commit in read_commits(cwd, ranges):
            out.write(message_json(message_of(commit, ctx.keys, comment)) + "\n")
        return 0
    for path in paths or ["-"]:
        data = read_bytes(path)
        if looks_like_mail(data):
            for record in mail_records(path, data):
                out.write(message_json(message_of(record, ctx.keys)) + "\n")
        else:
            from ..sources.gitcmd import git_vars

            hook = HookInput(path, data, git_vars(opts.repo).comment)
            out.write(message_json(hook.message(ctx.keys)) + "\n")
    return 0
