"""The rule registry: every rule declares who it is, why it exists and how to fix it."""

from __future__ import annotations

from operator import attrgetter

from ..findings import ERROR, OFF, Edit, Finding
from ..model.keys import DEFAULT_KEYS, KeySet
from ..model.links import DEFAULT_LORE_HOSTS
from ..model.message import Message
from ..model.text import FINDING_TEXT, excerpt
from ..profiles import DEFAULT_PROFILE, PROFILES, Profile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final

    from ..lookups import Lookup

#: What a rule may need beyond the message (``Rule.needs``); the run grants what it has
#: (:meth:`Context.granted`) and the engine runs a rule only when all it needs is granted.
REPO: Final = "repo"  # commit lookups in a repository
BASELINE_FORBID: Final = "baseline-forbid"  # the baseline ref, under baseline-mode = "forbid"
BASELINE_REQUIRE: Final = "baseline-require"  # the baseline ref, under baseline-mode = "require"
BASELINE_HISTORY: Final = "baseline-history"  # the baseline's whole history (not cut by a shallow clone)
UPSTREAM_REF: Final = "upstream"  # the upstream ref
UPSTREAM_HISTORY: Final = "upstream-history"  # the upstream's whole history
ARCHIVE: Final = "archive"  # the postings of the archive (--online, --archive)
NEEDS: Final = frozenset(
    {REPO, BASELINE_FORBID, BASELINE_REQUIRE, BASELINE_HISTORY, UPSTREAM_REF, UPSTREAM_HISTORY, ARCHIVE}
)

_NOTHING: Final[frozenset[str]] = frozenset()
_REPO_ONLY: Final = frozenset({REPO})

#: What a message may have that a rule can only fire on (``Rule.only_when``); most messages have none of it.
IRREGULAR_TRAILERS: Final = "irregular-trailers"  # Message.irregular_trailers(): a trailer not written "Key: value"
PREFIX_TOKENS: Final = "prefix-tokens"  # a prefix in the subject, well-formed or not
SPLIT_BLOCKS: Final = "split-blocks"  # a trailer paragraph a blank line cut off from the final one
#: A trailer git does not read: a ``Key: value`` line in the body, or a last paragraph git takes for text.
TRAILERS_OUTSIDE: Final = "trailers-outside"


def _trailers_outside(msg: Message) -> bool:
    return msg.unseen is not None or bool(msg.loose())


#: What each ``only_when`` reads of a message: false (empty) when the message has none of it.
WHEN_TESTS: Final[dict[str, Callable[[Message], object]]] = {
    IRREGULAR_TRAILERS: Message.irregular_trailers,
    PREFIX_TOKENS: attrgetter("prefixes.tokens"),
    SPLIT_BLOCKS: attrgetter("split_blocks"),
    TRAILERS_OUTSIDE: _trailers_outside,
}
WHEN: Final = frozenset(WHEN_TESTS)


def has(msg: Message, when: str) -> bool:
    """Whether ``msg`` has what ``when`` (one of :data:`WHEN`) names."""
    test = WHEN_TESTS.get(when)
    if test is None:
        raise ValueError(f"unknown only_when {when!r}")
    return bool(test(msg))


FAMILIES: Final = {
    "S": "subject and prefix",
    "L": "Link to the posting",
    "T": "trailer block",
    "O": "sign-offs and authorship",
    "F": "Fixes",
    "C": "provenance of picked commits",
    "X": "cross-reference",
    "M": "other trailers",
    "V": "the posting behind the Link",
}


class Context:
    """What rules may know beyond the message: the run's profile, configuration and repository.

    What belongs to one message (its author, committer and author date) is on the message.
    """

    __slots__ = (
        "active",
        "baseline",
        "keys",
        "lookup",
        "lore_hosts",
        "policy",
        "prefixes",
        "profile",
        "upstream",
        "verify",
        "xref",
    )

    def __init__(
        self,
        profile: Profile | None = None,
        *,
        keys: KeySet = DEFAULT_KEYS,
        lore_hosts: tuple[str, ...] = DEFAULT_LORE_HOSTS,
        prefixes: tuple[str, ...] | None = None,
    ) -> None:
        self.profile = profile or PROFILES[DEFAULT_PROFILE]
        self.keys = keys
        self.lore_hosts = lore_hosts
        #: Prefixes allowed here: the branch policy's, else the profile's.
        self.prefixes = self.profile.prefixes if prefixes is None else prefixes
        #: The integration branch and mainline refs (X rules), the branch policy in force.
        self.baseline: str | None = None
        self.upstream: str | None = None
        self.policy: object | None = None
        #: Commit lookups in the repository (F02/F03), when there is one.
        self.lookup: Lookup | None = None
        #: Cross-reference with the baseline and upstream refs (X rules), when configured.
        self.xref: object | None = None
        #: The postings behind the links (V rules, L01's hint), with --online or --archive.
        self.verify: object | None = None
        #: Codes of the rules that run (the engine sets them): a rule may leave a finding to
        #: another one that reports the same cause, when that one runs.
        self.active: frozenset[str] = frozenset(REGISTRY)

    def granted(self) -> frozenset[str]:
        """What rules may need (:data:`NEEDS`) that this run has: a repository, what its
        cross-reference offers (:attr:`trailercheck.xref.CrossRef.grants`), and the archive."""
        xref = self.xref
        if xref is None and self.verify is None:  # the usual run, asked once per message: nothing to build
            return _REPO_ONLY if self.lookup is not None else _NOTHING
        offered: frozenset[str] = _NOTHING if xref is None else getattr(xref, "grants", _NOTHING)
        if self.verify is not None:
            offered |= {ARCHIVE}
        return offered | {REPO} if self.lookup is not None else offered


