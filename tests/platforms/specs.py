"""Each platform's results.json rules, as published, checked field by field.

Gradescope (autograder specifications): `score` or per-test scores; each test has
`score`/`max_score` numbers, `status` passed|failed, `visibility` one of four values,
`output` text. Our own rules on top: no hidden test (a hidden test hides the total),
test scores adding up to `score`.
PrairieLearn (external grading): `gradable` boolean, `score` in 0..1, optional
`message`/`output` strings, `tests` with `name`, `points`, `max_points`, `format_errors` list.
Exercism (test runner interface v3): `version` 3, `status` pass|fail|error, `message`
required for error (at most 65535 characters), `tests` required for pass/fail, each
with `name`, `status`, `test_code`, `message` for fail/error, `output` at most 500
characters, `task_id` a positive integer.
"""

from __future__ import annotations

import ast

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def check_gradescope(document: dict) -> None:
    assert isinstance(document["score"], (int, float))
    assert document.get("visibility", "visible") == "visible"
    assert document.get("stdout_visibility") in VISIBILITIES
    assert isinstance(document["output"], str) and document["output"]
    tests = document["tests"]
    assert tests, "at least one test, so the student sees why"
    for test in tests:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}, test
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] == "visible", "a hidden test would hide the student's total"
        assert test["score"] == round(test["score"], 2) and test["max_score"] == round(test["max_score"], 2)
    assert round(sum(t["score"] for t in tests) * 100) == round(document["score"] * 100)


def check_prairielearn(document: dict) -> None:
    assert isinstance(document["gradable"], bool)
    assert 0.0 <= document["score"] <= 1.0
    for key in ("message", "output"):
        assert isinstance(document.get(key, ""), str)
    for test in document.get("tests", []):
        assert isinstance(test["name"], str)
        assert 0 <= test["points"] and isinstance(test["max_points"], (int, float))
    assert isinstance(document.get("format_errors", []), list)
    if document["gradable"] and document.get("tests"):
        total = sum(t["max_points"] for t in document["tests"])
        assert round(sum(t["points"] for t in document["tests"]) / total, 4) == round(document["score"], 4)


def check_exercism(document: dict) -> None:
    assert document["version"] == 3
    assert document["status"] in ("pass", "fail", "error")
    if document["status"] == "error":
        assert isinstance(document["message"], str) and 0 < len(document["message"]) <= 65535
        return
    assert document["tests"]
    for test in document["tests"]:
        assert set(test) >= {"name", "status", "test_code", "task_id"}
        assert test["status"] in ("pass", "fail", "error")
        assert isinstance(test["task_id"], int) and test["task_id"] >= 1
        ast.parse(test["test_code"])  # real Python
        if test["status"] != "pass":
            assert test["message"]
        assert len(test.get("output") or "") <= 500


CHECKS = {"gradescope": check_gradescope, "prairielearn": check_prairielearn, "exercism": check_exercism}
