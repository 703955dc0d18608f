"""People in trailers and headers: ``Name <address>``."""

from __future__ import annotations

import re

from .cache import remembered

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

_IDENT_RE: Final = re.compile(r"\s*(?P<name>[^<>]*?)\s*<(?P<addr>[^<>]*)>(?P<tail>.*)$")
_ADDR_RE: Final = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+|[^@\s<>]+@[^@\s<>.]+")


class Person:
    """A parsed ``Name <address>``; ``problems`` says what is wrong with it.

    Persons are shared between messages (see :func:`parse_person`): treat
    them as immutable.
    """

    __slots__ = ("email", "email_key", "name", "name_key", "problems")

    def __init__(self, name: str, email: str, problems: list[str]) -> None:
        self.name = name
        self.email = email
        self.problems = problems
        local, _, domain = email.lower().partition("@")
        #: The address folded for comparison: lower case, without ``+tag``.
        self.email_key = local.split("+", 1)[0] + "@" + domain if email else ""
        self.name_key = " ".join(name.lower().replace('"', "").split())

    def same(self, other: Person) -> bool:
        """The same person: same address (folded), or the same name."""
        if self.email_key and self.email_key == other.email_key:
            return True
        return bool(self.name_key) and self.name_key == other.name_key

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else f"<{self.email}>"

    def __repr__(self) -> str:
        return f"Person({self.name!r}, {self.email!r}, {self.problems})"


_CACHE: Final[dict[str, Person]] = {}
_CACHE_LIMIT: Final = 1 << 12


def parse_person(value: str) -> Person:
    """Parse ``Name <address>`` (the same value always gives the same object)."""
    return remembered(_CACHE, _CACHE_LIMIT, value, _parse)


def _parse(value: str) -> Person:
    m = _IDENT_RE.match(value)
    if not m:
        name = value.strip()
        if "@" in name and " " not in name:
            return Person("", name, ["missing name", "address not in <...>"])
        head, _, last = name.rpartition(" ")
        if "@" in last and head:  # "Ada Lovelace ada@example.com": the person is clear, the form is not
            return Person(head.strip(), last.strip("<>()"), ["address not in <...>"])
        return Person(name, "", ["missing address"])
    name, addr, tail = m.group("name"), m.group("addr").strip(), m.group("tail").strip()
    problems: list[str] = []
    if not name:
        problems.append("missing name")
    if not _ADDR_RE.fullmatch(addr):
        problems.append(f"bad address {addr!r}" if addr else "empty address")
    if tail:
        problems.append(f"text after '>': {tail!r}")
    return Person(name.strip('"'), addr, problems)


def parse_ident(ident: str) -> Person | None:
    """Parse git's ``Name <email> timestamp tz`` ident line (or plain ``Name <email>``)."""
    end = ident.rfind(">")
    if end < 0:
        return None
    person = parse_person(ident[: end + 1])
    return person if person.email or person.name else None
