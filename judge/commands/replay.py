"""`judge replay FILE CASE`: run one case in the foreground and show inputs, got and expected side by side.

The submission runs in this process, without the sandbox, so `print` and `pdb` work;
the command says so before it runs anything.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from judge.base.errors import JudgeError
from judge.base.exit_codes import EXIT_BELOW_FULL_MARKS, EXIT_OK

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(commands) -> None:
    from judge.commands._shared import examples_number, seed_number

    parser = commands.add_parser("replay", help="run one case in the foreground (print and pdb work) and show "
                                                "inputs, got and expected side by side")
    parser.add_argument("submission", type=Path, help="your Python file")
    parser.add_argument("case", metavar="CASE", help="a fixed case id (e.g. worked-example), a generated case id "
                                                     "(gen-7, with --seed), or the inputs mapping a report prints")
    parser.add_argument("--problem", help="problem id or directory (default: inferred from the file)")
    parser.add_argument("--seed", type=seed_number, default=0, help="seed of the grade whose gen-N case to replay "
                                                                    "(default: 0)")
    parser.add_argument("--examples", type=examples_number,
                        help="generated cases of that grade (default: the problem's)")
    parser.add_argument("--all", action="store_true", help="show every output position, not only the mismatches")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from judge.commands._shared import chosen_problem
    from judge.practice.replay import pick_case, run_in_process

    problem = chosen_problem(args.problem, args.submission, announce=False)  # the header names it
    case = pick_case(problem, args.case, args.seed, args.examples)
    if not args.submission.is_file():
        raise JudgeError(f"{args.submission}: no such file; give the path of your Python file")
    console = Console(highlight=False, soft_wrap=True)
    label = case.id if case.id != "replay" else "from the given inputs"
    console.print(Text.assemble((f"replay · {problem.id} · {args.submission} · case {label}", "bold"),
                                f" ({case.kind})" if case.id != "replay" else ""))
    console.print(Text.assemble(("Runs in this process, WITHOUT the sandbox", "bold yellow"),
                                ": what your code prints shows below, and breakpoint() / pdb work."))
    console.print(Text("No time or memory limit and no jit, so values are concrete. For your own code only: "
                       "`judge grade` always runs a file isolated.", style="yellow"))
    console.print(Text("inputs: " + case.describe()))
    console.rule(Text(f"output of {args.submission}", style="dim"), style="dim")
    sys.stdout.flush()
    outcome = _run_file(problem, args.submission, case, run_in_process)
    sys.stdout.flush()
    sys.stderr.flush()
    console.rule(Text(f"end of its output · {outcome.seconds:.1f} s", style="dim"), style="dim")
    if outcome.array is None:
        if outcome.trace:
            console.print(Text(outcome.trace, style="red"))
        console.print(Text.assemble(("✗ ", "bold red"), outcome.failure))
        return EXIT_BELOW_FULL_MARKS
    return _compare(console, problem, case, outcome.array, args)


def _compare(console: Console, problem, case, got, args: argparse.Namespace) -> int:
    from rich.text import Text

    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from judge.cases.expected import ExpectedOutputs
    from judge.compare import Layout, compare
    from judge.practice.sidebyside import render_table, side_by_side
    from judge.problem.case import dims_of

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        outputs = ExpectedOutputs(problem, pool, [case])
        expected = outputs.get(case)
        case_tolerance = outputs.tolerance(case)
        outputs.save()
    dims = dims_of(case, problem.array_dims)
    layout = Layout(problem.output.index, problem.output.index_shape_for(dims))
    verdict = compare(got, expected, case_tolerance, layout, hidden=False)
    tolerance = f"rtol={case_tolerance.rtol:g}, atol={case_tolerance.atol:g}"
    if got.shape != expected.shape:
        console.print(Text.assemble(("✗ ", "bold red"), verdict.message))
        console.print(Text(f"got {got.dtype} {got.shape}:"))
        console.print(Text(np.array2string(got, threshold=64, precision=6)))
        return EXIT_BELOW_FULL_MARKS
    view = side_by_side(problem, case, got, expected, args.all, case_tolerance)
    console.print(render_table(view))
    if view.hidden_rows:
        console.print(Text(f"… {view.hidden_rows} more positions not shown (--all shows every one)", style="dim"))
    if verdict.passed:
        console.print(Text.assemble(("✓ matches", "bold green"), f": all {view.size} values within {tolerance}"))
        return EXIT_OK
    console.print(Text.assemble(("✗ ", "bold red"), (f"{view.mismatched} of {view.size} values differ", "bold"),
                                f" beyond {tolerance}" + (f" · {verdict.message}" if not verdict.message.startswith(
                                    "mismatched elements") else "")))
    for line in verdict.details:
        if line.startswith(("max absolute", "max relative", "worst position", "dtype")):
            console.print(Text("  " + line))
    console.print(Text(f"grade again when it matches: judge grade {shlex.quote(str(args.submission))}", style="dim"))
    return EXIT_BELOW_FULL_MARKS


def _run_file(problem, submission, case, run_in_process):
    """Run `submission` (a notebook: the Python of its code cells) with its errors said as cells and lines."""
    import dataclasses

    from judge.submission.notebook import python_view

    with python_view(submission) as view:
        if view.unreadable:
            raise JudgeError(view.unreadable)
        outcome = run_in_process(problem, view.path, case)
    if view.notebook is None:
        return outcome
    return dataclasses.replace(outcome, failure=view.notebook.relabel(outcome.failure),
                               trace=view.notebook.relabel(outcome.trace.replace(str(view.path), str(submission))))
