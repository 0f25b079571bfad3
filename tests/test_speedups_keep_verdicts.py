"""Speed-ups never change a verdict: the example corpus graded with all of them off.

With JUDGE_NO_SPEEDUPS set, nothing is read from or written to the caches (reference
outputs, mutant observations) and runners call submissions eagerly instead of under
jax.jit. Every example must then get exactly the status, score and diagnoses that
submissions/se_block/expected.yaml records for the default (speed-ups on) grade, which
test_golden_submissions.py checks.
"""

from __future__ import annotations


import pytest

from test_golden_submissions import EXPECTED, SUBMISSIONS, grade_json


# One example per path a speed-up touches, not the whole corpus: without speed-ups a grade
# recomputes every reference output (float32 and float64), every mutant's observations and the
# generated cases' draws, ~45 s of CPU each, and the 38 examples took ~30 minutes of the CI's
# 90. Each one below stands for a group that takes the same cached paths:
SAMPLE = (
    "correct.py",                   # the prepared program: program and compilation caches hit
    "style_jit.py",                 # a self-jitted submission: one program key with the eager one
    "style_numpy_return.py",        # NumPy inside: no program is cached, eager calls
    "style_sequential.py",          # another module structure, same parameters
    "style_random_key.py",          # jax.random.key: same weights as PRNGKey
    "wrong_missing_relu.py",        # identified by the cached mutant observations on compare cases
    "wrong_named_layers.py",        # init_mismatch: probes and their Holds, partial credit
    "wrong_capped_width.py",        # only the wide cases (float64 tolerance margin) catch it
    "wrong_returns_zeros.py",       # check_graded refuses the graded outputs: no credit
    "broken_raises.py",             # every call raises: the error path
)


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLE)
def test_verdict_without_speedups(name, monkeypatch):
    assert name in EXPECTED, f"{name} is no longer an example: pick another of its group"
    monkeypatch.setenv("JUDGE_NO_SPEEDUPS", "1")
    expected = EXPECTED[name]
    code, report, _ = grade_json(SUBMISSIONS / name)
    assert report["status"] == expected["status"]
    assert report["score"] == pytest.approx(expected["score"], abs=0.005)
    assert sorted(d["id"] for d in report["diagnoses"]) == sorted(expected.get("diagnoses", []))
    assert code == (0 if expected["status"] == "passed" else 1)
