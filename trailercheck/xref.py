"""Cross-reference of checked commits with the baseline and upstream refs (the X rules).

For each checked commit and each ref the question is: which commit of the
ref carries the same change? Candidates are the commits the message names as
its source (its cherry-pick lines; without one, a ``Git-commit:`` or
``Upstream-Status: Backport`` line), when they belong to the ref, whatever
their subject, and the ref's commits with the same normalised subject (from
the :class:`~trailercheck.sources.index.Index`). Their patch ids, and the
checked commit's, are computed for a whole batch of commits at once
(:class:`~trailercheck.sources.patchid.PatchIds`), and only for commits that
have candidates. The evidence of a match is ``patch-id`` (same ``git
patch-id --stable``), else ``subject`` (same normalised subject); no match
is ``none``.

In a shallow clone the history of a ref may end at the shallow boundary
(:meth:`CrossRef.truncated`): a commit missing from it may lie beyond, so
the rules give no "not there" verdict for that ref, and one warning says so.

This module is imported with the X rules; the git and SQLite machinery is only
imported when a cross-reference is opened (:meth:`CrossRef.open`).
"""

from __future__ import annotations

from .model.message import Message
from .model.patterns import LazyPattern
from .model.provenance import cherry_picks, derived_commit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .lookups import Lookup
    from .sources.index import Index, Update
    from .sources.patchid import PatchIds

PATCH_ID = "patch-id"
SUBJECT = "subject"
NONE = "none"

