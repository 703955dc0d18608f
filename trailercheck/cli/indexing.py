"""``trailercheck index``: bring the cross-reference index of the baseline and upstream refs up to date.

Its own module: the command loads neither the rules nor the model of messages.
"""

from __future__ import annotations

import sys

from ..errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .options import Options


def run_index(opts: Options, rebuild: bool = False, stats: bool = False) -> int:
    """Bring the cross-reference index of the baseline and upstream refs up to date."""
    from ..config import load
    from ..sources.index import INCREMENTAL, Index, resolve_refs

    config = load(opts.config, opts.repo or ".")
    named = [opts.baseline or config.string("baseline"), opts.upstream or config.string("upstream")]
    refs = [r for r in dict.fromkeys(named) if r]
    if not refs:
        raise UsageError("nothing to index: give --baseline/--upstream, or set baseline/upstream in the configuration")
    git_dir, tips = resolve_refs(opts.repo, refs)
    index = Index(git_dir, opts.repo)
    try:
        for ref, tip in zip(refs, tips, strict=True):
            done = index.update(ref, tip, rebuild)
            if stats:
                how = done.how + (f" (+{done.added} -{done.removed})" if done.how == INCREMENTAL else "")
                where = "" if done.stored else ", in memory only"
                commits = f"{done.commits} commit{'' if done.commits == 1 else 's'}"
                sys.stdout.write(f"{ref}: tip {tip[:12]}, {commits}, {how}{where}, {done.seconds:.3f} s\n")
    finally:
        index.close()
    return 0
