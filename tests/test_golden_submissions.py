"""Golden tests: every example in submissions/<kata>/ graded through the CLI, as a user would.

Expectations live beside the examples, in submissions/<kata>/expected.yaml (status, exact
score, a message). Each example is graded with `--problem` naming its kata.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIRST_KATA = "se_block"  # the kata the unnamed helpers below and test_speedups_keep_verdicts grade
SUBMISSIONS = ROOT / "submissions" / FIRST_KATA
EXPECTED = yaml.safe_load((SUBMISSIONS / "expected.yaml").read_text())

# kata -> (its examples' folder, their expectations)
EXAMPLE_SETS = {
    listing.parent.name: (listing.parent, yaml.safe_load(listing.read_text()))
    for listing in sorted((ROOT / "submissions").glob("*/expected.yaml"))
}
CASES = [(kata, name) for kata, (_, expected) in EXAMPLE_SETS.items() for name in sorted(expected)]


@pytest.mark.parametrize("kata", sorted(EXAMPLE_SETS))
def test_every_example_has_an_expectation(kata):
    folder, expected = EXAMPLE_SETS[kata]
    files = {p.name for p in folder.glob("*.py")}
    assert files == set(expected), f"{folder} and its expected.yaml list different files"


def test_every_example_set_is_a_kata():
    assert all((ROOT / "problems" / kata / "problem.yaml").is_file() for kata in EXAMPLE_SETS)


def grade_json(path: Path, *extra: str, kata: str = FIRST_KATA) -> tuple[int, dict, str]:
    # The kata is always named: one that defines nothing (broken_empty.py) cannot have it inferred.
    problem = () if "--problem" in extra else ("--problem", kata)
    proc = subprocess.run(
        [sys.executable, "-m", "judge", "grade", str(path), "--format", "json", *problem, *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    # stdout must be exactly one JSON document, whatever the submission printed.
    return proc.returncode, json.loads(proc.stdout), proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("kata,name", CASES, ids=[f"{kata}/{name}" for kata, name in CASES])
def test_example_submission(kata, name):
    folder, expectations = EXAMPLE_SETS[kata]
    expected = expectations[name]
    code, report, stderr = grade_json(folder / name, kata=kata)
    assert "Traceback" not in stderr
    assert report["problem"] == kata
    assert report["status"] == expected["status"], report.get("load_error")
    assert code == (0 if expected["status"] == "passed" else 1)
    assert report["score"] == pytest.approx(expected["score"], abs=0.005)
    assert report["max_score"] == 100
    not_passed = [c for c in report["cases"] if c["status"] != "passed"]
    # A learner learns only pass or fail of a hidden case: the statuses are the visible cases'.
    visible_not_passed = [c for c in not_passed if c.get("visibility", "visible") == "visible"]
    assert sorted(d["id"] for d in report["diagnoses"]) == sorted(expected.get("diagnoses", []))
    if expected["status"] == "passed":
        assert not not_passed
        return
    first = report["load_error"] or (visible_not_passed or not_passed)[0]["message"]
    assert expected["message"] in first
    if "statuses" in expected:
        assert {c["status"] for c in visible_not_passed} == set(expected["statuses"])
