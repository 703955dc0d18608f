"""Configuration files.

``.trailercheck.toml`` (keys at the top level) or ``[tool.trailercheck]`` in
``pyproject.toml``, looked up at the repository root, or the file given with
``--config``. Command-line options win over the file, the file over the
profile. Every problem names the file and the key and is a usage error.

The ``commit-msg`` hook must stay cheap, and parsing TOML costs more than the
whole check; the validated configuration is therefore cached (``marshal``,
keyed by the file's path, size and modification time) in the repository's
git directory.
"""

from __future__ import annotations

import marshal
import os
import stat

from .errors import UsageError
from .findings import SEVERITIES
from .model.prefixes import KNOWN_PREFIXES
from .model.text import quote_path
from .profiles import PROFILES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    Fail = Callable[[str, str], UsageError]

FILE_NAMES = (".trailercheck.toml", "pyproject.toml")
CACHE_NAME = "trailercheck-config.cache"
CACHE_VERSION = 1
BASELINE_MODES = ("forbid", "require")

_STR_KEYS = ("profile", "baseline", "upstream", "lore-url", "archive")
_LIST_KEYS = ("select", "ignore", "known-trailers", "lore-hosts")
_BOOL_KEYS = ("strict", "online")
KEYS = (*_STR_KEYS, *_LIST_KEYS, "severity", *_BOOL_KEYS, "branches")
BRANCH_KEYS = ("match", "prefixes", "baseline-mode", "severity")


class BranchPolicy:
    """What a ``[[branches]]`` entry says for target branches matching ``match``."""

    __slots__ = ("baseline_mode", "match", "prefixes", "severity")

    def __init__(
        self,
        match: str,
        prefixes: list[str] | None = None,
        baseline_mode: str | None = None,
        severity: dict[str, str] | None = None,
    ) -> None:
        self.match = match
        self.prefixes = prefixes
        self.baseline_mode = baseline_mode
        self.severity = severity or {}

    def matches(self, branch: str) -> bool:
        from fnmatch import fnmatchcase  # only a configuration with [[branches]] asks

        return fnmatchcase(branch, self.match)


class Config:
    """A validated configuration; empty when there is no file."""

    __slots__ = ("branches", "data", "path")

    def __init__(self, path: str | None = None, data: dict[str, object] | None = None) -> None:
        self.path = path
        self.data: dict[str, object] = data or {}
        self.branches = [
            BranchPolicy(b["match"], b.get("prefixes"), b.get("baseline-mode"), b.get("severity"))  # type: ignore[arg-type]
            for b in self.data.get("branches", [])  # type: ignore[attr-defined]
        ]

    def get(self, key: str, default: object = None) -> object:
        return self.data.get(key, default)

    def string(self, key: str) -> str | None:
        value = self.data.get(key)
        return value if isinstance(value, str) else None

    def strings(self, key: str, default: tuple[str, ...] = ()) -> list[str]:
        value = self.data.get(key)
        return list(value) if isinstance(value, list) else list(default)

    def severity(self) -> dict[str, str]:
        value = self.data.get("severity")
        return dict(value) if isinstance(value, dict) else {}

    def policy_for(self, branch: str | None) -> BranchPolicy | None:
        """The first ``[[branches]]`` entry whose glob matches the target branch."""
        if not branch:
            return None
        for policy in self.branches:
            if policy.matches(branch):
                return policy
        return None


def find_root(start: str) -> tuple[str | None, str | None]:
    """``(work tree root, git directory)`` above ``start``, or Nones outside a repository."""
    path = os.path.abspath(start)
    while True:
        dotgit = os.path.join(path, ".git")
        if os.path.isdir(dotgit):
            return path, dotgit
        if os.path.isfile(dotgit):
            try:
                with open(dotgit, encoding="utf-8") as fh:
                    head = fh.read().strip()
            except OSError:
                return path, None
            if head.startswith("gitdir:"):
                gitdir = head[7:].strip()
                return path, os.path.normpath(os.path.join(path, gitdir))
            return path, None
        parent = os.path.dirname(path)
        if parent == path:
            return None, None
        path = parent


def load(explicit: str | None, start: str = ".") -> Config:
    """The configuration for a run started in ``start`` (or the ``--config`` file)."""
    root, git_dir = find_root(start)
    if explicit is not None:
        if not os.path.lexists(explicit):
            raise UsageError(f"{quote_path(explicit)}: no such configuration file")
        _regular(explicit)
        return _load_file(explicit, git_dir, required=True)
    if root is None:
        return Config()
    for name in FILE_NAMES:
        path = os.path.join(root, name)
        if os.path.lexists(path):  # a file there that cannot be read is an error, never the defaults
            _regular(path)
            config = _load_file(path, git_dir, required=name != "pyproject.toml")
            if config.path is not None:
                return config
    return Config()


