"""One record per message to check, whatever it came from.

A ``commit-msg`` hook file, a mail of a patch file or mbox and a commit of
``git log`` each become a :class:`Record`: the message (as git stores it, or
as lines already numbered as the user sees them), the people and the date
that go with it, and where it came from. :func:`message_of` turns any of them
into the :class:`~trailercheck.model.message.Message` the rules read, with the
run's configuration: every command sees the same model of the same message.
"""

from __future__ import annotations

from ..model.message import Message

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..model.keys import KeySet
    from ..model.person import Person
    from ..model.text import Line


class Record:
    """A message to check and the facts that travel with it."""

    __slots__ = ("author", "author_date", "comment", "commit", "committer", "lines", "parents", "source", "text")

    def __init__(
        self,
        source: str,
        *,
        text: str | None = None,
        lines: list[Line] | None = None,
        commit: str | None = None,
        parents: list[str] | None = None,
        author: Person | None = None,
        committer: Person | str | None = None,
        author_date: int | None = None,
        comment: str | None = None,
    ) -> None:
        #: What the reports name: a file, ``file:N`` for a mail of a series, a short commit id.
        self.source = source
        #: The message as git stores it (a commit), else None and ``lines`` hold it.
        self.text = text
        #: The lines git keeps, numbered as in the file they come from (a hook file, a mail).
        self.lines = lines
        #: The full commit id, for a commit.
        self.commit = commit
        self.parents: list[str] = [] if parents is None else parents
        self.author = author
        #: The committer: a person, or the ``Name <address>`` git wrote (read when a rule asks).
        self.committer = committer
        #: When the author wrote the change, seconds since the epoch.
        self.author_date = author_date
        #: The comment string the source itself settles (a hook file under ``core.commentChar=auto``),
        #: else None: the run's own.
        self.comment = comment

    def __repr__(self) -> str:
        return f"Record({self.source!r})"


def message_of(record: Record, keys: KeySet, comment: str = "#") -> Message:
    """The model of ``record``'s message with the run's known trailer keys and comment string."""
    if record.comment is not None:
        comment = record.comment
    lines = record.lines
    return Message(
        lines,
        source=record.source,
        commit=record.commit,
        comment=comment,
        keys=keys,
        author=record.author,
        committer=record.committer,
        author_date=record.author_date,
        text=record.text or "" if lines is None else None,
    )
