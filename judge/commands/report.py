"""`judge report`: the class report of one batch (its results log, or its shards' logs).

Exit codes: 0 the report was written; 2 the judge's own error (a missing or malformed
log, overlapping shards, a file that cannot be written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from judge.base.errors import JudgeError

FORMATS = ("html", "markdown")
# What `judge batch --report PATH` writes, by PATH's suffix.
FORMAT_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def add_parser(commands) -> None:
    report = commands.add_parser("report", help="a class report of a batch: scores, mistakes, cases, look-alikes")
    report.add_argument("files", nargs="+", type=Path, metavar="RESULTS",
                        help="results logs written by `judge batch` (several: the shards of one batch)")
    report.add_argument("--format", choices=FORMATS, help="html (default; or markdown when --output ends in .md)")
    report.add_argument("--output", type=Path, required=True, help="the report file to write")
    report.add_argument("--compare", type=Path, nargs="+", metavar="OLD",
                        help="the results logs of an earlier round: who improved, who regressed, which mistakes went")
    report.add_argument("--root", type=Path, help="the folder the batch ran in: submissions' code is read from it "
                                                  "for the look-alikes, and never from outside it (default: here)")
    report.add_argument("--no-lookalikes", action="store_true", help="do not read the code to look for look-alikes")
    report.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output_format = args.format or FORMAT_BY_SUFFIX.get(args.output.suffix.lower(), "html")
    check_output(args.output, "--output")
    if args.root is not None and not args.root.is_dir():
        raise JudgeError(f"--root {args.root}: not a folder; give the folder `judge batch` ran in")
    written = write_class_report(args.files, args.output, output_format, compare=args.compare, root=args.root,
                                 lookalikes=not args.no_lookalikes, command="report")
    print(f"judge report: {written}", file=sys.stderr)
    return 0


def write_class_report(files: list[Path], output: Path, output_format: str, *, compare=None, root=None,
                       lookalikes: bool = True, command: str) -> str:
    """Build and write the report; return a one-line account of what was written."""
    from judge.classreport.build import build_report

    report = build_report(files, compare=compare, root=root, lookalikes=lookalikes)
    for warning in report.warnings:
        print(f"judge {command}: {warning}", file=sys.stderr)
    if output_format == "html":
        from judge.classreport.html import render_html

        text = render_html(report)
    else:
        from judge.classreport.markdown import render_markdown

        text = render_markdown(report)
    _write(output, text)
    pairs = sum(len(p.pairs) + p.more_pairs for p in report.lookalikes.problems) if report.lookalikes else 0
    return (f"{output_format} class report of {len(report.submissions)} submissions, {len(report.mistakes)} mistakes, "
            f"{pairs} look-alike pairs: {output} ({len(text.encode('utf-8')):,} bytes)")


def check_output(path: Path, option: str) -> None:
    """Before any work: the report can be written there."""
    if path.is_dir():
        raise JudgeError(f"{option} {path}: is a folder; give a file path")
    if not path.parent.is_dir() and str(path.parent) not in ("", "."):
        raise JudgeError(f"{option} {path}: the folder {path.parent} does not exist; create it first")


def _write(path: Path, text: str) -> None:
    """Atomically: a reader never sees half a report, and a failure leaves the old one."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise JudgeError(f"{path}: cannot write the class report ({exc.strerror}); "
                         "check the folder is writable") from None
