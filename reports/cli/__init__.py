"""The ``lvzhi`` command: a thin layer over the library that owns argparse, printing and exit codes.

Exit codes: 0 all done; 1 some reports could not be read or an output could not be written (disk full,
permission...); 2 usage or rubric error, or an output refused (exists, is an input, is not a regular file);
3 an internal error (a bug in lvzhi; set ``LVZHI_DEBUG=1`` for the traceback); 130/143 stopped by
SIGINT/SIGTERM (what was finished is kept and listed).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from reports.cli import compare_cmd, review_cmd, scheme_cmd, score_cmd, sections_cmd
from reports.cli.common import EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, CliError, err
from reports.files import OutputError, describe_os_error
from reports.pool import Terminated, stop_on_signals

__all__ = ["main"]

_DESCRIPTION = """lvzhi（履职）：区县人民政府履行教育职责自评报告评分工具
Score county self-evaluation reports against 渝府教督发〔2022〕5号 (a reconstructed rubric)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        err(f"命令参数有误：{message}。运行 lvzhi --help 查看用法。\n"
            f"Usage error: {message}. Run lvzhi --help for usage.")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = _Parser(prog="lvzhi", description=_DESCRIPTION, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    scheme_cmd.register(sub)
    sections_cmd.register(sub)
    score_cmd.register(sub)
    review_cmd.register(sub)
    compare_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        with stop_on_signals():  # SIGTERM unwinds like Ctrl-C: temporary files go, workers are stopped
            return int(args.handler(args))
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours or the user's.
        sys.stderr.close()
        return EXIT_OK
    except (CliError, OSError, KeyboardInterrupt, Terminated) as problem:
        return _told(problem)
    except Exception as bug:
        if os.environ.get("LVZHI_DEBUG"):
            raise
        err(f"lvzhi 内部错误（程序缺陷，不是您的输入问题）：{type(bug).__name__}: {bug}\n"
            f"Internal error in lvzhi: {type(bug).__name__}: {bug}. Set LVZHI_DEBUG=1 for details and report it.")
        return EXIT_INTERNAL


def _told(problem: BaseException) -> int:
    """Say what stopped the command (a usage error, the user's disk, Ctrl-C) and return its exit code."""
    if isinstance(problem, CliError):
        err(str(problem))
        return problem.code
    if isinstance(problem, OutputError):  # refused (exists, not a regular file) or an I/O failure while writing
        err(str(problem))
        return EXIT_USAGE if problem.refused else EXIT_UNREADABLE
    if isinstance(problem, OSError):  # reading or writing anything else: the user's disk, not lvzhi's bug
        err(describe_os_error(problem, writing=False))
        return EXIT_UNREADABLE
    err("已中断。/ Interrupted.")
    return 128 + problem.signum if isinstance(problem, Terminated) else 130


def run() -> None:
    """Console entry point (``lvzhi``, ``python -m reports.cli``): run, flush, and exit without interpreter teardown.

    By the time :func:`main` returns, every file lvzhi wrote is closed and renamed into place and worker
    processes are joined; tearing down modules and freeing each object after that only delays the prompt
    (about 50 ms after one report). Code calling :func:`main` (tests, other programs) gets a normal return.
    """
    code = main()
    # a reader that went away or a closed stream: nothing is left to say
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
