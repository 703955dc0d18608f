"""Rewriting the messages of a line of commits, and nothing else about them.

A commit object is kept as git stores it: its headers (tree, author and
committer with their dates, ``encoding`` and any other header) are copied
byte for byte; only the message changes, and the ``parent`` line of each
commit after the first rewritten one. A signature (``gpgsig``,
``gpgsig-sha256``) signs the old bytes: it is dropped from a rewritten
commit, and the caller says so.

The new objects' ids are computed here (git's own object hash), so that the
whole line is built in memory and written as one pack by one ``git
index-pack`` process; git must then hold every object under its computed id. Notes are copied
by one ``git notes copy --stdin`` per notes ref, and the branch is moved
with its backup in one ``git update-ref --stdin`` transaction that checks
its old value.
"""

from __future__ import annotations

import hashlib
import os

from .engine import RuleSet, check_message, prefetch
from .errors import UsageError
from .findings import Finding
from .fix import apply_edits
from .model.person import ident_time, parse_ident
from .model.text import decode, encode
from .rules import REGISTRY, Context
from .sources.gitcmd import GitError, run
from .sources.record import Record, message_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final

    from .model.message import Message

#: Rounds of fix-and-recheck before giving up on a message that keeps changing (as ``msg --fix``).
MAX_FIX_ROUNDS: Final = 8
#: Headers that sign the commit's bytes: they no longer match once anything changes.
SIGNATURES: Final = (b"gpgsig", b"gpgsig-sha256")
#: Names of UTF-8 in an ``encoding`` header (git's own spellings).
UTF8: Final = frozenset({"utf-8", "utf8"})


class RawCommit:
    """A commit object split into its header fields (each with its continuation lines) and its message."""

    __slots__ = ("bare", "fields", "message", "sha")

    def __init__(self, sha: str, raw: bytes) -> None:
        self.sha = sha
        head, sep, message = raw.partition(b"\n\n")
        #: Whether the headers end the object, without the blank line before a message.
        self.bare = not sep
        if self.bare:
            head = raw.removesuffix(b"\n")
        #: ``(name, whole field)``: the field's bytes with its continuation lines, without the last newline.
        self.fields: list[tuple[bytes, bytes]] = []
        for line in head.split(b"\n"):
            if line.startswith(b" ") and self.fields:
                name, field = self.fields[-1]
                self.fields[-1] = (name, field + b"\n" + line)
            else:
                self.fields.append((line.partition(b" ")[0], line))
        self.message = message

    def header(self, name: bytes) -> bytes | None:
        """The value of the first field ``name`` (its first line), or None."""
        for key, field in self.fields:
            if key == name:
                return field[len(name) + 1 :].split(b"\n", 1)[0]
        return None

    @property
    def parents(self) -> list[str]:
        return [field[7:].decode("ascii") for key, field in self.fields if key == b"parent"]

    @property
    def encoding(self) -> str | None:
        """The ``encoding`` header when it names something other than UTF-8."""
        value = self.header(b"encoding")
        if value is None:
            return None
        name = value.decode("ascii", "replace").strip()
        return None if name.lower() in UTF8 else name

    @property
    def signed(self) -> bool:
        return any(key in SIGNATURES for key, _ in self.fields)

    def rebuilt(self, parents: dict[str, str], message: bytes) -> bytes:
        """The object with ``message``, its parents renamed by ``parents``, its signature dropped."""
        out: list[bytes] = []
        for key, field in self.fields:
            if key in SIGNATURES:
                continue
            if key == b"parent":
                old = field[7:].decode("ascii")
                field = b"parent " + parents.get(old, old).encode("ascii")
            out.append(field)
        if self.bare and not message:
            return b"\n".join(out) + b"\n"
        return b"\n".join(out) + b"\n\n" + message


def object_id(raw: bytes, object_format: str) -> str:
    """The id git gives the commit object ``raw`` in a repository of ``object_format`` (sha1, sha256)."""
    digest = hashlib.sha256() if object_format == "sha256" else hashlib.sha1()  # git's object id
    digest.update(b"commit %d\0" % len(raw))
    digest.update(raw)
    return digest.hexdigest()


class Skipped(Exception):
    """A commit whose message cannot be fixed safely; the reason is the message."""


class Fixed:
    """What fixing one commit's message gave: the new message (None: unchanged) and the findings."""

    __slots__ = ("commit", "fixed", "left", "message", "new_text", "subject", "text", "warning")

    def __init__(self, commit: RawCommit, text: str, subject: str) -> None:
        self.commit = commit
        #: The message as the rules read it, before and after.
        self.text = text
        self.new_text = text
        self.subject = subject
        #: The new message bytes, None when nothing changed.
        self.message: bytes | None = None
        self.fixed: list[Finding] = []
        #: Findings with no certain fix, left for the author.
        self.left: list[Finding] = []
        #: Why the commit was left as it is although it had certain fixes, if it was.
        self.warning: str | None = None


