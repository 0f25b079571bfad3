"""`judge merge`: combine the results logs of several shards into one report.

Exit codes as for `judge batch`: 0 every submission was graded; 1 `--fail-under` was
given and some submission scored below it; 2 a file is missing or malformed, shards
overlap or were graded with different settings, or some record is a judge error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def add_parser(commands) -> None:
    from judge.commands._gradebook import FORMAT as GRADEBOOK, add_gradebook_options
    from judge.commands.batch import finite_number
    from judge.report.formats import MANY

    merge = commands.add_parser("merge", help="combine the JSON Lines results of several shards")
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE",
                       help="results logs written by `judge batch` (--log, or --output with --format jsonl)")
    merge.add_argument("--format", choices=(*MANY, GRADEBOOK), default="markdown",
                       help="report format (default: markdown)")
    merge.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    merge.add_argument("--fail-under", type=finite_number, metavar="SCORE",
                       help="exit 1 if any submission scores below SCORE points")
    add_gradebook_options(merge)
    merge.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.base.errors import JudgeError
    from judge.batch.merge import merge_logs
    from judge.commands.batch import finish

    started = time.monotonic()
    if args.output and args.output.is_dir():
        raise JudgeError(f"--output {args.output}: is a directory; give a file path")
    records, warnings = merge_logs(args.files)
    for warning in warnings:
        print(f"judge merge: {warning}", file=sys.stderr)
    return finish(records, args, time.monotonic() - started, None)
