"""`judge validate [PROBLEM]`: check that a problem's cases catch every mistake it knows."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from judge.commands._shared import stdout_to_stderr


def add_parser(commands) -> None:
    parser = commands.add_parser("validate", help="check a problem: reference, mutants, diagnoses")
    parser.add_argument("problem", nargs="?", help="problem id or directory (default: the only problem)")
    parser.add_argument("--correct", type=Path, nargs="*",
                        help="known-correct submissions that must draw no diagnosis "
                             "(default: those marked passed in the expected.yaml of the folder the problem's "
                             "`examples:` key names, that define its entry point)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.problem.find import resolve_problem
    from judge.validation import validate_problem

    problem = resolve_problem(args.problem, ask="name it: judge validate ID, with ID")
    correct = args.correct if args.correct is not None else _known_correct(problem)
    with stdout_to_stderr():
        validation = validate_problem(problem, correct)
    console = Console(highlight=False, soft_wrap=True, width=max(Console().width, 120))
    console.print(Text(f"{problem.id}: reference graded as a submission: {validation.reference_status}", style="bold"))
    table = Table(title="mutation adequacy", title_justify="left")
    for column in ("mutant", "tagged", "killed by fixed cases", "diagnosed as"):
        table.add_column(column)
    for row in validation.rows:
        killed = f"{len(row.killed_by)} (first: {row.killed_by[0]})" if row.killed_by else ""
        table.add_row(row.name, row.tagged, killed if row.killed_by else "NOT KILLED",
                      ", ".join(row.diagnosed_as) or "-")
    console.print(table)
    console.print(Text(f"probed for false alarms: the reference and {len(correct)} correct submission(s)"))
    for path, score, max_score, credited in validation.cheats:
        console.print(Text(f"cheat {path}: {score:g} / {max_score:g}"
                           + (f" (credited as {credited})" if credited else "")))
    gaps = validation.gaps
    for gap in gaps:
        console.print(Text("GAP: " + gap, style="bold red"))
    console.print(Text("OK: every mutant killed and diagnosed, no false alarm, no cheat credited" if not gaps
                       else f"{len(gaps)} gap(s)",
                       style="bold green" if not gaps else "bold red"))
    return 0 if not gaps else 1


def _known_correct(problem) -> list[Path]:
    """Examples marked passed in the expected.yaml of the problem's `examples:` folder: an entry's
    `problem` key names its kata, else the example must define the problem's entry point (so one
    kata's examples never count for another). None when the folder is not declared or not there."""
    from judge.problem.find import defined_names

    listing = problem.examples / "expected.yaml" if problem.examples else None
    if listing is None or not listing.is_file():
        return []
    correct = []
    entries = yaml.safe_load(listing.read_text()) or {}
    for name, entry in entries.items():
        path = listing.parent / name
        if entry.get("status") != "passed" or not path.is_file():
            continue
        if entry.get("problem", problem.id) == problem.id and problem.entry_point in defined_names(path)[0]:
            correct.append(path)
    return correct
