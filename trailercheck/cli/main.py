"""Entry point: ``trailercheck`` and ``python -m trailercheck``."""

from __future__ import annotations

import os
import sys

from ..errors import OutputClosed, Terminated, UsageError
from ..model.text import quote_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if argv is None and args[:1] == ["msg"]:
        _hook_process(args)
    return _main(args)


def _hook_process(args: list[str]) -> NoReturn:
    """Run ``msg`` as the process of the ``commit-msg`` hook (the console script, ``python -m``) and end it.

    The process lives for one short check: the cycle collector is not worth running (it would walk every
    object the imports made, several times over), and once the output is flushed there is nothing left for
    the interpreter's teardown to do but free that memory one object at a time. When the standard streams
    cannot be flushed, or the run raised, the process ends the usual way, which reports it.
    """
    import gc

    gc.disable()
    status = _main(args)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the descriptor was closed when the process started
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)


def _main(args: list[str]) -> int:
    if not args or args[0] != "msg":
        # CI cancels a job with SIGTERM (or SIGINT): both unwind the run as Ctrl-C does, so
        # that git and the workers are stopped and no report is left half written. (The hook
        # writes only its message file, atomically: it keeps the default and its start-up.)
        import signal

        signal.signal(signal.SIGTERM, _terminate)
    try:
        status = _dispatch(args)
        sys.stdout.flush()  # here, where a failure is reported, not at exit
        return status
    except UsageError as exc:
        sys.stderr.write(f"trailercheck: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("trailercheck: interrupted\n")
        return 130
    except Terminated:
        sys.stderr.write("trailercheck: terminated\n")
        return 143
    except OutputClosed as exc:  # `trailercheck check | head`: what was read is enough
        _drop_stdout()
        return exc.status
    except BrokenPipeError:
        _drop_stdout()
        return 0
    except OSError as exc:  # standard output on a full disk, an I/O error
        _drop_stdout()
        where = f"{quote_path(exc.filename)}: " if isinstance(exc.filename, str) else "cannot write standard output: "
        sys.stderr.write(f"trailercheck: {where}{exc.strerror or exc}\n")
        return 2
    except Exception as exc:  # a bug: one line unless asked for the traceback
        if os.environ.get("TRAILERCHECK_DEBUG"):
            raise
        sys.stderr.write(
            f"trailercheck: internal error: {type(exc).__name__}: {exc} (set TRAILERCHECK_DEBUG=1 for details)\n"
        )
        return 2


def _drop_stdout() -> None:
    """Point standard output at /dev/null: what is still buffered for it is dropped, and the flush at exit
    does not fail again ("Exception ignored ... BrokenPipeError")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _dispatch(args: list[str]) -> int:
    """Run the command ``args`` names; its exit status."""
    if args and args[0] == "msg":
        from .options import parse_fast

        parsed = parse_fast(args[1:])
        if parsed is not None:
            from ..sources.gitcmd import start_git_vars

            opts, positional = parsed
            # git reads the identities and the settings while the checks load.
            started = start_git_vars(opts.repo)
            try:
                from .run import run_msg

                return run_msg(opts, positional[0] if positional else "-", started)
            finally:
                started.close()
    if args and args[0] == "index":  # cheap enough to run before every check in CI
        from .options import parse_index_fast

        fast = parse_index_fast(args[1:])
        if fast is not None:
            from .indexing import run_index

            return run_index(*fast)
    if args and args[0] == "pre-push":  # runs on every push
        from .options import options_of, parse_args

        pushing = parse_args("pre-push", args[1:])
        if pushing is not None:
            from .prepush import run_pre_push

            values, remote = pushing
            return run_pre_push(
                options_of(values),
                remote,
                bool(values["pre_commit"]),
                bool(values["include_merges"]),
                values["jobs"],  # type: ignore[arg-type]
            )
    if args and args[0] == "check":
        from ..native import compiled_main

        native = compiled_main()
        if native is not None:  # the long runs go to the compiled twin when there is one
            return native(args)
        from .options import parse_check_fast

        checking = parse_check_fast(args[1:])
        if checking is not None:
            from .run import run_check

            return run_check(*checking)
    from .app import run_app

    return run_app(args)
