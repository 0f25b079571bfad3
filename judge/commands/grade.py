"""`judge grade`: grade one submission and print its report."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

import yaml

from judge.base.errors import JudgeError
from judge.base.exit_codes import EXIT_BELOW_FULL_MARKS, EXIT_OK


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


def add_staff_option(parser) -> None:
    parser.add_argument("--staff", action="store_true",
                        help="report everything the hidden cases did (inputs, messages, tracebacks, output): "
                             "for teachers only, never for a report a learner sees")


def add_sandbox_option(parser) -> None:
    from judge.sandbox.levels import MODES

    parser.add_argument("--sandbox", choices=MODES, default="auto",
                        help="how the submission is confined: auto (bwrap when it works here, else process-level; "
                             "the default), required (bwrap or refuse: for servers), process (process-level only)")


def chosen_sandbox(mode: str):
    """The sandbox for --sandbox MODE (JudgeError if `required` cannot be met), said on stderr if weaker than asked."""
    from judge.runner.confinement import choose
    from judge.sandbox.levels import shield_judge

    sandbox = choose(mode)
    if sandbox.note:
        print(f"judge: note: {sandbox.note}; runners get process-level isolation", file=sys.stderr)
    if sandbox.level == "process":
        shield_judge()
    return sandbox


def chosen_problem(name: str | None, submission: Path, announce: bool = True):
    """The problem to grade `submission` against; when the judge inferred it, it says so on stderr
    (unless the command names the problem in its own output)."""
    from judge.problem.find import problem_for

    choice = problem_for(name, submission)
    if choice.reason and announce:
        print(f"judge: {choice.reason}", file=sys.stderr)
    return choice.problem


def non_negative(text: str, most: int | None = None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    if most is not None and value > most:
        raise argparse.ArgumentTypeError(f"must be at most {most}, got {value}")
    return value


# Each generated case is a runner call (tens of milliseconds at best) and a few KiB of report:
# ten thousand is an afternoon of grading and tens of MiB; more is a typo.
MAX_EXAMPLES = 10_000
# Seeds are hashed into hypothesis' and NumPy's generators; past 2**63 - 1 some of them refuse.
MAX_SEED = 2**63 - 1


def examples_number(text: str) -> int:
    return non_negative(text, MAX_EXAMPLES)


def seed_number(text: str) -> int:
    return non_negative(text, MAX_SEED)


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


def write_report(path: Path, report: str) -> None:
    """Write atomically, so a reader never sees half a report and an old one survives a failure."""
    if path.exists() and not path.is_file():  # a device or pipe such as /dev/null: write through it
        try:
            with open(path, "w", encoding="utf-8", errors="backslashreplace") as out:
                out.write(report)
            return
        except OSError as exc:
            raise JudgeError(f"--output {path}: cannot write ({exc.strerror})") from None
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    # A report should hold no unencodable character (the grade cleans every string it got from
    # a submission); should one slip through, it is written escaped rather than lost.
    data = report.encode("utf-8", errors="backslashreplace")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise JudgeError(f"--output {path}: cannot write ({exc.strerror}); check the directory exists and is writable") from None
    finally:
        temporary.unlink(missing_ok=True)  # gone after os.replace; left by any failure before it


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