BASELINE = "baseline"
UPSTREAM = "upstream"
FORBID = "forbid"
REQUIRE = "require"
#: Prefixes whose commits are compared with upstream (X03-X06).
UPSTREAM_PREFIXES = frozenset({"FROMLIST", "FROMGIT", "UPSTREAM", "BACKPORT"})
#: Candidates by subject looked at per commit and ref (a subject shared by more says little).
SUBJECT_CANDIDATES = 16
#: How a message names the commit it copies, as the findings word it.
CHERRY_PICK = "cherry-picked commit"
_FULL_SHA_RE = LazyPattern(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1 or SHA-256


class Side:
    """What one ref holds for one checked commit."""

    __slots__ = ("own", "picked", "subject")

    def __init__(self, own: bool = False, subject: list[str] | None = None, picked: list[str] | None = None) -> None:
        #: The checked commit is itself a commit of the ref.
        self.own = own
        #: Commits of the ref with the same normalised subject (log order).
        self.subject = subject or []
        #: Commits the message names as its source that belong to the ref, whatever their subject.
        self.picked = picked or []

    def candidates(self) -> list[str]:
        return list(dict.fromkeys([*self.picked, *self.subject]))


class Named:
    """A line of the message that names the commit it copies."""

    __slots__ = ("full", "line", "sha", "what")

    def __init__(self, line: int, sha: str, what: str) -> None:
        self.line = line
        #: The id as written (maybe abbreviated).
        self.sha = sha
        #: ``cherry-picked commit``, or the key that names it (``Git-commit:``).
        self.what = what
        #: The full id, when it is one or the repository resolves it.
        self.full: str | None = None

    def phrase(self, shown: str | None = None) -> str:
        """``the cherry-picked commit 0123456789ab``, ``the commit 0123456789ab (Git-commit:)``;
        ``shown`` instead of the id when given."""
        shown = shown or (self.full or self.sha)[:12]
        return f"the {CHERRY_PICK} {shown}" if self.what == CHERRY_PICK else f"the commit {shown} ({self.what})"


def named_commits(msg: Message) -> list[Named]:
    """The lines naming the commit this one copies: its cherry-pick lines; without one, a
    ``Git-commit:`` or ``Upstream-Status: Backport`` line (what C01 reads as provenance too)."""
    named = [Named(pick.no, pick.sha, CHERRY_PICK) for pick in cherry_picks(msg)]
    if not named:
        derived = derived_commit(msg)
        if derived is not None:
            line, what, sha = derived
            named.append(Named(line, sha, what))
    return named


class Facts:
    """What the checked commit itself says: its normalised subject, the commits it names as its source."""

    __slots__ = ("msg", "named", "norm", "picks", "sides")

    def __init__(self, msg: Message, norm: str, named: list[Named], picks: list[str]) -> None:
        self.msg = msg
        self.norm = norm
        #: The lines naming the commit it copies (see :func:`named_commits`).
        self.named = named
        #: Full ids of the commits they name (abbreviated ones resolved when possible).
        self.picks = picks
        self.sides: dict[str, Side] = {}

    def naming(self, sha: str) -> Named | None:
        """The line that names the commit ``sha`` (a full id)."""
        return next((named for named in self.named if named.full == sha), None)


class Match:
    """The commit of a ref that carries a checked commit's change, and how we know."""

    __slots__ = ("evidence", "sha")

    def __init__(self, sha: str, evidence: str) -> None:
        self.sha = sha
        self.evidence = evidence

    def __repr__(self) -> str:
        return f"Match({self.sha[:12]}, {self.evidence})"


def title(msg: Message) -> str:
    """The subject as ``git log --format=%s`` prints it: the title paragraph on one line."""
    if msg.subject_index is None:
        return ""
    return " ".join(line.content for line in msg.lines[msg.subject_index : msg.title_end])


class CrossRef:
    """The baseline and upstream refs of a run, their index, and the patch ids computed so far."""

    def __init__(
        self,
        index: Index,
        patch_ids: PatchIds,
        baseline: str | None = None,
        upstream: str | None = None,
        mode: str | None = None,
    ) -> None:
        self.index = index
        self.patch_ids = patch_ids
        self.refs = {BASELINE: baseline, UPSTREAM: upstream}
        #: The branch policy's ``baseline-mode``: ``forbid``, ``require`` or None (X01/X02 do not run).
        self.mode = mode
        self.updates: list[Update] = []
        self._facts: dict[int, Facts] = {}
        self._grants: frozenset[str] | None = None

    @classmethod
    def for_rules(
        cls, cwd: str | None, needs: frozenset[str], baseline: str | None, upstream: str | None, mode: str | None
    ) -> CrossRef | None:
        """The cross-reference that rules needing ``needs`` use, or None when none of them needs one:
        the one place that decides whether a run compares with the refs, and with which.

        The baseline is opened under a branch policy's ``baseline-mode`` that a rule needs
        (``baseline-forbid``: X01, ``baseline-require``: X02); upstream when a rule needs it.
        """
        wanted_baseline = baseline if mode and f"baseline-{mode}" in needs else None
        wanted_upstream = upstream if "upstream" in needs else None
        if not (wanted_baseline or wanted_upstream):
            return None
        return cls.open(cwd, wanted_baseline, wanted_upstream, mode)

    @property
    def grants(self) -> frozenset[str]:
        """What of :data:`trailercheck.rules.base.NEEDS` this cross-reference offers: the refs it has
        (the baseline under its mode), and their whole histories where no shallow clone cuts them."""
        if self._grants is None:
            offered = set()
            if self.baseline is not None and self.mode:
                offered.add(f"baseline-{self.mode}")
                if not self.truncated(BASELINE):
                    offered.add("baseline-history")
            if self.upstream is not None:
                offered.add("upstream")
                if not self.truncated(UPSTREAM):
                    offered.add("upstream-history")
            self._grants = frozenset(offered)
        return self._grants

    @classmethod
    def open(
        cls,
        cwd: str | None,
        baseline: str | None,
        upstream: str | None,
        mode: str | None = None,
        rebuild: bool = False,
    ) -> CrossRef:
        """Resolve the refs in the repository at ``cwd`` and bring their index up to date."""
        from .sources.index import Index, resolve_refs
        from .sources.patchid import PatchIds

        refs = [r for r in dict.fromkeys([baseline, upstream]) if r]
        git_dir, tips = resolve_refs(cwd, refs)
        index = Index(git_dir, cwd)
        xref = cls(index, PatchIds(cwd, index.boundary), baseline, upstream, mode)
        for ref, tip in zip(refs, tips, strict=True):
            xref.updates.append(index.update(ref, tip, rebuild))
        cut = [ref for ref in refs if index.cut(ref)]
        if cut:
            index.report(xref.shallow_warning(cut))
        return xref

    def shallow_warning(self, cut: list[str]) -> str:
        """The one line that says what a shallow history of the refs ``cut`` leaves unchecked."""
        codes = []
        if self.mode == REQUIRE and self.baseline in cut:
            codes.append("X02")
        if self.upstream in cut:
            codes.append("X04")
        names = " and ".join(cut)
        unreported = f"{'/'.join(codes)} {'is' if len(codes) == 1 else 'are'} not reported and " if codes else ""
        return (
            f"the history of {names} ends at the shallow boundary of this clone: {unreported}"
            "commits beyond it are not compared (git fetch --unshallow for a full check)"
        )

    @property
    def baseline(self) -> str | None:
        return self.refs[BASELINE]

    @property
    def upstream(self) -> str | None:
        return self.refs[UPSTREAM]

    def truncated(self, side: str) -> bool:
        """Whether the history of the ref of ``side`` ends at the shallow boundary (a commit
        missing from it may lie beyond: "not there" cannot be told)."""
        ref = self.refs[side]
        return ref is not None and bool(self.index.cut(ref))

    # -- gathering, a batch at a time ------------------------------------------

    def relevant(self, msg: Message, side: str) -> bool:
        """Whether any X rule compares this commit with the ref of ``side``."""
        if side == BASELINE:
            return self.mode in (FORBID, REQUIRE)
        return not UPSTREAM_PREFIXES.isdisjoint(msg.prefixes.valid)

    def prepare(self, msgs: Iterable[Message], side: str, lookup: Lookup | None = None) -> None:
        """Look up the candidates of every message in the ref of ``side``, and queue their patch ids."""
        ref = self.refs[side]
        if ref is None:
            return
        msgs = list(msgs)
        if len(self._facts) > 4 * max(len(msgs), 1024):
            self._facts.clear()  # the facts of earlier batches
        todo = [m for m in msgs if side not in self.facts(m, lookup).sides]
        index = self.index
        for msg in todo:
            facts = self.facts(msg, lookup)
            if not self.relevant(msg, side):
                facts.sides[side] = Side()
                continue
            same = index.with_subject(ref, facts.norm, SUBJECT_CANDIDATES + 1) if facts.norm else []
            # A commit of the ref with this subject is among them, unless there are too many to list.
            crowded = len(same) > SUBJECT_CANDIDATES
            own = msg.commit is not None and (
                msg.commit in same or (crowded and index.contains(ref, msg.commit, facts.norm))
            )
            subject = [s for s in same if s != msg.commit][:SUBJECT_CANDIDATES]
            # A named commit is the reference whatever its subject: the index is asked by its id.
            picked = [
                s
                for s in facts.picks
                if s != msg.commit and (s in same or index.contains(ref, s, facts.norm, ask_git=True))
            ]
            found = Side(own, subject, picked)
            facts.sides[side] = found
            candidates = found.candidates()
            if msg.commit is not None and candidates and not own:
                self.patch_ids.want([msg.commit, *candidates])

    def facts(self, msg: Message, lookup: Lookup | None = None) -> Facts:
        entry = self._facts.get(id(msg))
        if entry is not None and entry.msg is msg:
            return entry
        named = named_commits(msg)
        short: list[Named] = []
        for pick in named:
            sha = pick.sha.lower()
            if _FULL_SHA_RE.fullmatch(sha):
                pick.full = sha
            elif lookup is not None:
                short.append(pick)
        if short and lookup is not None:
            lookup.prefetch([pick.sha.lower() for pick in short])
            for pick in short:
                resolved = lookup.resolve(pick.sha.lower())
                if resolved is not None:
                    pick.full = resolved[0]
        from .model.subjects import normalize_subject  # not on the commit-msg hook's path

        picks = list(dict.fromkeys(pick.full for pick in named if pick.full is not None))
        facts = Facts(msg, normalize_subject(title(msg)), named, picks)
        self._facts[id(msg)] = facts
        return facts

    def side(self, msg: Message, side: str, lookup: Lookup | None = None) -> Side:
        facts = self.facts(msg, lookup)
        if side not in facts.sides:
            self.prepare([msg], side, lookup)
        return facts.sides.get(side) or Side()

    def close(self) -> None:
        self.index.close()

    # -- answers -------------------------------------------------------------

    def patch_id(self, sha: str) -> str | None:
        return self.patch_ids.get(sha)

    def same_patch(self, msg: Message, candidates: list[str]) -> str | None:
        """The first candidate whose patch id equals the checked commit's."""
        if msg.commit is None or not candidates:
            return None
        own = self.patch_ids.get(msg.commit)
        if own is None:
            return None
        for sha in candidates:
            if self.patch_ids.get(sha) == own:
                return sha
        return None

    def match(self, msg: Message, side: str, lookup: Lookup | None = None) -> Match | None:
        """The commit of the ref of ``side`` with the same patch id, else the same subject; None when
        there is none, or when the checked commit is itself part of the ref."""
        found = self.side(msg, side, lookup)
        if found.own:
            return None
        same = self.same_patch(msg, found.candidates())
        if same is not None:
            return Match(same, PATCH_ID)
        if found.subject:
            return Match(found.subject[0], SUBJECT)
        return None
