"""CSV: one row per submission, for a spreadsheet or a gradebook import.

Columns: path, status, score, max_score, diagnoses (ids separated by spaces) and
error (why the submission did not run normally: the judge's error, a file that did not
load, cases that raised, crashed or timed out), and with `--student-from` the student. A cell that a spreadsheet
would run as a formula (starting with = + - @) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from judge.base.untrusted import clean
from judge.report.common import Report, abnormal_run, path_of, points

COLUMNS = ("path", "status", "score", "max_score", "diagnoses", "error")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Room for any path (PATH_MAX is 4096 bytes) and any load error (1000 characters).
CELL_CHARS = 5000


def render_csv(reports: Sequence[Report]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    students = any("student" in report for report in reports)  # `--student-from` was given
    writer.writerow(COLUMNS + (("student",) if students else ()))
    for report in reports:
        writer.writerow((
            _cell(path_of(report)), report["status"], points(report["score"]), points(report["max_score"]),
            " ".join(d["id"] for d in report["diagnoses"]),
            _cell(abnormal_run(report)),
        ) + ((_cell(report.get("student", "")),) if students else ()))
    return buffer.getvalue()


def _cell(text: str) -> str:
    text = clean(text, CELL_CHARS, one_line=True)  # control characters written out, one line
    return "'" + text if text.startswith(_FORMULA_START) else text