def certain(finding: Finding) -> bool:
    """Whether ``trailercheck fix`` applies the finding's fix (the rule marks its fixes certain)."""
    rule = REGISTRY.get(finding.code)
    return finding.fixable and rule is not None and rule.certain_fix


class MessageFixer:
    """The certain fixes of the run's rules, applied to commit messages as ``msg --fix`` applies them."""

    def __init__(self, rules: RuleSet, ctx: Context, comment: str) -> None:
        self.rules = rules
        self.ctx = ctx
        self.comment = comment

    def record(self, commit: RawCommit, text: str) -> Record:
        encoding = commit.encoding or "utf-8"
        author = _ident(commit.header(b"author"), encoding)
        committer = _ident(commit.header(b"committer"), encoding)
        return Record(
            commit.sha[:12],
            text=text,
            commit=commit.sha,
            parents=commit.parents,
            author=parse_ident(author) if author else None,
            committer=parse_ident(committer) if committer else None,
            author_date=ident_time(author) if author else None,
        )

    def message(self, commit: RawCommit, text: str) -> Message:
        return message_of(self.record(commit, text), self.ctx.keys, self.comment)

    def fix_all(self, commits: list[RawCommit]) -> list[Fixed]:
        """Each commit's fixes, in order; the repository lookups of all of them first, in one go."""
        texts: list[str | None] = []
        for commit in commits:
            try:
                texts.append(read_text(commit))
            except Skipped:
                texts.append(None)
        msgs = [self.message(c, t) for c, t in zip(commits, texts, strict=True) if t is not None]
        prefetch(msgs, self.ctx, self.rules)
        out: list[Fixed] = []
        found = iter(msgs)
        for commit, text in zip(commits, texts, strict=True):
            if text is None:
                done = Fixed(commit, "", decode(commit.message.split(b"\n", 1)[0]))
                done.warning = f"its message is not valid {commit.encoding}: left as it is"
            else:
                done = self.fix(commit, text, next(found))
            out.append(done)
        return out

    def fix(self, commit: RawCommit, text: str, msg: Message) -> Fixed:
        """Fix, re-check and repeat, as ``msg --fix`` does, with the certain fixes only."""
        done = Fixed(commit, text, msg.subject)
        findings = check_message(msg, self.ctx, self.rules)
        for _ in range(MAX_FIX_ROUNDS):
            chosen = [f for f in findings if certain(f)]
            if not chosen:
                break
            new, applied = apply_edits(msg.lines, chosen)
            if not applied:
                break
            done.fixed.extend(applied)
            text = new
            msg = self.message(commit, text)
            findings = check_message(msg, self.ctx, self.rules)
        done.left = findings
        if text != done.text:
            try:
                done.message = write_text(commit, text)
                done.new_text = text
            except Skipped as exc:
                done.warning = str(exc)
                done.fixed = []
                done.left = check_message(self.message(commit, done.text), self.ctx, self.rules)
        return done


def _ident(value: bytes | None, encoding: str) -> str | None:
    if value is None:
        return None
    try:
        return value.decode(encoding) if encoding != "utf-8" else decode(value)
    except (LookupError, UnicodeDecodeError):
        return decode(value)


def read_text(commit: RawCommit) -> str:
    """The message as ``check`` reads it: UTF-8 kept byte for byte, another ``encoding`` decoded.

    :class:`Skipped` when the message is not in the encoding its header names, or when
    decoding it and encoding it again would not give the same bytes.
    """
    encoding = commit.encoding
    if encoding is None:
        return decode(commit.message)
    try:
        text = commit.message.decode(encoding)
        if text.encode(encoding) == commit.message:
            return text
    except (LookupError, UnicodeError):
        pass
    raise Skipped(f"its message is not valid {encoding}: left as it is")


def write_text(commit: RawCommit, text: str) -> bytes:
    """The message bytes of ``text`` in the commit's own encoding."""
    encoding = commit.encoding
    if encoding is None:
        return encode(text)
    try:
        return text.encode(encoding)
    except (LookupError, UnicodeError):
        raise Skipped(f"the fixed message cannot be written in {encoding}: left as it is") from None


