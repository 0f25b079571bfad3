"""The gradebook CSV (Canvas and Moodle imports), students from paths, and the csv error column."""

from __future__ import annotations

import csv
import io

import pytest

from batch_records import make_case, make_record
from judge.base.errors import JudgeError
from judge.report.csv_report import render_csv
from judge.report.gradebook import render_gradebook, student_of

# Canvas' gradebook export: identity columns, a "Points Possible" row, then one row per student.
CANVAS_ROSTER = """Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (101)
    Points Possible,,,,,10
"Lovelace, Ada",1001,s1,ada,A,7
"Turing, Alan",1002,s2,alan,A,9
"Hopper, Grace",1003,s3,=grace,B,8
"""
MOODLE_ROSTER = """First name,Last name,Username,Email address
Ada,Lovelace,ada,ada@example.org
Alan,Turing,alan,alan@example.org
"""


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_students_come_from_the_folder_the_stem_or_canvas_download_names():
    assert student_of("subs/ada/se_block.py", "parent") == "ada"
    assert student_of("subs/ada.py", "stem") == "ada"
    assert student_of("dl/lovelaceada_1001_55501_se_block.py", "canvas") == "1001"
    assert student_of("dl/lovelaceada_LATE_1001_55501_se_block-1.py", "canvas") == "1001"
    assert student_of("dl/se_block.py", "canvas") == ""


def test_canvas_gradebook_has_one_row_per_roster_student_and_only_importable_columns():
    records = [make_record("subs/ada/se_block.py"),  # 20 / 20
               make_record("subs/alan/se_block.py", [make_case("a"), make_case("b", "failed")]),
               make_record("subs/nobody/se_block.py")]
    text, warnings = render_gradebook(records, CANVAS_ROSTER, "roster.csv", how="parent", style="canvas",
                                      assignment="SE block (202)")
    table = rows(text)
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "SE block (202)"]
    assert table[1:] == [["Lovelace, Ada", "1001", "s1", "ada", "A", "20"],
                         ["Turing, Alan", "1002", "s2", "alan", "A", "10"],
                         ["Hopper, Grace", "1003", "s3", "'=grace", "B", ""]]  # no submission: no grade
    assert any("'nobody' is not in the roster" in w for w in warnings)
    assert any("1 roster students have no submission: =grace" in w for w in warnings)


def test_moodle_gradebook_adds_feedback_saying_why_a_submission_did_not_run(records):
    by_student = [make_record("subs/ada/x.py", [make_case("a"), make_case("slow", "timeout",
                                                                         message="took longer than 10 s")]),
                  make_record("subs/alan/x.py", [make_case("a", "error")], load_error="syntax error on line 3")]
    text, _ = render_gradebook(by_student, MOODLE_ROSTER + "Grace,Hopper,grace,grace@example.org\n", "r.csv",
                               how="parent", style="moodle", assignment="se_block")
    table = rows(text)
    assert table[0] == ["First name", "Last name", "Username", "Email address", "se_block", "se_block feedback"]
    ada, alan, grace = table[1:]
    assert ada[4] == "10" and "1 of 2 cases ended in timeout; first: took longer than 10 s" in ada[5]
    assert alan[4] == "0" and "syntax error on line 3" in alan[5]
    assert grace[4:] == ["", "no submission"]


def test_a_roster_without_a_key_column_is_refused_with_the_fix():
    with pytest.raises(JudgeError, match="--roster-key"):
        render_gradebook([], "Name,Mail\nAda,a@x\n", "r.csv", how="parent", style="canvas", assignment="k")


def test_csv_error_column_is_filled_for_every_submission_that_did_not_run_normally(records):
    table = {row[0]: row for row in rows(render_csv(records))}
    assert table["subs/a_passed.py"][5] == ""
    assert table["subs/b_failed.py"][5].startswith("2 of 5 cases ended in error or timeout")
    assert "syntax error on line 3" in table["subs/c_load_error.py"][5]
    assert "took longer than the batch's limit" in table["subs/d_judge_error.py"][5]


def test_judge_merge_writes_the_gradebook_from_a_results_log(tmp_path, capsys):
    import json

    from judge.cli import main

    log = tmp_path / "results.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in (
        make_record("subs/ada/se_block.py"), make_record("subs/alan/se_block.py", [make_case("a", "timeout")]))))
    roster = tmp_path / "roster.csv"
    roster.write_text(CANVAS_ROSTER, encoding="utf-8")
    out = tmp_path / "gradebook.csv"
    code = main(["merge", str(log), "--format", "gradebook", "--roster", str(roster), "--output", str(out),
                 "--assignment", "SE block (202)"])
    assert code == 0
    assert [row[3:] for row in rows(out.read_text())] == [
        ["SIS Login ID", "Section", "SE block (202)"], ["ada", "A", "20"], ["alan", "A", "0"], ["'=grace", "B", ""]]
    assert "1 roster students have no submission" in capsys.readouterr().err
    assert main(["merge", str(log), "--format", "gradebook"]) == 2  # no --roster: a clear error
    assert "--format gradebook needs --roster" in capsys.readouterr().err
