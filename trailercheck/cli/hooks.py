"""``install-hook`` and ``uninstall-hook``: trailercheck as git's own commit-msg or pre-push hook.

The hook goes where git runs hooks from: ``git rev-parse --git-path hooks``,
which follows ``core.hooksPath``, worktrees and submodules. It is a small
shell script that runs this interpreter (``python -m trailercheck``) and is
marked as written by trailercheck (:data:`MARKER`). A hook trailercheck did
not write is never replaced silently: with ``--force`` it is moved aside
(``<hook>.trailercheck-chained``) and runs first, with the same arguments
and standard input; its failure fails the hook. ``uninstall-hook`` moves it
back.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile

from ..errors import UsageError

#: The line that marks a hook as written by trailercheck.
MARKER = "# trailercheck-hook: written by 'trailercheck install-hook'; 'trailercheck uninstall-hook' removes it"

#: What a chained hook is renamed to, after the hook's own name.
CHAINED_SUFFIX = ".trailercheck-chained"

COMMIT_MSG, PRE_PUSH = "commit-msg", "pre-push"

#: What each hook runs, after the chained hook if there is one.
_RUN = {
    COMMIT_MSG: 'exec {python} -m trailercheck msg "$1"\n',
    PRE_PUSH: 'printf %s "$refs" | {python} -m trailercheck pre-push "$@"\n',
}

#: How each hook runs the chained one (``$chained``).
_CHAIN = {
    COMMIT_MSG: 'if [ -x "$chained" ]; then "$chained" "$@" || exit $?; fi\n',
    PRE_PUSH: 'if [ -x "$chained" ]; then printf %s "$refs" | "$chained" "$@" || exit $?; fi\n',
}

_HEAD = {
    COMMIT_MSG: "# git's commit-msg hook: check the commit message with trailercheck.\n",
    PRE_PUSH: (
        "# git's pre-push hook: check the commits a push sends with trailercheck.\n"
        "# git's ref lines on standard input are kept, every byte, for each command that reads them.\n"
        "refs=$(cat; echo x)\nrefs=${refs%x}\n"
    ),
}


def script(hook: str, chained: bool, python: str | None = None) -> str:
    """The hook's text: run the chained hook (if any), then trailercheck with ``python``."""
    interpreter = shlex.quote(python or sys.executable)
    text = f"#!/bin/sh\n{MARKER}\n{_HEAD[hook]}"
    if chained:
        text += (
            f"# The {hook} hook that was here before, moved aside by 'install-hook --force': it runs first.\n"
            f'chained="$(dirname -- "$0")/{hook}{CHAINED_SUFFIX}"\n' + _CHAIN[hook]
        )
    return text + _RUN[hook].format(python=interpreter)


def is_ours(path: str) -> bool:
    """Whether the hook at ``path`` was written by trailercheck."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return MARKER in head.splitlines()


def _git(where: str, *args: str) -> str:
    from ..sources.gitcmd import read

    out = read(list(args), where)
    if out is None:
        raise UsageError(f"not a git repository: {where}")
    return out.decode("utf-8", "surrogateescape")


class HookPlace:
    """Where git runs a repository's hooks, and whether that is inside the repository."""

    def __init__(self, where: str | None) -> None:
        where = where or "."
        if not os.path.isdir(where):
            raise UsageError(f"not a directory: {where}")
        asked = ("--git-path", "hooks", "--git-dir", "--git-common-dir", "--is-bare-repository")
        hooks, git_dir, common, bare = _git(where, "rev-parse", *asked).splitlines()[:4]
        owners = [git_dir, common]
        if bare == "false":
            owners.append(_git(where, "rev-parse", "--show-toplevel").strip())
        #: The paths git prints are relative to ``where`` unless absolute.
        self.directory = os.path.realpath(os.path.join(where, hooks))
        self.owners = [os.path.realpath(os.path.join(where, p)) for p in owners]

    @property
    def inside(self) -> bool:
        """The hooks directory is the repository's own (not a global core.hooksPath)."""
        return any(os.path.commonpath([self.directory, owner]) == owner for owner in self.owners)

    def path(self, hook: str) -> str:
        return os.path.join(self.directory, hook)


def write_executable(path: str, text: str) -> None:
    """Write ``path`` atomically (a temporary file beside it, then a rename), executable by whoever may read it."""
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".trailercheck-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o755 & ~umask | 0o700)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _exists(path: str) -> bool:
    return os.path.lexists(path)


def install(repo: str | None, hook: str, force: bool) -> str:
    """Install ``hook``; returns what was done, as one line."""
    place = HookPlace(repo)
    if not place.inside and not force:
        raise UsageError(
            f"core.hooksPath points outside the repository ({place.directory}): "
            "a hook there runs for every repository that uses it; give --force to install it there anyway"
        )
    os.makedirs(place.directory, exist_ok=True)
    path = place.path(hook)
    chained = path + CHAINED_SUFFIX
    how = f"installed {path}"
    if _exists(path) and not is_ours(path):
        if not force:
            raise UsageError(
                f"{path} exists and was not written by trailercheck; "
                f"give --force to chain it (it is moved to {os.path.basename(chained)} and runs first)"
            )
        if _exists(chained):
            raise UsageError(f"{chained} exists already: move it away or merge it into {hook} first")
        os.replace(path, chained)
        how = f"installed {path}, chaining the hook that was there (now {os.path.basename(chained)})"
    elif _exists(path):
        how = f"reinstalled {path}"
    try:
        write_executable(path, script(hook, _exists(chained)))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    return how


def uninstall(repo: str | None, hook: str) -> str:
    """Remove trailercheck's ``hook`` and put back the hook it chained; returns what was done, as one line."""
    place = HookPlace(repo)
    path = place.path(hook)
    chained = path + CHAINED_SUFFIX
    if not _exists(path):
        if _exists(chained):  # ours was removed by hand: the chained hook still goes back
            os.replace(chained, path)
            return f"no {hook} hook at {path}; restored the hook trailercheck had chained there"
        return f"no {hook} hook at {path}: nothing to remove"
    if not is_ours(path):
        raise UsageError(f"{path} was not written by trailercheck: not removing it")
    if _exists(chained):
        os.replace(chained, path)  # ours is gone and the chained hook is back in one step
        return f"removed trailercheck's {hook} hook; restored the hook it chained at {path}"
    os.unlink(path)
    return f"removed {path}"