def _regular(path: str) -> None:
    """Refuse a configuration that is not a regular file (a directory, a FIFO, which would block the
    read, a link that leads nowhere or in a loop): the status is checked before the file is opened."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise UsageError(f"{quote_path(path)}: cannot read the configuration: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise UsageError(f"{quote_path(path)}: cannot read the configuration: {kind}")


def _load_file(path: str, git_dir: str | None, required: bool) -> Config:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise UsageError(f"{quote_path(path)}: {exc.strerror}") from None
    stamp = (CACHE_VERSION, os.path.abspath(path), st.st_size, st.st_mtime_ns)
    cache = os.path.join(git_dir, CACHE_NAME) if git_dir else None
    if cache is not None:
        try:
            with open(cache, "rb") as fh:
                cached = marshal.load(fh)
            if cached[0] == stamp and (cached[1] is None or isinstance(cached[1], dict)):
                return Config(path if cached[1] is not None else None, cached[1])
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass
    data = _parse(path, required)
    if cache is not None:
        try:
            tmp = f"{cache}.{os.getpid()}"
            with open(tmp, "wb") as fh:
                marshal.dump((stamp, data), fh)
            os.replace(tmp, cache)
        except OSError:
            pass
    return Config(path if data is not None else None, data)


def _parse(path: str, required: bool) -> dict[str, object] | None:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    shown = quote_path(path)
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{shown}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{shown}: not valid TOML: not UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{shown}: not valid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(f"{shown}: not valid TOML for trailercheck: nested too deeply") from None
    name = os.path.basename(path)
    if name == "pyproject.toml":
        tool = doc.get("tool", {})
        if not isinstance(tool, dict):
            raise UsageError(f"{shown}: tool: must be a table, not {_type(tool)}")
        table = tool.get("trailercheck")
        if table is None:
            if required:
                raise UsageError(f"{shown}: no [tool.trailercheck] table")
            return None
        where = "tool.trailercheck."
    else:
        table = doc
        where = ""
    try:
        return validate(table, path, where)
    except RecursionError:
        raise UsageError(f"{shown}: not valid TOML for trailercheck: nested too deeply") from None


def validate(table: object, path: str, where: str = "") -> dict[str, object]:
    """Check every key and type; return the table (lists of strings normalised)."""
    from .rules import matching

    shown = quote_path(path)

    def fail(key: str, problem: str) -> UsageError:
        return UsageError(f"{shown}: {where}{key}: {problem}" if key else f"{shown}: {where.rstrip('.')}: {problem}")

    if not isinstance(table, dict):
        raise fail("", "must be a table")
    out: dict[str, object] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise fail(key, f"unknown key (known: {', '.join(KEYS)})")
        if key in _STR_KEYS:
            if not isinstance(value, str):
                raise fail(key, f"must be a string, not {_type(value)}")
            if key == "profile" and value not in PROFILES:
                raise fail(key, f"unknown profile {value!r} (choose from {', '.join(PROFILES)})")
        elif key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, "must be a list of strings")
            if key in ("select", "ignore"):
                for v in value:
                    if not matching(v):
                        raise fail(key, f"unknown rule {v!r}")
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise fail(key, f"must be true or false, not {_type(value)}")
        elif key == "severity":
            value = _severity(value, fail, key)
        elif key == "branches":
            value = _branches(value, fail)
        out[key] = value
    return out


def _severity(value: object, fail: Fail, key: str) -> dict[str, str]:
    from .rules import matching

    if not isinstance(value, dict):
        raise fail(key, "must be a table of rule = severity")
    for code, sev in value.items():
        if not matching(code):
            raise fail(f"{key}.{code}", "unknown rule")
        if sev not in SEVERITIES:
            raise fail(f"{key}.{code}", f"must be one of {', '.join(SEVERITIES)}, not {sev!r}")
    return dict(value)


def _branches(value: object, fail: Fail) -> list[dict[str, object]]:
    if not isinstance(value, list):
        raise fail("branches", "must be an array of tables ([[tool.trailercheck.branches]])")
    out = []
    for i, entry in enumerate(value):
        key = f"branches[{i}]"
        if not isinstance(entry, dict):
            raise fail(key, "must be a table")
        for k in entry:
            if k not in BRANCH_KEYS:
                raise fail(f"{key}.{k}", f"unknown key (known: {', '.join(BRANCH_KEYS)})")
        if not isinstance(entry.get("match"), str):
            raise fail(f"{key}.match", "a glob string is required")
        prefixes = entry.get("prefixes")
        if prefixes is not None:
            if not isinstance(prefixes, list) or not all(isinstance(p, str) for p in prefixes):
                raise fail(f"{key}.prefixes", "must be a list of strings")
            for p in prefixes:
                if p.rstrip(":") not in KNOWN_PREFIXES:
                    raise fail(f"{key}.prefixes", f"unknown prefix {p!r}")
            entry = {**entry, "prefixes": [p.rstrip(":") for p in prefixes]}
        mode = entry.get("baseline-mode")
        if mode is not None and mode not in BASELINE_MODES:
            raise fail(f"{key}.baseline-mode", f"must be one of {', '.join(BASELINE_MODES)}, not {mode!r}")
        if "severity" in entry:
            entry = {**entry, "severity": _severity(entry["severity"], fail, f"{key}.severity")}
        out.append(entry)
    return out


def _type(value: object) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )
