"""The gradebook options of `judge batch` and `judge merge` (report/gradebook.py renders it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from judge.base.errors import JudgeError

FORMAT = "gradebook"


def add_gradebook_options(parser: argparse.ArgumentParser) -> None:
    from judge.report.gradebook import STUDENT_FROM

    group = parser.add_argument_group("gradebook (--format gradebook)")
    group.add_argument("--roster", type=Path, help="the class roster CSV (Canvas' gradebook export or Moodle's "
                                                   "participants/grades export): one gradebook row per student")
    group.add_argument("--roster-key", metavar="COLUMN", help="the roster column holding student ids "
                                                              "(default: SIS Login ID, ID, Username, ...)")
    group.add_argument("--student-from", choices=STUDENT_FROM,
                       help="where a submission's path names its student: its folder (the gradebook's default), "
                            "its file name's stem, or the user id in Canvas' bulk-download file names; "
                            "adds a student column to csv and a `student` key to jsonl")
    group.add_argument("--gradebook-style", choices=("canvas", "moodle"), default="canvas",
                       help="canvas: identity columns and one points column; moodle: also a feedback column")
    group.add_argument("--assignment", help="the gradebook column's name (default: the kata id; for Canvas, "
                                            "the assignment's name as its gradebook export writes it)")


def with_students(records: list[dict], args: argparse.Namespace) -> list[dict]:
    """The records with the student their path names, when --student-from is given."""
    from judge.report.gradebook import student_of

    if getattr(args, "student_from", None) is None:
        return records
    return [{**r, "student": student_of(r["path"], args.student_from)} for r in records]


def gradebook_report(records: list[dict], args: argparse.Namespace) -> str:
    from judge.report.gradebook import render_gradebook

    if args.roster is None:
        raise JudgeError("--format gradebook needs --roster ROSTER.csv (export it from Canvas or Moodle)")
    try:
        text = args.roster.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise JudgeError(f"--roster {args.roster}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise JudgeError(f"--roster {args.roster}: not UTF-8 text; export it again as CSV (UTF-8)") from None
    assignment = args.assignment or ", ".join(sorted({r["problem"] for r in records})) or "kata"
    report, warnings = render_gradebook(records, text, str(args.roster), how=args.student_from or "parent",
                                        style=args.gradebook_style, assignment=assignment, key=args.roster_key)
    for warning in warnings:
        print(f"judge {args.command}: gradebook: {warning}", file=sys.stderr)
    return report
