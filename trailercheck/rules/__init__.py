"""The rule catalogue: importing this package registers every rule family a message can be checked with.

The families that need the refs or the archive (:data:`~trailercheck.rules.base.DEFERRED`) register
when they are asked for: ``REGISTRY`` read from this package is the whole catalogue.
"""

from __future__ import annotations

from . import fixes, link, misc, provenance, signoff, subject, trailers  # noqa: F401  (registration)
from .base import Context, Rule, load_deferred, lookup, matching

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .base import REGISTRY
else:

    def __getattr__(name: str) -> object:
        if name == "REGISTRY":
            from . import base

            base.load_deferred()
            return base.REGISTRY
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["REGISTRY", "Context", "Rule", "load_deferred", "lookup", "matching"]
