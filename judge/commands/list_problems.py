"""`judge list`: the problems available, with their entry points and case counts."""

from __future__ import annotations

import argparse


def add_parser(commands) -> None:
    parser = commands.add_parser("list", help="list the problems available")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from judge.base.errors import JudgeError
    from judge.problem.find import available_problems, problems_dir
    from judge.problem.load import load_problem

    console = Console(highlight=False)
    ids = available_problems()
    if not ids:
        raise JudgeError(f"no problems in {problems_dir()}: each problem is a folder holding problem.yaml "
                         "(set JUDGE_PROBLEMS_DIR to look elsewhere)")
    rows, broken = [], []
    for problem_id in ids:
        try:
            problem = load_problem(problems_dir() / problem_id)
        except JudgeError as exc:
            broken.append(str(exc))
            rows.append((problem_id, "", "", "", "", Text("cannot be loaded (below)", style="red")))
            continue
        hidden = sum(case.hidden for case in problem.cases)
        rows.append((problem.id, problem.entry_point, str(len(problem.cases)), str(hidden),
                     str(problem.generated.examples), Text(problem.title)))
    if _table_width(rows) <= console.width:
        console.print(_table(rows))
    else:  # a narrow terminal: one block per kata rather than a table that cuts words or drops columns
        for row in rows:
            console.print(_block(*row))
    for message in broken:
        console.print(Text(message, style="red"))
    console.print(Text("judge show ID: the statement; judge init ID: a starter file.", style="dim"))
    return 2 if broken else 0


COLUMNS = ("id", "entry point", "fixed", "hidden", "generated", "title")
GAP = 2  # rich's default padding between columns: one space each side


def _table_width(rows) -> int:
    widths = [max([len(column), *(len(str(row[i])) for row in rows)]) for i, column in enumerate(COLUMNS)]
    return sum(widths) + GAP * (len(COLUMNS) - 1)


def _table(rows):
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for column in COLUMNS:
        table.add_column(column, justify="left" if column in ("id", "entry point", "title") else "right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def _block(problem_id, entry_point, fixed, hidden, generated, title):
    """A few short lines: the id and title (words wrap whole), the entry point, the case counts."""
    from rich.text import Text

    if not entry_point:
        return Text.assemble((problem_id, "bold"), "  ", title)
    return Text.assemble((problem_id, "bold"), "  ", title, f"\n    entry point: {entry_point}",
                         f"\n    cases: {fixed} fixed ({hidden} hidden), {generated} generated")
