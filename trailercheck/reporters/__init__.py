"""Reporters: findings rendered for people (text) and machines (json, ...)."""

from __future__ import annotations

from typing import IO

from ..findings import Result


def render(fmt: str, results: list[Result], profile: str, stream: IO[str], color: bool) -> None:
    if fmt == "json":
        from .json import render as render_json

        render_json(results, profile, stream)
    else:
        from .text import render as render_text

        render_text(results, stream, color)


FORMATS = ("text", "json")
