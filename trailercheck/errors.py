"""The one error every part of trailercheck may raise for bad input."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input or configuration: reported as one line, exit status 2."""
