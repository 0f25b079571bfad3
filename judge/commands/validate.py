"""`judge validate [PROBLEM]`: check that a problem's cases catch every mistake it knows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from judge.commands.grade import stdout_to_stderr

# Known-correct examples, listed with status "passed" in this file, must draw no diagnosis.
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "submissions" / "expected.yaml"


def add_parser(commands) -> None:
    parser = commands.add_parser("validate", help="check a problem: reference, mutants, diagnoses")
    parser.add_argument("problem", nargs="?", help="problem id or directory (default: the only problem)")
    parser.add_argument("--correct", type=Path, nargs="*",
                        help="known-correct submissions that must draw no diagnosis "
                             f"(default: those marked passed in {EXAMPLES.relative_to(EXAMPLES.parent.parent)})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.diagnose.validate import validate_problem
    from judge.problems import resolve_problem

    problem = resolve_problem(args.problem)
    correct = args.correct if args.correct is not None else _known_correct(problem.id)
    with stdout_to_stderr():
        validation = validate_problem(problem, correct)
    console = Console(highlight=False, soft_wrap=True, width=max(Console().width, 120))
    console.print(Text(f"{problem.id}: reference graded as a submission: {validation.reference_status}", style="bold"))
    table = Table(title="mutation adequacy", title_justify="left")
    for column in ("mutant", "tagged", "killed by fixed cases", "diagnosed as"):
        table.add_column(column)
    for row in validation.rows:
        killed = f"{len(row.killed_by)} (first: {row.killed_by[0]})" if row.killed_by else ""
        table.add_row(row.name, row.tagged, killed if row.killed_by else "NOT KILLED", ", ".join(row.diagnosed_as) or "-")
    console.print(table)
    console.print(Text(f"probed for false alarms: the reference and {len(correct)} correct submission(s)"))
    gaps = validation.gaps
    for gap in gaps:
        console.print(Text("GAP: " + gap, style="bold red"))
    console.print(Text("OK: every mutant killed and diagnosed, no false alarm" if not gaps else f"{len(gaps)} gap(s)",
                       style="bold green" if not gaps else "bold red"))
    return 0 if not gaps else 1


def _known_correct(problem_id: str) -> list[Path]:
    if not EXAMPLES.is_file():
        return []
    entries = yaml.safe_load(EXAMPLES.read_text()) or {}
    return [EXAMPLES.parent / name for name, entry in entries.items()
            if entry.get("status") == "passed" and entry.get("problem", problem_id) == problem_id]
