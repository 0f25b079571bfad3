"""Command line: `judge grade SUBMISSION [--problem ID] [--format text|json] [--output FILE]`.

Exit codes: 0 full marks; 1 graded below full marks (including a submission that
does not load); 2 the judge itself could not run. The judge never shows a user its
own traceback (set JUDGE_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

import yaml

from judge import __version__
from judge.errors import JudgeError

EXIT_PASSED, EXIT_BELOW_FULL, EXIT_JUDGE_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="judge", description="Grade JAX/Flax kata submissions.")
    parser.add_argument("--version", action="version", version=f"judge {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    grade = commands.add_parser("grade", help="grade one submission file")
    grade.add_argument("submission", type=Path, help="Python file defining the kata's entry point")
    grade.add_argument("--problem", help="problem id (see problems/) or a directory holding problem.yaml")
    grade.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    grade.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    grade.add_argument("--seed", type=_non_negative, default=0, help="seed for the generated cases (default: 0)")
    grade.add_argument("--examples", type=_non_negative, help="number of generated cases (default: the problem's)")
    grade.add_argument("--case", help="grade only this case, given as a YAML/JSON mapping as in cases.yaml "
                                      "(the replay command of a report prints one)")
    grade.add_argument("--no-shrink", action="store_true", help="do not shrink a failing generated case")
    return parser


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run_grade(args)
    except JudgeError as exc:
        print(f"judge: error: {exc}", file=sys.stderr)
        return EXIT_JUDGE_ERROR
    except KeyboardInterrupt:
        print("judge: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("JUDGE_DEBUG"):
            raise
        print(f"judge: internal error ({type(exc).__name__}: {exc}); this is a bug in the judge, "
              "please report it (JUDGE_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_JUDGE_ERROR


def _run_grade(args: argparse.Namespace) -> int:
    from judge.grading import GradeRequest, grade
    from judge.problems import resolve_problem
    from judge.report.json_report import render_json
    from judge.report.text import render_text

    problem = resolve_problem(args.problem)
    only = (_parse_case_option(args.case, problem),) if args.case is not None else None
    request = GradeRequest(problem=problem, submission=args.submission, seed=args.seed,
                           examples=args.examples, only=only, shrink=not args.no_shrink)
    if args.output and args.output.is_dir():
        raise JudgeError(f"--output {args.output}: is a directory; give a file path")
    with _stdout_to_stderr():
        result = grade(request)
    if args.format == "json":
        report = render_json(result)
    else:
        buffer = io.StringIO()
        render_text(result, buffer if args.output else sys.stdout, colour=False if args.output else None)
        report = buffer.getvalue()
    if args.output:
        _write_report(args.output, report)
    elif args.format == "json":
        sys.stdout.write(report)
        sys.stdout.flush()
    return EXIT_PASSED if result.status == "passed" else EXIT_BELOW_FULL


def _parse_case_option(text: str, problem):
    from judge.spec.cases import parse_case
    from judge.spec.yamlfile import Field

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise JudgeError(f"--case: not a YAML/JSON mapping ({exc.__class__.__name__}); "
                         "copy the replay command's --case value exactly") from None
    return parse_case(Field("--case", "", value, None), problem, kind="fixed", default_id="replay")


def _write_report(path: Path, report: str) -> None:
    """Write atomically, so a reader never sees half a report and an old one survives a failure."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(report, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise JudgeError(f"--output {path}: cannot write ({exc.strerror}); check the directory exists and is writable") from None


@contextlib.contextmanager
def _stdout_to_stderr():
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
