"""A gradebook CSV to import into Canvas or Moodle: one row per student of the roster.

Students come from the batch's paths (`--student-from`): the folder of each file (a
submission per folder), the file's stem, or the user id in Canvas' bulk-download file
names (`name_12345_678_file.py`, `name_LATE_12345_...`). They are matched to the roster's
key column (by default the first of SIS Login ID, ID, Username, Email address, ID number).

- canvas: the roster's columns as Canvas exports them (Student, ID, SIS User ID, SIS Login
  ID, Section) and one points column named for the assignment. A student with no
  submission gets an empty cell, which Canvas imports as "no grade" (it is not a zero);
  Canvas would offer any other column as a new assignment, so status and errors are
  said on stderr, not in the file.
- moodle: the roster's columns, the grade, and a feedback column (verdict, diagnoses,
  why a submission did not run normally, or "no submission"): Moodle's CSV grade import
  maps an identity column, a grade item and its feedback.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath
from typing import Sequence

from judge.base.errors import JudgeError
from judge.report.common import Report, abnormal_run, path_of, points

STUDENT_FROM = ("parent", "stem", "canvas")
KEY_COLUMNS = ("SIS Login ID", "ID", "Username", "Email address", "ID number", "student", "id")
NO_SUBMISSION = "no submission"
# Canvas' bulk download: name_[LATE_]USERID_SUBMISSIONID_original-name
_CANVAS_NAME = re.compile(r"^[^_]+_(?:LATE_|late_)?(\d+)_\d+_")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def student_of(path: str, how: str) -> str:
    """The student a submission's path names."""
    pure = PurePath(path)
    if how == "parent":
        return pure.parent.name
    if how == "stem":
        return pure.stem
    match = _CANVAS_NAME.match(pure.name)
    return match.group(1) if match else ""


def read_roster(text: str, where: str, key: str | None) -> tuple[list[str], list[dict[str, str]], str]:
    """(columns, rows, key column) of a roster CSV (a Canvas or Moodle export works as is)."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    columns = list(rows[0].keys()) if rows else []
    if not columns:
        raise JudgeError(f"{where}: no header row and no students; export the roster from Canvas or Moodle as CSV")
    # Canvas' export has a "Points Possible" row under the header: not a student.
    rows = [r for r in rows if (r.get(columns[0]) or "").strip() != "Points Possible"]
    chosen = key or next((c for c in KEY_COLUMNS if c in columns), None)
    if chosen is None or chosen not in columns:
        raise JudgeError(f"{where}: no column {key or ' / '.join(KEY_COLUMNS)} (it has {', '.join(columns)}); "
                         "name the column that holds the student ids with --roster-key")
    return columns, rows, chosen


def render_gradebook(records: Sequence[Report], roster_text: str, roster_name: str, *, how: str, style: str,
                     assignment: str, key: str | None = None) -> tuple[str, list[str]]:
    """The CSV, and warnings for stderr (unmatched files, several files of one student, no submission)."""
    columns, rows, key_column = read_roster(roster_text, roster_name, key)
    by_student: dict[str, Report] = {}
    warnings = []
    for record in records:
        student = student_of(path_of(record), how)
        if student in by_student:  # keep the best: a student's later fix should not be hidden by a draft
            warnings.append(f"{student}: several submissions; the gradebook keeps the highest score")
            if record["score"] <= by_student[student]["score"]:
                continue
        by_student[student] = record
    known = {(row.get(key_column) or "").strip() for row in rows}
    for student in sorted(set(by_student) - known):
        warnings.append(f"{path_of(by_student[student])}: student {student!r} is not in the roster's "
                        f"{key_column} column (--student-from {how}); left out")
    keep = [c for c in columns if style == "moodle" or c in ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
            or c == key_column]
    header = keep + [assignment] + ([f"{assignment} feedback"] if style == "moodle" else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    missing = []
    for row in rows:
        record = by_student.get((row.get(key_column) or "").strip())
        if record is None:
            missing.append(row.get(key_column) or "?")
        cells = [_cell(row.get(c) or "") for c in keep]
        cells.append("" if record is None else points(record["score"]))
        if style == "moodle":
            cells.append(_cell(NO_SUBMISSION if record is None else _feedback(record)))
        writer.writerow(cells)
    if missing:
        warnings.append(f"{len(missing)} roster students have no submission: {', '.join(missing[:20])}"
                        + (" …" if len(missing) > 20 else ""))
    return buffer.getvalue(), warnings


def _feedback(record: Report) -> str:
    parts = [f"{record['status']}: {points(record['score'])} / {points(record['max_score'])}"]
    parts += [d["message"] for d in record.get("diagnoses") or ()]
    problem = abnormal_run(record)
    if problem:
        parts.append(problem)
    return "; ".join(parts)[:1000]


def _cell(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text