class Rule:
    """Base class of all rules. Subclasses set the class attributes and ``check``."""

    code: str = ""
    name: str = ""
    summary: str = ""
    why: str = ""
    bad: str = ""
    good: str = ""
    #: How to fix it, in words.
    howto: str = ""
    fixable: bool = False
    #: Whether ``trailercheck fix RANGE`` may apply the fix to commits on its own. False for a fix
    #: that makes a choice the author has to confirm (``msg --fix`` still applies it, under the
    #: author's eyes); a fix that needs the repository counts when the repository answers.
    fix_certain: bool = True
    #: What the rule needs beyond the message (:data:`NEEDS`); the engine skips it when the run lacks any.
    needs: frozenset[str] = frozenset()
    #: Severity when enabled.
    default: str = ERROR
    #: Per-profile severity where it differs from ``default`` (``off`` disables).
    profiles: dict[str, str] = {}
    #: The rule can only fire on messages with one of these trailers (lower-case keys)...
    only_with: frozenset[str] = frozenset()
    #: ... or with one of these well-formed prefixes. The engine skips it otherwise...
    only_prefixes: frozenset[str] = frozenset()
    #: ... and when the subject has one of these well-formed prefixes; and on messages that lack
    #: what this names (one of :data:`WHEN`, "" for no such gate).
    without_prefixes: frozenset[str] = frozenset()
    only_when: str = ""

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def certain_fix(self) -> bool:
        """Whether the rule's fixes are certain enough for ``trailercheck fix RANGE``."""
        return self.fixable and self.fix_certain

    def severity_in(self, profile: str) -> str:
        return self.profiles.get(profile, self.default)

    def enabled_severity(self) -> str:
        return self.default if self.default != OFF else "warning"

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        """The rule's findings on ``msg``, in the order they are reported: an empty list when it has none.

        Most rules find nothing in most messages: return ``[]`` as early as the cheapest test allows,
        and build one list where there are several findings (a list costs less than a generator).
        """
        raise NotImplementedError

    def wants(self, msg: Message) -> list[str]:
        """Revisions ``check`` will look up in the repository (fetched ahead, for many messages at once)."""
        return []

    def prepare(self, msgs: list[Message], ctx: Context) -> None:
        """Work done once for a whole batch of messages before ``check`` runs on each of them."""

    def finding(
        self,
        line: int | None,
        message: str,
        fix: str | None = None,
        edits: list[Edit] | None = None,
    ) -> Finding:
        # Each quote of the user's text is an excerpt already; this bounds the rest (a list of them).
        return Finding(
            self.code,
            self.name,
            line,
            excerpt(message, FINDING_TEXT),
            None if fix is None else excerpt(fix, FINDING_TEXT),
            edits,
        )


REGISTRY: Final[dict[str, Rule]] = {}
_BY_NAME: Final[dict[str, Rule]] = {}


def register(*classes: type[Rule]) -> None:
    """Add rules to the registry (each family module lists its rules at its end)."""
    for cls in classes:
        rule = cls()
        if rule.code in REGISTRY or rule.name in _BY_NAME:
            raise ValueError(f"duplicate rule {rule.code} {rule.name}")
        if rule.only_when and rule.only_when not in WHEN:
            raise ValueError(f"{rule.code}: unknown only_when {rule.only_when!r}")
        REGISTRY[rule.code] = rule
        _BY_NAME[rule.name] = rule


#: The families whose every rule needs what only a run over commits or postings has (the refs, the
#: archive), by their module in this package. Importing the package leaves them out: the commit-msg
#: hook never runs them. They register when a run may use them (:func:`load_deferred`), when a rule
#: is asked for that the registry lacks (:func:`lookup`, :func:`matching`), and when the package's
#: ``REGISTRY`` is read (the whole catalogue).
DEFERRED: Final = {"X": "xref", "V": "verify"}
_DEFERRED_LOADED: Final[list[bool]] = []


def load_deferred() -> None:
    """Register the rules of the :data:`DEFERRED` families (once)."""
    if not _DEFERRED_LOADED:
        from . import verify, xref  # noqa: F401  (registration)

        _DEFERRED_LOADED.append(True)


def lookup(ident: str) -> Rule | None:
    """A rule by code (any case) or kebab-case name."""
    rule = REGISTRY.get(ident.upper()) or _BY_NAME.get(ident.lower())
    if rule is None and not _DEFERRED_LOADED:
        load_deferred()
        rule = REGISTRY.get(ident.upper()) or _BY_NAME.get(ident.lower())
    return rule


def matching(selector: str) -> list[Rule]:
    """Rules a selector names: a code, a name, a family letter or a code prefix."""
    rule = lookup(selector)  # anything but a registered code or name loads the whole catalogue
    if rule is not None:
        return [rule]
    up = selector.upper()
    return [r for code, r in sorted(REGISTRY.items()) if code.startswith(up)] if up else []


def subject_no(msg: Message) -> int:
    line = msg.subject_line
    return line.no if line is not None else (msg.lines[0].no if msg.lines else 1)
