"""The batch and single-grade output formats, rendered from hand-made records."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from batch_records import JUNIT_XSD, make_case, make_record
from judge.report.formats import MANY, ONE
from judge.base.exit_codes import EXIT_BELOW_FULL_MARKS, EXIT_JUDGE_ERROR, EXIT_OK
from judge.report.summary import exit_code, summarise


@pytest.fixture(scope="module")
def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(JUNIT_XSD))


def test_junit_is_valid_against_the_jenkins_xsd(records, junit_schema):
    xml = MANY["junit"](records)
    junit_schema.validate(xml)  # raises with the offending element and rule
    assert "\x00" not in xml and "\x1b" not in xml, "characters XML cannot carry are replaced"


def test_junit_counts_and_carries_mismatch_seed_and_versions(records):
    root = ET.fromstring(MANY["junit"](records))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    failed = suites["subs/b_failed.py"]
    assert (failed.get("tests"), failed.get("failures"), failed.get("errors")) == ("5", "2", "2")
    properties = {p.get("name"): p.get("value") for p in failed.iter("property")}
    assert properties["seed"] == "0" and properties["versions.jax"] == "0.10.2"
    assert properties["diagnosis.missing_sigmoid"] == "the gates are not squashed by a sigmoid"
    cases = {c.get("name"): c for c in failed.iter("testcase")}
    failure = cases["visible"].find("failure")
    assert failure.get("message") == "mismatched elements: 3 / 64"
    assert "max absolute difference: 4.1" in failure.text
    assert cases["slow"].find("error").get("type") == "timeout"
    assert cases["ok"].find("failure") is None and cases["ok"].find("error") is None
    # A submission that did not load, or that the judge could not grade, says why in its own testcase.
    load = suites["subs/c_load_error.py"].find("testcase")
    assert (load.get("name"), load.find("error").get("message")) == ("load", "syntax error on line 3")
    judged = suites["subs/d_judge_error.py"].findall("testcase")
    assert [c.get("name") for c in judged] == ["grade"] and "limit of 5 s" in judged[0].find("error").get("message")


def test_junit_of_one_grade_and_of_none_validate(records, junit_schema):
    junit_schema.validate(ONE["junit"](records[1]))
    junit_schema.validate(MANY["junit"]([]))


def test_csv_has_one_row_per_submission_and_defuses_formulas(records):
    records.append(make_record("=HYPERLINK(evil).py"))
    rows = list(csv.reader(io.StringIO(MANY["csv"](records))))
    assert rows[0] == ["path", "status", "score", "max_score", "diagnoses", "error"]
    # a timeout and a raise: the error column says so (a hung or crashing file is not a quiet "failed")
    assert rows[2] == ["subs/b_failed.py", "failed", "10", "50", "missing_sigmoid",
                       "2 of 5 cases ended in error or timeout; first: the call took longer than 10 s and was stopped"]
    assert rows[3][1] == "error" and rows[3][5] == "syntax error on line 3"
    assert rows[4][5].startswith("grading took longer")
    assert rows[5][0] == "'=HYPERLINK(evil).py"


def test_jsonl_round_trips_every_record(records):
    lines = MANY["jsonl"](records).splitlines()
    assert [json.loads(line) for line in lines] == records


def test_gradescope_keeps_hidden_cases_hidden(records):
    """Hidden cases are one visible test with a count (a hidden test would hide the student's total)."""
    document = json.loads(ONE["gradescope"](records[1]))
    assert document["score"] == 10
    tests = {t["name"]: t for t in document["tests"]}
    hidden = tests["hidden cases (inputs not shown): 0/1"]
    assert (hidden["visibility"] == "visible" and "seed=" not in hidden["output"]
            and "mismatched" not in hidden["output"])
    assert all(t["visibility"] == "visible" for t in document["tests"])
    visible = tests["case visible"]
    assert "inputs: seed=0" in visible["output"]
    assert visible["status"] == "failed" and visible["max_score"] == 10
    assert tests["generated cases: 1/3"]["score"] == 10
    assert "the gates are not squashed by a sigmoid" in document["output"]


def test_gradescope_explains_partial_credit(records):
    record = {**records[1], "score": 30.0,
              "partial_credit": {"case_score": 10.0, "score": 30.0, "diagnosis": "missing_sigmoid", "fraction": 0.3}}
    document = json.loads(ONE["gradescope"](record))
    assert document["score"] == 30
    assert "Partial credit: the cases earned 10; the likely mistake (missing_sigmoid) keeps 30." in document["output"]


def test_gradescope_of_a_submission_that_did_not_load(records):
    document = json.loads(ONE["gradescope"](records[2]))
    assert document["score"] == 0 and "syntax error on line 3" in document["output"]


def test_exercism_version_3(records):
    passed = json.loads(ONE["exercism"](records[0]))
    assert passed["version"] == 3 and passed["status"] == "pass"
    assert all(t["status"] == "pass" and t["test_code"] for t in passed["tests"])
    failed = json.loads(ONE["exercism"](records[1]))
    assert failed["status"] == "fail"
    statuses = {t["name"]: t["status"] for t in failed["tests"]}
    assert statuses == {"fixed case visible": "fail", "fixed case hidden-1": "fail", "generated case slow": "error",
                        "generated case raises": "error", "generated case ok": "pass"}
    hidden = next(t for t in failed["tests"] if t["name"] == "fixed case hidden-1")
    assert "seed=" not in hidden["test_code"] and "seed=" not in hidden["message"]
    visible = next(t for t in failed["tests"] if t["name"] == "fixed case visible")
    assert visible["output"].startswith("debug print") and len(visible["output"]) <= 500
    not_loaded = json.loads(ONE["exercism"](records[2]))
    assert not_loaded["status"] == "error" and "syntax error on line 3" in not_loaded["message"]


def test_markdown_summary(records):
    text = MANY["markdown"](records)
    assert "**4** submissions: 1 passed, 1 failed, 1 error, **1 not graded**" in text
    assert "| 1 | `missing_sigmoid`: the gates are not squashed by a sigmoid |" in text
    assert "| `subs/a_passed.py` | ✅ passed | 20 / 20 |" in text
    assert "syntax error on line 3" in text
    histogram = text.split("```")[1]
    assert "100 %  " in histogram and " 0–9 %  " in histogram


def test_markdown_table_cells_cannot_break_the_table():
    record = make_record("a|b.py", [make_case("x", "failed", message="bad | worse\nnext line")])
    row = next(line for line in MANY["markdown"]([record]).splitlines() if line.startswith("| `a"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 5, row  # four columns, every other pipe escaped


def test_summary_and_exit_policy(records):
    summary = summarise(records)
    assert (summary.total, summary.passed, summary.failed, summary.errors, summary.judge_errors) == (4, 1, 1, 1, 1)
    assert summary.mean_score == pytest.approx((20 + 10 + 0) / 3, abs=0.01)
    graded = records[:3]
    assert exit_code(graded, None) == EXIT_OK
    assert exit_code(graded, 0) == EXIT_OK
    assert exit_code(graded, 10) == EXIT_BELOW_FULL_MARKS  # the load error scored 0
    assert exit_code(records, None) == EXIT_JUDGE_ERROR
