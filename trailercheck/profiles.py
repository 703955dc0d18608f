"""Profiles: the conventions of one ecosystem (qcom, android, chromeos, upstream).

A profile only sets defaults: which prefixes exist, how they combine, which
need a ``Link:``, and (declared on each rule) each rule's severity.
"""

from __future__ import annotations

from .model.keys import KNOWN_KEYS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: The combinations every profile with prefixes accepts: a backport of a posting or of a
#: maintainer-tree commit.
ALLOWED_COMBOS: Final[tuple[tuple[str, ...], ...]] = (("BACKPORT", "FROMLIST"), ("BACKPORT", "FROMGIT"))


class Profile:
    __slots__ = (
        "am_from_is_link",
        "combos",
        "description",
        "fields",
        "keys",
        "link_required",
        "markers",
        "name",
        "prefixes",
        "rebase_notes",
        "revert_inherits",
    )

    def __init__(
        self,
        name: str,
        prefixes: tuple[str, ...],
        link_required: tuple[str, ...],
        revert_inherits: bool,
        description: str,
        am_from_is_link: bool = False,
        fields: tuple[str, ...] = (),
        combos: tuple[tuple[str, ...], ...] = ALLOWED_COMBOS,
        markers: tuple[str, ...] = (),
        rebase_notes: bool = False,
        keys: tuple[str, ...] = KNOWN_KEYS,
    ) -> None:
        self.name: Final = name
        #: Prefixes allowed; empty means the ecosystem uses none (S01 off).
        self.prefixes: Final = prefixes
        #: Prefixes whose commits need a ``Link:`` to the posting.
        self.link_required: Final = link_required
        #: ``Revert "FROMLIST: x"`` inherits the reverted commit's provenance.
        self.revert_inherits: Final = revert_inherits
        self.description: Final = description
        #: An ``(am from <url>)`` line stands in for the ``Link:`` (ChromeOS).
        self.am_from_is_link: Final = am_from_is_link
        #: ``NAME=value`` lines of the ecosystem (ChromeOS ``BUG=``/``TEST=``): a paragraph of
        #: them follows the upstream trailers and precedes the final trailer block.
        self.fields: Final = fields
        #: Runs of several prefixes that say one thing (``BACKPORT: FROMLIST:``).
        self.combos: Final = combos
        #: Prefixes that say what is done with a commit rather than where it comes from
        #: (Android ``NOUPSTREAM:``, ChromeOS ``FIXUP:``/``HACK:``): each may stand alone or
        #: lead the subject before the prefix or combination that gives the provenance.
        self.markers: Final = markers
        #: The rebase tooling puts its notes (``[rebase419(groeck): ...]``, a ``Conflicts:`` list)
        #: and the re-signer's sign-off in paragraphs of their own (ChromeOS): from the first
        #: of them on, the trailer paragraphs are one block.
        self.rebase_notes: Final = rebase_notes
        #: The trailer keys known in this ecosystem (``known-trailers`` adds to them).
        self.keys: Final = keys

    def combination_allowed(self, names: tuple[str, ...]) -> bool:
        """Whether the prefixes ``names``, in this order, form one valid declaration."""
        i = 0
        while i < len(names) and names[i] in self.markers and names[i] not in names[:i]:
            i += 1
        rest = names[i:]
        if len(rest) <= 1:
            return not rest or rest[0] not in self.markers
        return rest in self.combos

    def combinations(self) -> str:
        """The combinations this profile accepts, in words (for messages)."""
        parts = [" ".join(f"{n}:" for n in combo) for combo in self.combos]
        parts += [f"{m}: before another prefix" for m in self.markers]
        return ", ".join(parts) or "none"


PROFILES: Final[dict[str, Profile]] = {
    p.name: p
    for p in (
        Profile(
            "qcom",
            ("FROMLIST", "FROMGIT", "UPSTREAM", "BACKPORT", "QCLINUX", "PENDING", "WORKAROUND"),
            ("FROMLIST", "FROMGIT", "UPSTREAM", "BACKPORT"),
            False,
            "Qualcomm downstream kernel trees (qcom-next, topic and product branches)",
        ),
        Profile(
            # The Android Common Kernel's "how do I submit patches": a subject is tagged
            # UPSTREAM:, BACKPORT:, FROMGIT:, FROMLIST: or ANDROID:; NOUPSTREAM: marks a
            # change that is never to go upstream (NOUPSTREAM: ANDROID: ...).
            "android",
            ("UPSTREAM", "BACKPORT", "FROMGIT", "FROMLIST", "ANDROID", "NOUPSTREAM"),
            ("FROMLIST",),
            True,
            "Android common kernels",
            markers=("NOUPSTREAM",),
        ),
        Profile(
            # ChromiumOS kernel trees: CHROMIUM: for ChromeOS-only changes, ANDROID: for the
            # Android patches they carry, BACKPORT: UPSTREAM: for a mainline commit that needed
            # changes, and FIXUP:/HACK: leading a subject (FIXUP: FROMLIST: ..., HACK: CHROMIUM: ...).
            "chromeos",
            ("UPSTREAM", "BACKPORT", "FROMGIT", "FROMLIST", "CHROMIUM", "ANDROID", "FIXUP", "HACK"),
            ("FROMLIST",),
            True,
            "ChromeOS kernels",
            am_from_is_link=True,
            fields=("BUG=", "TEST="),
            rebase_notes=True,
            combos=(*ALLOWED_COMBOS, ("BACKPORT", "UPSTREAM")),
            markers=("FIXUP", "HACK"),
        ),
        Profile(
            "upstream",
            (),
            (),
            False,
            "patches for kernel.org trees",
            # Android's Bug:/Test: are no kernel.org trailers: a "TEST: booted on QEMU" paragraph is text.
            keys=tuple(k for k in KNOWN_KEYS if k not in ("Bug", "Test")),
        ),
    )
}

DEFAULT_PROFILE: Final = "qcom"
