"""`judge grade`: grade one submission and print its report."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import yaml

from judge.base.errors import JudgeError
from judge.base.exit_codes import EXIT_BELOW_FULL_MARKS, EXIT_OK
from judge.commands._shared import (MAX_EXAMPLES, add_sandbox_option, add_staff_option, chosen_problem, chosen_sandbox,
                                    examples_number, seed_number, stdout_to_stderr, write_report)


def add_parser(commands) -> None:
    from judge.report.formats import ONE

    grade = commands.add_parser("grade", help="grade one submission file")
    grade.add_argument("submission", type=Path, help="Python file defining the kata's entry point")
    grade.add_argument("--problem", help="problem id (see problems/) or a directory holding problem.yaml")
    grade.add_argument("--format", choices=("text", "json", *ONE), default="text", help="report format (default: text)")
    grade.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    grade.add_argument("--seed", type=seed_number, default=0, help="seed for the generated cases (default: 0)")
    grade.add_argument("--examples", type=examples_number,
                       help=f"number of generated cases, 0 to {MAX_EXAMPLES} (default: the problem's)")
    grade.add_argument("--case", help="grade only this case, given as a YAML/JSON mapping as in cases.yaml "
                                      "(the replay command of a report prints one)")
    grade.add_argument("--no-shrink", action="store_true", help="do not shrink a failing generated case")
    grade.add_argument("--watch", action="store_true", help="re-grade whenever the file changes and say what "
                                                            "changed (text report; Ctrl-C stops)")
    add_staff_option(grade)
    add_sandbox_option(grade)
    grade.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.practice.state import remember_grade
    from judge.prepare.compile_cache import runner_cache_for
    from judge.report.formats import ONE
    from judge.report.json_report import render_json
    from judge.report.text import render_text
    from judge.scoring.grading import GradeRequest, grade

    problem = chosen_problem(args.problem, args.submission)
    only = (_parse_case_option(args.case, problem),) if args.case is not None else None
    request = GradeRequest(problem=problem, submission=args.submission, seed=args.seed,
                           examples=args.examples, only=only, shrink=not args.no_shrink,
                           sandbox=chosen_sandbox(args.sandbox), staff=args.staff, prepare_runners=runner_cache_for)
    if args.output and args.output.is_dir():
        raise JudgeError(f"--output {args.output}: is a directory; give a file path")
    if args.watch:
        return _watch(args, request)
    with stdout_to_stderr():
        result = grade(request)
    if args.format == "text" and only is None:
        remember_grade(args.submission, result)  # for `judge hint`
    if args.format == "json":
        report = render_json(result)
    elif args.format in ONE:
        report = ONE[args.format](result.to_dict())
    else:
        buffer = io.StringIO()
        render_text(result, buffer if args.output else sys.stdout, colour=False if args.output else None)
        report = buffer.getvalue()
    if args.output:
        write_report(args.output, report)
    elif args.format != "text":
        sys.stdout.write(report)
        sys.stdout.flush()
    return EXIT_OK if result.status == "passed" else EXIT_BELOW_FULL_MARKS


def _watch(args: argparse.Namespace, request) -> int:
    from rich.console import Console

    from judge.practice.state import remember_grade
    from judge.practice.watch import watch
    from judge.report.text import render_text
    from judge.scoring.grading import grade

    if args.format != "text" or args.output:
        raise JudgeError("--watch prints the text report after every save; drop --format and --output")

    def grade_once():
        with stdout_to_stderr():
            result = grade(request)
        if request.only is None:
            remember_grade(args.submission, result)
        return result

    return watch(args.submission, grade_once, lambda result: render_text(result, sys.stdout),
                 Console(highlight=False, soft_wrap=True))


def _parse_case_option(text: str, problem):
    from judge.problem.parse_cases import parse_case
    from judge.problem.yamlfile import Field

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise JudgeError(f"--case: not a YAML/JSON mapping ({exc.__class__.__name__}); "
                         "copy the replay command's --case value exactly") from None
    return parse_case(Field("--case", "", value, None), problem, kind="fixed", default_id="replay")


