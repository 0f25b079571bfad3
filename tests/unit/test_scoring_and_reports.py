"""Points per case, and the two renderings of a GradeResult (built by hand: nothing is graded)."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import pytest

from judge.base.results import SCHEMA_VERSION, CaseResult, Diagnosis, GradeDict, GradeResult, MinimalFailure, Status
from judge.problem.case import Case
from judge.report.json_report import render_json
from judge.report.text import render_text
from judge.scoring.points import case_points, total

ANSI_ESCAPE = re.compile(r"\x1b\[")
MARKUP = "[bold red]x[/]"


def case(case_id: str, kind: str, weight: float = 1.0) -> Case:
    return Case(id=case_id, kind=kind, args=(), weight=weight)


# -- scoring ------------------------------------------------------------------------------


def test_case_points_split_each_group_by_weight():
    cases = [case("a", "fixed", 2), case("b", "fixed", 1), case("c", "fixed", 1),
             *(case(f"g{i}", "generated") for i in range(3))]

    worth = case_points(cases, {"fixed": 60, "generated": 40})

    assert worth["a"] == pytest.approx(30)
    assert worth["b"] == worth["c"] == pytest.approx(15)
    assert [worth[f"g{i}"] for i in range(3)] == pytest.approx([40 / 3] * 3)
    assert sum(worth[c.id] for c in cases if c.kind == "fixed") == pytest.approx(60)
    assert sum(worth[c.id] for c in cases if c.kind == "generated") == pytest.approx(40)


def test_a_group_without_cases_gives_its_points_to_nobody():
    worth = case_points([case("only", "fixed")], {"fixed": 60, "generated": 40})

    assert worth == {"only": 60}


def test_total_rounds_to_hundredths():
    assert total([40 / 3] * 3) == 40.0
    assert total([1 / 3]) == 0.33


# -- the reports ------------------------------------------------------------------------------


def grade_result(**changes) -> GradeResult:
    fields = dict(
        problem="se_block",
        submission="submissions/se_block/example.py",
        status="failed",
        score=60.0,
        max_score=100.0,
        cases=(
            CaseResult(id="ok", kind="fixed", status=Status.PASSED, message="matches", points=60.0, max_points=60.0,
                       inputs="seed=0"),
            CaseResult(id="bad", kind="generated", status=Status.FAILED, message="mismatched elements: 3 / 64",
                       points=0.0, max_points=40.0, details=("worst position: (h=0, w=1, c=3)",),
                       inputs="seed=1, x=normal(4, 4, 4), reduction=2", output="hello from the submission"),
        ),
        seed=7,
        versions={"jax": "0.10.2", "flax": "0.12.8"},
        duration_s=1.23456,
        isolation="process",
        diagnoses=(Diagnosis("no-clamp", "C // r is 0 here", ("case bad",)),),
        minimal_failure=MinimalFailure(inputs="seed=0", case_json="{}", message="differs", replay="judge grade x"),
        examples=1,
    )
    return GradeResult(**{**fields, **changes})


def test_json_report_has_every_schema_key():
    document = json.loads(render_json(grade_result()))

    assert set(document) == set(GradeDict.__annotations__)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["cases"][1]["status"] == "failed"
    assert document["cases"][1]["details"] == ["worst position: (h=0, w=1, c=3)"]
    assert document["minimal_failure"]["replay"] == "judge grade x"
    assert document["duration_s"] == 1.235


def test_json_report_of_a_submission_that_did_not_load():
    document = json.loads(render_json(grade_result(status="error", load_error="syntax error on line 3",
                                                   minimal_failure=None, diagnoses=())))

    assert set(document) == set(GradeDict.__annotations__)
    assert document["load_error"] == "syntax error on line 3"
    assert document["minimal_failure"] is None


def text_report(result: GradeResult, colour: bool | None = None) -> str:
    stream = io.StringIO()  # not a TTY
    render_text(result, stream, colour=colour)
    return stream.getvalue()


@pytest.fixture
def plain_environment(monkeypatch):
    """Rich honours these variables over the stream; a test of the default must not see them.

    TERM too: under TERM=dumb (an `env -i` shell, some CI runners) rich never colours."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.mark.parametrize("field", ["message", "details", "inputs", "output", "id"])
def test_markup_in_case_results_prints_literally(plain_environment, field):
    passed, failed = grade_result().cases
    value = (MARKUP,) if field == "details" else MARKUP
    result = grade_result(cases=(passed, dataclasses.replace(failed, **{field: value})))

    assert MARKUP in text_report(result)


def test_markup_in_a_load_error_prints_literally(plain_environment):
    result = grade_result(status="error", load_error=f"NameError: {MARKUP}", load_output=MARKUP)

    report = text_report(result)

    assert f"NameError: {MARKUP}" in report
    assert f"| {MARKUP}" in report


def test_text_report_to_a_stream_that_is_not_a_tty_has_no_ansi_escapes(plain_environment):
    report = text_report(grade_result())

    assert "FAILED" in report
    assert "score 60 / 100" in report
    assert not ANSI_ESCAPE.search(report)


def test_text_report_with_colour_forced_has_ansi_escapes(plain_environment):
    # The check above could not fail if the report were never coloured.
    assert ANSI_ESCAPE.search(text_report(grade_result(), colour=True))


def test_text_report_shows_the_seed_and_the_failing_case(plain_environment):
    report = text_report(grade_result())

    assert "seed 7" in report
    assert "bad (generated, failed): mismatched elements: 3 / 64" in report
    assert "worst position: (h=0, w=1, c=3)" in report
    assert "replay: judge grade x" in report
