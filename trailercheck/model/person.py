"""People in trailers and headers: ``Name <address>``."""

from __future__ import annotations

import re

from .cache import keep
from .patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: What a mail address cannot hold besides its ``@``: a second one, an angle bracket or a blank (``\s`` is
#: what ``str.isspace`` calls one); and what a dotted host cannot either.
_NOT_IN_ADDRESS_RE: Final = LazyPattern(r"[@<>\s]")
_SEPARATORS_RE: Final = LazyPattern(r'[()\[\],;:"]')
#: What may follow the address: a ``# comment`` (``Cc: <stable@vger.kernel.org> # 6.1+``,
#: ``Signed-off-by: ... # for the DT part``) or a ``(comment)``, as checkpatch allows.
_COMMENT_RE: Final = LazyPattern(r"#.*\S.*|\([^()]*\S[^()]*\)")
#: An address written for a mail archive: ``ada at example.com``, ``ada_at_example.com``.
_SPELT_AT_RE: Final = LazyPattern(
    r"([^\s@<>]+)(?:\s+at\s+|_at_|\s*[\[(<]at[\])>]\s*)([^\s@<>]+\.[^\s@<>]+)", re.IGNORECASE
)
#: What a mailing list adds to the name when it rewrites ``From:`` (``Ada Lovelace via B4 Relay``),
#: and a comment in the name (``Jens Scharsig (BuS Elektronik)``): neither is part of the name.
_NOT_NAME_RE: Final = LazyPattern(r"\s+via\s+\S.*$|\([^()]*\)", re.IGNORECASE)
_NOT_WORD_RE: Final = LazyPattern(r"[^\w\s]+")


class Person:
    """A parsed ``Name <address>``; ``problems`` says what is wrong with it.

    ``comment`` is what follows the address as a comment (``# for the DT part``,
    ``(U-Boot port)``), not part of the person. Persons are shared between
    messages (see :func:`parse_person`): their fields are final.
    """

    __slots__ = ("comment", "email", "email_key", "name", "name_key", "name_keys", "problems")

    def __init__(self, name: str, email: str, problems: tuple[str, ...] = (), comment: str = "") -> None:
        self.name: Final = name
        self.email: Final = email
        self.problems: Final = problems
        self.comment: Final = comment
        #: The address folded for comparison: lower case, without ``+tag``, ``at`` spelt out read as ``@``.
        self.email_key: Final = _address_key(email)
        self.name_key: Final = " ".join(name.lower().replace('"', "").split())
        #: The name folded harder (see :meth:`folded`), worked out when first needed.
        self.name_keys: tuple[str, str] | None = None

    def same(self, other: Person) -> bool:
        """The same person: the same address (folded), or the same name.

        Names compare without case, accents, punctuation, spacing or word order
        (``Enric Balletbò i Serra`` is ``Enric Balletbo i Serra``, ``Tudor Laurentiu``
        is ``Laurentiu Tudor``).
        """
        if self.email_key and self.email_key == other.email_key:
            return True
        if not self.name_key or not other.name_key:
            return False
        if self.name_key == other.name_key:
            return True
        mine, theirs = self.folded(), other.folded()
        return bool(mine[0]) and (mine[0] == theirs[0] or mine[1] == theirs[1])

    def folded(self) -> tuple[str, str]:
        """``(letters in order, words sorted)`` of the name, without case, accents or punctuation."""
        keys = self.name_keys
        if keys is None:
            keys = self.name_keys = _name_keys(self.name)
        return keys

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else f"<{self.email}>"

    def __repr__(self) -> str:
        return f"Person({self.name!r}, {self.email!r}, {self.problems})"


def _address_key(email: str) -> str:
    if not email:
        return ""
    low = email.lower()
    if "@" not in low:
        m = _SPELT_AT_RE.fullmatch(low.strip())
        if m is None:
            return low
        low = f"{m.group(1)}@{m.group(2)}"
    local, _, domain = low.partition("@")
    return local.split("+", 1)[0] + "@" + domain


def _name_keys(name: str) -> tuple[str, str]:
    text = name.lower()
    if "@" in text and " " not in text.strip():  # an address for a name: its user part is the name
        text = text.strip().partition("@")[0].replace("_", " ")
    if " via " in text or "(" in text:
        text = _NOT_NAME_RE.compiled.sub(" ", text)
    if not text.isascii():
        import unicodedata

        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = (_NOT_WORD_RE.compiled.sub(" ", text) if not text.replace(" ", "").isalnum() else text).split()
    return "".join(words), " ".join(sorted(words))


_CACHE: Final[dict[str, Person]] = {}
_CACHE_LIMIT: Final = 1 << 9


def parse_person(value: str) -> Person:
    """Parse ``Name <address>`` (a value read lately gives the same object again: nobody changes one)."""
    found = _CACHE.get(value)  # most values: the sign-offs and authors of a history repeat
    return keep(_CACHE, _CACHE_LIMIT, value, _parse(value)) if found is None else found


def _ident(value: str) -> tuple[str, str, str] | None:
    """``(name, address, tail)`` of ``Name <address> tail``: the name before the first ``<`` (no ``>``
    in it), the address up to the next ``>`` (no ``<`` in it) and the rest, on one line (a final
    newline is not part of it); None for anything else."""
    lt = value.find("<")
    if lt < 0 or value.find(">", 0, lt) >= 0:
        return None
    gt = value.find(">", lt + 1)
    if gt < 0 or value.find("<", lt + 1, gt) >= 0:
        return None
    tail = value[gt + 1 : -1 if value.endswith("\n") else len(value)]
    if "\n" in tail:
        return None
    return value[:lt].strip(), value[lt + 1 : gt], tail


def _valid_address(addr: str) -> bool:
    """``local@host`` without blanks or ``<>``: with no dot in the host, or with a dot inside it and no
    bracket or separator anywhere (``local@host.domain``)."""
    local, _, host = addr.partition("@")
    if not local or not host or _NOT_IN_ADDRESS_RE.search(local + host):
        return False
    dot = host.rfind(".")
    return dot < 0 or (0 < dot < len(host) - 1 and not _SEPARATORS_RE.search(local + host))


def _parse(value: str) -> Person:
    parts = _ident(value)
    if parts is None:
        name = value.strip()
        if "@" in name and " " not in name:
            return Person("", name, ("missing name", "address not in <...>"))
        if "<" in name and name.endswith(">"):  # "Ada Lovelace <ada <at> example.com>": the name is clear
            who = name[: name.index("<")].strip().strip('"')
            inner = name[name.index("<") + 1 : -1]
            if "<mailto:" in inner.lower():
                address = inner[: inner.lower().index("<mailto:")].strip()
                return Person(who, address, (f"a '<mailto:...>' inside the address {inner!r}",))
            if "@" in inner or " at " in inner or "<at>" in inner:
                return Person(who, "", (f"bad address {inner!r}",))
            return Person(who, "", ("missing address",))
        head, _, last = name.rpartition(" ")
        if "@" in last and head:  # "Ada Lovelace ada@example.com": the person is clear, the form is not
            return Person(head.strip(), last.strip("<>()"), ("address not in <...>",))
        if "<" in name:
            return Person(name[: name.index("<")].strip().strip('"'), "", ("missing address",))
        return Person(name, "", ("missing address",))
    name, addr, tail = parts[0], parts[1].strip(), parts[2].strip()
    problems: list[str] = []
    if not name:
        problems.append("missing name")
    if not _valid_address(addr):
        problems.append(f"bad address {addr!r}" if addr else "empty address")
    comment = ""
    if tail:
        if _COMMENT_RE.fullmatch(tail):
            comment = tail
        else:
            problems.append(f"text after '>': {tail!r}")
    return Person(name.strip('"'), addr, tuple(problems), comment)


def parse_ident(ident: str) -> Person | None:
    """Parse git's ``Name <email> timestamp tz`` ident line (or plain ``Name <email>``)."""
    end = ident.rfind(">")
    if end < 0:
        return None
    person = parse_person(ident[: end + 1])
    return person if person.email or person.name else None


def ident_time(ident: str) -> int | None:
    """The timestamp of git's ``Name <email> timestamp tz`` ident line, if it has one."""
    fields = ident[ident.rfind(">") + 1 :].split()
    return int(fields[0]) if fields and fields[0].isdigit() else None
