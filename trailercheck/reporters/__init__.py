"""Reporters: findings rendered for people (text) and machines (json, ...)."""

from __future__ import annotations

from ..findings import Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO


def render(fmt: str, results: list[Result], profile: str, stream: IO[str], color: bool) -> None:
    if fmt == "json":
        from .json import render as render_json

        render_json(results, profile, stream)
    else:
        from .text import render as render_text

        render_text(results, stream, color)


FORMATS = ("text", "json")
