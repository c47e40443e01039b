"""The ``mapper`` command line: argument parsing and error reporting only.

Each subcommand lives in :mod:`mapper.commands`; this module wires them up,
sets the log level (``-v``/``-q``) and turns every :class:`MapperError` into
one line on standard error and its exit code.

Exit codes
----------
0 success; 1 nothing found / evaluation below target; 2 bad input;
3 bad gazetteer data; 4 rendering failed; 5 output not writable;
64 bad usage; 70 internal error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from mapper import __version__
from mapper.errors import MapperError

EXIT_USAGE = 64
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class _OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        level = record.levelname.lower()
        msg = record.getMessage().replace("\n", " ")
        return f"mapper: {level}: {msg}" if record.levelno >= logging.WARNING else f"mapper: {msg}"


def _setup_logging(verbosity: int) -> None:
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger()
    # Replace only our own handler (a second main() in one process must not print twice,
    # and handlers others installed, e.g. pytest's, stay).
    for old in [h for h in root.handlers if getattr(h, "_mapper_cli", False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter())
    handler._mapper_cli = True  # type: ignore[attr-defined]
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(min(level, root.level) if root.handlers[:-1] else level)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 64
        self.exit(EXIT_USAGE, f"mapper: usage error: {message} (see `{self.prog} --help`)\n")


class _WithCommon:
    """Subparser factory that gives every (sub)command the common options."""

    def __init__(self, sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
        self._sub, self._common = sub, common

    def add_parser(self, *args, **kwargs) -> argparse.ArgumentParser:
        kwargs.setdefault("parents", []).append(self._common)
        parser = self._sub.add_parser(*args, **kwargs)
        add_subparsers = parser.add_subparsers

        def with_common(**kw):
            kw.setdefault("parser_class", _Parser)
            return _WithCommon(add_subparsers(**kw), self._common)

        parser.add_subparsers = with_common  # type: ignore[method-assign]
        return parser


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    from mapper.commands import gazetteer_cmds, run_cmds

    parser = _Parser(
        prog="mapper",
        description="Turn conflict reports into a time-sliced map of territorial control and incidents.",
    )
    parser.add_argument("--version", action="version", version=f"mapper {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail (-vv for debug)")
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    # -v/-q also after the command ("mapper build -q"); SUPPRESS keeps the global value when absent.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more detail")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="errors only")
    sub = _WithCommon(sub, common)
    gazetteer_cmds.add_parser(sub)
    run_cmds.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    verbosity = -1 if args.quiet else args.verbose
    _setup_logging(verbosity)
    try:
        return int(args.func(args) or 0)
    except MapperError as exc:
        print(f"mapper: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("mapper: interrupted; no output was half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last guard: one line, never a traceback by default
        if verbosity >= 2:
            raise
        print(f"mapper: internal error: {type(exc).__name__}: {exc} (rerun with -vv for details)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
