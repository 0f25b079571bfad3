"""`judge list`: the problems available, with their entry points and case counts."""

from __future__ import annotations

import argparse


def add_parser(commands) -> None:
    parser = commands.add_parser("list", help="list the problems available")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from judge.errors import JudgeError
    from judge.problems import available_problems, problems_dir
    from judge.spec.problem import load_problem

    console = Console(highlight=False, soft_wrap=True)
    ids = available_problems()
    if not ids:
        raise JudgeError(f"no problems in {problems_dir()}: each problem is a folder holding problem.yaml "
                         "(set JUDGE_PROBLEMS_DIR to look elsewhere)")
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    # The title last: it may wrap; ids and entry points are copied into commands, so never cut.
    for column in ("id", "entry point", "fixed", "hidden", "generated", "title"):
        table.add_column(column, justify="left" if column in ("id", "entry point", "title") else "right",
                         no_wrap=column != "title", overflow="fold")
    broken = []
    for problem_id in ids:
        try:
            problem = load_problem(problems_dir() / problem_id)
        except JudgeError as exc:
            broken.append(str(exc))
            table.add_row(problem_id, "", "", "", "", Text("cannot be loaded (below)", style="red"))
            continue
        hidden = sum(case.hidden for case in problem.cases)
        table.add_row(problem.id, problem.entry_point, str(len(problem.cases)), str(hidden),
                      str(problem.generated.examples), problem.title)
    console.print(table)
    for message in broken:
        console.print(Text(message, style="red"))
    console.print(Text("judge show ID reads a kata; judge init ID writes a starter file.", style="dim"))
    return 2 if broken else 0
