"""`judge export PLATFORM KATA --output PATH`: write a ready autograder for a course platform."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from judge.base.errors import JudgeError

PLATFORMS = {
    "gradescope": "autograder.zip: setup.sh installs the judge and bubblewrap, run_autograder grades",
    "prairielearn": "an external grader for serverFilesCourse, the question's info.json and a Dockerfile",
    "exercism": "a test runner: bin/run.sh SLUG INPUT_DIR OUTPUT_DIR and a Dockerfile",
}


def add_parser(commands) -> None:
    parser = commands.add_parser("export", help="write a ready autograder for Gradescope, PrairieLearn or Exercism")
    parser.add_argument("platform", choices=sorted(PLATFORMS), help="the platform the course grades on")
    parser.add_argument("problem", metavar="KATA", help="problem id (`judge list` shows them) or a directory "
                                                        "holding problem.yaml")
    parser.add_argument("--output", type=Path, required=True,
                        help="where to write it: gradescope, a .zip path (or a folder for autograder.zip); "
                             "the others, a folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.problem.find import resolve_problem

    problem = resolve_problem(args.problem)
    output: Path = args.output
    if args.platform != "gradescope" and output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise JudgeError(f"--output {output}: exists and is not an empty folder; give a new folder "
                         "(export never writes over files)")
    if args.platform == "gradescope" and output.suffix == ".zip" and output.exists():
        raise JudgeError(f"--output {output}: already exists; give a new path (export never writes over files)")
    module = importlib.import_module(f"judge.export.{args.platform}")
    try:
        written = module.export(problem, output, max_score=round(sum(problem.scoring.values()), 2))
    except OSError as exc:
        raise JudgeError(f"--output {output}: cannot be written ({exc.strerror}: {exc.filename}); "
                         "check the folder is writable") from None
    print(f"wrote {written}: {PLATFORMS[args.platform]}")
    print("Read README.md, section \"Use it on your platform\", for how to upload it.")
    sys.stdout.flush()
    return 0
