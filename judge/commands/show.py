"""`judge show [PROBLEM]`: the kata's statement, rendered for the terminal."""

from __future__ import annotations

import argparse
import sys

from judge.base.errors import JudgeError


def add_parser(commands) -> None:
    parser = commands.add_parser("show", help="show a kata's statement")
    parser.add_argument("problem", nargs="?", help="problem id or directory (default: the only problem)")
    parser.add_argument("--raw", action="store_true", help="print the Markdown source as it is")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.text import Text

    from judge.problem.find import available_problems, resolve_problem

    available = available_problems()
    if args.problem is None and len(available) > 1:
        raise JudgeError(f"which kata? give one of: {', '.join(available)} (e.g. judge show {available[0]})")
    problem = resolve_problem(args.problem)
    try:
        source = problem.statement.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise JudgeError(f"{problem.statement}: the statement of {problem.id} cannot be read ({why}); "
                         "check problem.yaml's `statement`") from None
    if args.raw:
        sys.stdout.write(source)
        sys.stdout.flush()
        return 0
    console = Console(highlight=False, soft_wrap=False)
    console.print(Markdown(source))
    console.print()
    console.print(Text.assemble(
        ("Write ", "dim"), (f"{problem.entry_point}({', '.join(problem.arg_names)})", "bold"),
        (f". A starter file: judge init {problem.id}", "dim")), soft_wrap=True)  # never break a command
    return 0
