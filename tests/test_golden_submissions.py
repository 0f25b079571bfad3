"""Golden tests: every example in submissions/ graded through the CLI, as a user would.

Expectations live in submissions/expected.yaml (status, exact score, a message).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = ROOT / "submissions"
EXPECTED = yaml.safe_load((SUBMISSIONS / "expected.yaml").read_text())


def test_every_example_has_an_expectation():
    files = {p.name for p in SUBMISSIONS.glob("*.py")}
    assert files == set(EXPECTED), "submissions/ and expected.yaml list different files"


def grade_json(path: Path, *extra: str) -> tuple[int, dict, str]:
    # These examples are se_block's; with several katas, one that defines nothing (broken_empty.py)
    # cannot have its kata inferred, so it is named.
    problem = () if "--problem" in extra else ("--problem", "se_block")
    proc = subprocess.run(
        [sys.executable, "-m", "judge", "grade", str(path), "--format", "json", *problem, *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    # stdout must be exactly one JSON document, whatever the submission printed.
    return proc.returncode, json.loads(proc.stdout), proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_submission(name):
    expected = EXPECTED[name]
    code, report, stderr = grade_json(SUBMISSIONS / name)
    assert "Traceback" not in stderr
    assert report["status"] == expected["status"], report.get("load_error")
    assert code == (0 if expected["status"] == "passed" else 1)
    assert report["score"] == pytest.approx(expected["score"], abs=0.005)
    assert report["max_score"] == 100
    not_passed = [c for c in report["cases"] if c["status"] != "passed"]
    assert sorted(d["id"] for d in report["diagnoses"]) == sorted(expected.get("diagnoses", []))
    if expected["status"] == "passed":
        assert not not_passed
        return
    first = report["load_error"] or not_passed[0]["message"]
    assert expected["message"] in first
    if "statuses" in expected:
        assert {c["status"] for c in not_passed} == set(expected["statuses"])
