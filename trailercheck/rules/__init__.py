"""The rule catalogue: importing this package registers every rule family."""

from __future__ import annotations

from . import fixes, link, misc, provenance, signoff, subject, trailers, verify, xref  # noqa: F401  (registration)
from .base import REGISTRY, Context, Rule, lookup, matching

__all__ = ["REGISTRY", "Context", "Rule", "lookup", "matching"]