class Rewrite:
    """The new line of commits: ``(old id, new id, new object)`` for each commit that changes."""

    def __init__(self, fixed: list[Fixed], object_format: str) -> None:
        renamed: dict[str, str] = {}
        self.objects: list[tuple[str, str, bytes]] = []
        #: Commits whose signature is dropped.
        self.unsigned: list[str] = []
        for done in fixed:
            commit = done.commit
            moved = any(p in renamed for p in commit.parents)
            if done.message is None and not moved:
                continue
            raw = commit.rebuilt(renamed, commit.message if done.message is None else done.message)
            new = object_id(raw, object_format)
            renamed[commit.sha] = new
            self.objects.append((commit.sha, new, raw))
            if commit.signed:
                self.unsigned.append(commit.sha)
        self.renamed = renamed

    def tip(self, old: str) -> str:
        return self.renamed.get(old, old)


def pack_of(raws: list[bytes], object_format: str) -> bytes:
    """A pack file holding the commit objects ``raws`` whole (no deltas), as ``git index-pack`` reads it."""
    import struct
    import zlib

    parts = [b"PACK", struct.pack(">II", 2, len(raws))]
    for raw in raws:
        size = len(raw)
        byte = (1 << 4) | (size & 0x0F)  # type 1: commit; the size's low four bits
        size >>= 4
        header = bytearray()
        while size:
            header.append(byte | 0x80)
            byte = size & 0x7F
            size >>= 7
        header.append(byte)
        parts += [bytes(header), zlib.compress(raw, 1)]
    data = b"".join(parts)
    digest = hashlib.sha256() if object_format == "sha256" else hashlib.sha1()
    digest.update(data)
    return data + digest.digest()


def write_objects(cwd: str, objects: Iterable[tuple[str, str, bytes]], object_format: str = "sha1") -> None:
    """Store the commit objects as one pack (one ``git index-pack``), then make sure git has each one
    under the id computed for it (one ``git cat-file --batch-check``)."""
    objects = list(objects)
    if not objects:
        return
    run(["index-pack", "--stdin"], cwd, pack_of([raw for _, _, raw in objects], object_format))
    expected = [new for _, new, _ in objects]
    out = decode(run(["cat-file", "--batch-check"], cwd, "".join(f"{new}\n" for new in expected).encode("ascii")))
    if [line.split()[:2] for line in out.splitlines()] != [[new, "commit"] for new in expected]:
        raise UsageError("git does not hold the rewritten commits under the ids computed for them: nothing was moved")


def notes_refs(cwd: str) -> list[str]:
    """The notes refs whose notes follow a rewritten commit: ``refs/notes/commits`` and ``notes.rewriteRef``
    (``$GIT_NOTES_REWRITE_REF`` when set), those that exist."""
    env = os.environ.get("GIT_NOTES_REWRITE_REF")
    if env is not None:
        patterns = [p for p in env.split(":") if p]
    else:
        try:
            out = run(["config", "--get-all", "notes.rewriteRef"], cwd)
        except GitError:  # not set
            out = b""
        patterns = decode(out).split()
    patterns = ["refs/notes/commits", *patterns]
    listed = run(["for-each-ref", "--format=%(refname)", *patterns], cwd)
    exact = [p for p in patterns if "*" not in p]
    # for-each-ref matches a pattern as a prefix too: a ref named exactly, or by a glob, counts.
    refs = [ref for ref in decode(listed).split() if ref in exact or any("*" in p and _glob(p, ref) for p in patterns)]
    return list(dict.fromkeys(refs))


def _glob(pattern: str, ref: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(ref, pattern)


def copy_notes(cwd: str, pairs: list[tuple[str, str]], refs: list[str]) -> None:
    """Give each new commit the notes of the old one in every notes ref (one process per ref).

    A new commit may have notes already: the same fix of the same commit made before (and undone
    with the backup ref) gives the same id. Its notes are the old commit's, as they are now.
    """
    if not pairs:
        return
    listing = "".join(f"{old} {new}\n" for old, new in pairs).encode("ascii")
    for ref in refs:
        try:
            run(["notes", "--ref", ref, "copy", "-f", "--stdin"], cwd, listing)
        except GitError as exc:
            raise UsageError(f"the notes of {ref} were not copied ({exc}): nothing was moved") from None


def move(cwd: str, ref: str, new: str, old: str, backup: str, reason: str) -> None:
    """Point ``ref`` at ``new`` if it still holds ``old``, and ``backup`` at ``old``: both or neither."""
    script = f"update {ref} {new} {old}\nupdate {backup} {old}\n".encode("utf-8", "surrogateescape")
    run(["update-ref", "--create-reflog", "-m", reason, "--stdin"], cwd, script)
