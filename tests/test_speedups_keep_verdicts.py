"""Speed-ups never change a verdict: the example corpus graded with all of them off.

With JUDGE_NO_SPEEDUPS set, nothing is read from or written to the caches (reference
outputs, mutant observations) and runners call submissions eagerly instead of under
jax.jit. Every example must then get exactly the status, score and diagnoses that
submissions/expected.yaml records for the default (speed-ups on) grade, which
test_golden_submissions.py checks.
"""

from __future__ import annotations

import os

import pytest

from test_golden_submissions import EXPECTED, SUBMISSIONS, grade_json


@pytest.mark.slow
# broken_hangs.py is left out: it only waits out two call limits, and nothing speeds that up.
@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n != "broken_hangs.py"))
def test_verdict_without_speedups(name, monkeypatch):
    monkeypatch.setenv("JUDGE_NO_SPEEDUPS", "1")
    expected = EXPECTED[name]
    code, report, _ = grade_json(SUBMISSIONS / name)
    assert report["status"] == expected["status"]
    assert report["score"] == pytest.approx(expected["score"], abs=0.005)
    assert sorted(d["id"] for d in report["diagnoses"]) == sorted(expected.get("diagnoses", []))
    assert code == (0 if expected["status"] == "passed" else 1)
