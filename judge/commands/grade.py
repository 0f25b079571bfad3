"""`judge grade`: grade one submission and print its report."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

import yaml

from judge.errors import JudgeError

EXIT_PASSED, EXIT_BELOW_FULL = 0, 1


def add_parser(commands) -> None:
    from judge.report.formats import ONE

    grade = commands.add_parser("grade", help="grade one submission file")
    grade.add_argument("submission", type=Path, help="Python file defining the kata's entry point")
    grade.add_argument("--problem", help="problem id (see problems/) or a directory holding problem.yaml")
    grade.add_argument("--format", choices=("text", "json", *ONE), default="text", help="report format (default: text)")
    grade.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    grade.add_argument("--seed", type=non_negative, default=0, help="seed for the generated cases (default: 0)")
    grade.add_argument("--examples", type=non_negative, help="number of generated cases (default: the problem's)")
    grade.add_argument("--case", help="grade only this case, given as a YAML/JSON mapping as in cases.yaml "
                                      "(the replay command of a report prints one)")
    grade.add_argument("--no-shrink", action="store_true", help="do not shrink a failing generated case")
    grade.add_argument("--watch", action="store_true", help="re-grade whenever the file changes and say what "
                                                            "changed (text report; Ctrl-C stops)")
    add_sandbox_option(grade)
    grade.set_defaults(run=run)


def add_sandbox_option(parser) -> None:
    from judge.sandbox.levels import MODES

    parser.add_argument("--sandbox", choices=MODES, default="auto",
                        help="how the submission is confined: auto (bwrap when it works here, else process-level; "
                             "the default), required (bwrap or refuse: for servers), process (process-level only)")


def chosen_sandbox(mode: str):
    """The sandbox for --sandbox MODE (JudgeError if `required` cannot be met), said on stderr if weaker than asked."""
    from judge.sandbox.levels import choose, shield_judge

    sandbox = choose(mode)
    if sandbox.note:
        print(f"judge: note: {sandbox.note}; runners get process-level isolation", file=sys.stderr)
    if sandbox.level == "process":
        shield_judge()
    return sandbox


def chosen_problem(name: str | None, submission: Path, announce: bool = True):
    """The problem to grade `submission` against; when the judge inferred it, it says so on stderr
    (unless the command names the problem in its own output)."""
    from judge.problems import problem_for

    choice = problem_for(name, submission)
    if choice.reason and announce:
        print(f"judge: {choice.reason}", file=sys.stderr)
    return choice.problem


def non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    from judge.grading import GradeRequest, grade
    from judge.practice.state import remember_grade
    from judge.report.formats import ONE
    from judge.report.json_report import render_json
    from judge.report.text import render_text

    problem = chosen_problem(args.problem, args.submission)
    only = (_parse_case_option(args.case, problem),) if args.case is not None else None
    request = GradeRequest(problem=problem, submission=args.submission, seed=args.seed,
                           examples=args.examples, only=only, shrink=not args.no_shrink,
                           sandbox=chosen_sandbox(args.sandbox))
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
    return EXIT_PASSED if result.status == "passed" else EXIT_BELOW_FULL


def _watch(args: argparse.Namespace, request) -> int:
    from rich.console import Console

    from judge.grading import grade
    from judge.practice.state import remember_grade
    from judge.practice.watch import watch
    from judge.report.text import render_text

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
    from judge.spec.cases import parse_case
    from judge.spec.yamlfile import Field

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise JudgeError(f"--case: not a YAML/JSON mapping ({exc.__class__.__name__}); "
                         "copy the replay command's --case value exactly") from None
    return parse_case(Field("--case", "", value, None), problem, kind="fixed", default_id="replay")


def write_report(path: Path, report: str) -> None:
    """Write atomically, so a reader never sees half a report and an old one survives a failure."""
    if path.exists() and not path.is_file():  # a device or pipe such as /dev/null: write through it
        try:
            with open(path, "w", encoding="utf-8") as out:
                out.write(report)
            return
        except OSError as exc:
            raise JudgeError(f"--output {path}: cannot write ({exc.strerror})") from None
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(report, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise JudgeError(f"--output {path}: cannot write ({exc.strerror}); check the directory exists and is writable") from None


@contextlib.contextmanager
def stdout_to_stderr():
    """While grading, anything written to fd 1 (by jax, a library, anyone) lands on stderr,
    so stdout carries exactly the report."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
