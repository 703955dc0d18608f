"""What git says about the environment of a commit: author ident, comment character.

One ``git var -l`` gives both (it lists the configuration too), so the
``commit-msg`` hook pays for a single git process.
"""

from __future__ import annotations

import os

from .spawn import capture


def in_repository(start: str = ".") -> bool:
    if os.environ.get("GIT_DIR"):
        return True
    path = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(path, ".git")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


class GitVars:
    __slots__ = ("author_ident", "comment_char", "committer_ident")

    def __init__(self, author_ident: str | None, committer_ident: str | None, comment_char: str | None) -> None:
        self.author_ident = author_ident
        self.committer_ident = committer_ident
        #: ``core.commentChar`` as configured (``auto`` possible), or None.
        self.comment_char = comment_char


def read_git_vars(cwd: str | None = None) -> GitVars:
    out = capture(["git", "var", "-l"], cwd)
    author = committer = comment = None
    if out:
        for raw in out.decode("utf-8", "surrogateescape").splitlines():
            key, sep, value = raw.partition("=")
            if not sep:
                continue
            if key == "GIT_AUTHOR_IDENT":
                author = value
            elif key == "GIT_COMMITTER_IDENT":
                committer = value
            elif key == "core.commentchar" or key == "core.commentstring":
                comment = value
    return GitVars(author, committer, comment)
