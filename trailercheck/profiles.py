"""Profiles: the conventions of one ecosystem (RULES.md §4).

A profile only sets defaults: which prefixes exist, which need a ``Link:``,
and (declared on each rule) each rule's severity.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

ALLOWED_COMBOS: Final[frozenset[tuple[str, ...]]] = frozenset({("BACKPORT", "FROMLIST"), ("BACKPORT", "FROMGIT")})


class Profile:
    __slots__ = ("am_from_is_link", "description", "fields", "link_required", "name", "prefixes", "revert_inherits")

    def __init__(
        self,
        name: str,
        prefixes: tuple[str, ...],
        link_required: tuple[str, ...],
        revert_inherits: bool,
        description: str,
        am_from_is_link: bool = False,
        fields: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        #: Prefixes allowed; empty means the ecosystem uses none (S01 off).
        self.prefixes = prefixes
        #: Prefixes whose commits need a ``Link:`` to the posting.
        self.link_required = link_required
        #: ``Revert "FROMLIST: x"`` inherits the reverted commit's provenance.
        self.revert_inherits = revert_inherits
        self.description = description
        #: An ``(am from <url>)`` line stands in for the ``Link:`` (ChromeOS).
        self.am_from_is_link = am_from_is_link
        #: ``NAME=value`` lines of the ecosystem (ChromeOS ``BUG=``/``TEST=``): a paragraph of
        #: them follows the upstream trailers and precedes the final trailer block.
        self.fields = fields


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
            "android",
            ("UPSTREAM", "BACKPORT", "FROMGIT", "FROMLIST", "ANDROID"),
            ("FROMLIST",),
            True,
            "Android common kernels",
        ),
        Profile(
            "chromeos",
            ("UPSTREAM", "BACKPORT", "FROMGIT", "FROMLIST", "CHROMIUM"),
            ("FROMLIST",),
            True,
            "ChromeOS kernels",
            am_from_is_link=True,
            fields=("BUG=", "TEST="),
        ),
        Profile("upstream", (), (), False, "patches for kernel.org trees"),
    )
}

DEFAULT_PROFILE: Final = "qcom"
