"""The one error every part of trailercheck may raise for bad input, and the signal that ends a run."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input or configuration: reported as one line, exit status 2."""


class OutputClosed(Exception):
    """Standard output was closed by its reader (``| head``): the run ends quietly with ``status``."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Terminated(BaseException):
    """SIGTERM arrived: raised in the main thread so that the run unwinds as on Ctrl-C (exit 143)."""
