"""One module per `judge` subcommand; each offers `add_parser(subparsers)`.

`run(argv)` builds the parser from every module found here, so a new command is a new
module. It is what `judge` (judge/cli.py) and a batch worker (_worker.py) both call.
Helpers shared by commands belong elsewhere (or in a module starting with `_`).

Exit codes: 0 full marks; 1 graded below full marks (including a submission that
does not load); 2 the judge itself could not run. The judge never shows a user its
own traceback (set JUDGE_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from judge.base.errors import JudgeError
from judge.base.exit_codes import EXIT_INTERRUPTED, EXIT_JUDGE_ERROR
from judge.base.terminal import SuggestingParser, VersionAction

# The main commands first in `judge --help`; any other module of judge/commands is a
# command too, listed after them, so adding a command means adding a module.
FIRST = ("grade", "batch", "merge", "validate")


def command_modules() -> list:
    found = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    ordered = [n for n in FIRST if n in found] + [n for n in found if n not in FIRST]
    return [importlib.import_module(f"judge.commands.{name}") for name in ordered]


def build_parser() -> argparse.ArgumentParser:
    parser = SuggestingParser(prog="judge", description="Grade JAX/Flax kata submissions.")
    parser.add_argument("--version", action=VersionAction)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in command_modules():
        command.add_parser(subparsers)
    return parser


def run(argv: list[str] | None = None) -> int:
    """Run `judge ARGV` in this process; its exit code."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # said by the command's own parser, which knows its options and suggests the closest
        parser.command_parser(args.command).error(f"unrecognized arguments: {' '.join(unknown)}")
    # A path that is not valid UTF-8 reaches Python as lone surrogates: printing it must not
    # end a grade with an encoding error (every string a submission chose is cleaned already).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return args.run(args)
    except JudgeError as exc:
        print(f"judge: error: {exc}", file=sys.stderr)
        return EXIT_JUDGE_ERROR
    except KeyboardInterrupt:
        print("judge: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("JUDGE_DEBUG"):
            raise
        print(f"judge: internal error ({type(exc).__name__}: {exc}); this is a bug in the judge, "
              "please report it (JUDGE_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_JUDGE_ERROR
