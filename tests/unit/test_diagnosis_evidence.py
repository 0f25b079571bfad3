"""Credit only from evidence: the engine's rules, with stand-in probe modules and no runner.

A conclusive finding or `init_mismatch` earns credit only when every probe call returned
and every failed case's graded output passes the module's `check_graded`; `init_mismatch`
needs the probes' positive evidence (`Holds`); probe inputs come from the grade's seed.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

from judge.base.cache import Observation
from judge.base.results import CaseResult, Status
from judge.diagnose.engine import GradedOutput, diagnose, partial_credit
from judge.diagnose.probes import probe_rng, run_probes

# diagnose() runs the kata's mutants in this process when their observations are not on disk
# yet (a clean clone's first run), and that imports jax: say so at collection, as
# test_program_cache.py does, rather than depend on another test having filled the cache.
pytest.importorskip("jax")

PROBES = '''
import numpy as np
from judge.diagnose.api import Finding, Holds

SEEN = []


def probe(call, rng):
    x = rng.normal(size=(2, 2, 3)).astype(np.float32)
    SEEN.append(x)
    result = call(0, x, 1)
    if result.array is None:
        return []
    if MODE == "finding":
        return [Finding("ignores_seed", "seed_changes_output", "same output for two seeds", conclusive=True)]
    if MODE == "holds":
        return [Holds("architecture", "every property held")]
    return []


def check_graded(args, output):
    return None if np.all(output != 0) else "it returned zeros"
'''


def problem_with_probes(se_block, tmp_path, mode):
    path = tmp_path / f"probes_{mode}" / "probes.py"
    path.parent.mkdir()
    path.write_text(PROBES.replace("MODE ==", f"{mode!r} =="), encoding="utf-8")
    sys.modules.pop(f"_judge_probes_{path.parent.name}", None)
    spec = dataclasses.replace(se_block.diagnosis, probes=path, mutants=())
    return dataclasses.replace(se_block, diagnosis=spec)


def failed(case_id="a"):
    return CaseResult(id=case_id, kind="fixed", status=Status.FAILED, message="", points=0.0, max_points=50.0)


def returns(value):
    return lambda seed, x, reduction: Observation(np.full(x.size, value, dtype=np.float32))


def raises(seed, x, reduction):
    return Observation(None, "RuntimeError")


GOOD = {"a": GradedOutput((0, np.ones((2, 2, 3), np.float32), 1), np.full(12, 0.5, np.float32))}
ZEROS = {"a": GradedOutput((0, np.ones((2, 2, 3), np.float32), 1), np.zeros(12, np.float32))}


def test_holds_and_graded_outputs_of_the_right_shape_give_init_mismatch(se_block, tmp_path):
    problem = problem_with_probes(se_block, tmp_path, "holds")

    (diagnosis,) = diagnose(problem, [failed()], {}, returns(0.5), graded=GOOD)

    assert diagnosis.id == "init_mismatch" and diagnosis.identified
    assert partial_credit(problem, 0.0, 100.0, (diagnosis,)).score == 60
    assert "every property held" in diagnosis.observed


def test_without_holds_a_clean_probe_run_is_not_init_mismatch(se_block, tmp_path):
    problem = problem_with_probes(se_block, tmp_path, "silent")

    assert diagnose(problem, [failed()], {}, returns(0.5), graded=GOOD) == ()


def test_a_probe_run_that_raised_proves_nothing(se_block, tmp_path):
    problem = problem_with_probes(se_block, tmp_path, "holds")

    assert diagnose(problem, [failed()], {}, raises, graded=GOOD) == ()


def test_graded_outputs_that_are_not_the_blocks_shape_earn_nothing(se_block, tmp_path):
    holds = problem_with_probes(se_block, tmp_path, "holds")
    finding = problem_with_probes(se_block, tmp_path, "finding")

    assert diagnose(holds, [failed()], {}, returns(0.5), graded=ZEROS) == ()
    (suspected,) = diagnose(finding, [failed()], {}, returns(0.5), graded=ZEROS)
    assert suspected.id == "ignores_seed" and not suspected.identified
    assert partial_credit(finding, 0.0, 100.0, (suspected,)) is None


def test_a_conclusive_finding_on_trusted_evidence_is_identified(se_block, tmp_path):
    problem = problem_with_probes(se_block, tmp_path, "finding")

    (diagnosis,) = diagnose(problem, [failed()], {}, returns(0.5), graded=GOOD)

    assert diagnosis.id == "ignores_seed" and diagnosis.identified


def test_probe_inputs_follow_the_grade_seed(se_block, tmp_path):
    problem = problem_with_probes(se_block, tmp_path, "silent")
    known = set(problem.diagnosis.catalog)

    runs = [run_probes(problem.diagnosis.probes, returns(0.5), known, seed) for seed in (0, 0, 1)]

    seen = sys.modules[f"_judge_probes_{problem.diagnosis.probes.parent.name}"].SEEN
    assert all(run.complete and run.calls == 1 for run in runs)
    assert np.array_equal(seen[0], seen[1]) and not np.array_equal(seen[0], seen[2])
    assert probe_rng(5).integers(1 << 30) == probe_rng(5).integers(1 << 30)


@pytest.mark.parametrize("kata", ["se_block", "cbam_channel"])
def test_the_katas_check_graded_outputs(kata):
    from judge.diagnose.probes import graded_checker
    from judge.problem.load import load_problem

    repo = Path(__file__).resolve().parents[2]  # not `from conftest import`: another folder's conftest may be first
    check = graded_checker(load_problem(repo / "problems" / kata).diagnosis.probes)
    x = np.random.default_rng(0).normal(size=(3, 2, 4)).astype(np.float32)
    gates = np.array([0.1, 0.5, 0.9, 0.99], np.float32)

    assert check((0, x, 2), (x * gates).reshape(-1)) is None
    assert "not x times one number per channel" in check((0, x, 2), np.zeros(x.size, np.float32) + 1)
    assert "outside [0, 1]" in check((0, x, 2), (x * (gates + 1)).reshape(-1))
    # One saturated channel is a float32 sigmoid's (large-magnitude cases reach logits below -88)...
    assert check((0, x, 2), (x * np.array([0.0, 0.5, 0.9, 1.0], np.float32)).reshape(-1)) is None
    # ...but zeros on every channel are no sigmoid's: a cheat that returns zeros on graded cases.
    assert "every gate is 0" in check((0, x, 2), np.zeros(x.size, np.float32))
    assert check((0, x, 2), np.zeros(3, np.float32)).startswith("it returned 3 values")


def numpy_se_block(seed, x, reduction):
    """An SE block in NumPy with its own initialisation: the kata's architecture, other weights."""
    x = np.asarray(x, dtype=np.float64)
    channels = x.shape[-1]
    hidden = max(channels // reduction, 1)
    rng = np.random.default_rng([seed, channels, hidden])
    squeeze = rng.normal(0.0, channels ** -0.5, size=(channels, hidden))
    expand = rng.normal(0.0, hidden ** -0.5, size=(hidden, channels))
    logits = np.maximum(x.mean(axis=(0, 1)) @ squeeze, 0.0) @ expand
    return (x / (1.0 + np.exp(-logits))).astype(np.float32).reshape(-1)


def graded_on(function, x):
    args = (0, x, 2)
    return {"a": GradedOutput(args, np.asarray(function(*args)))}


def test_a_block_that_answers_graded_inputs_otherwise_is_not_told_only_its_weights_differ(se_block):
    """x times tiny gates on the graded inputs (recognised by content), a real block elsewhere."""
    graded_x = np.random.default_rng(5).normal(size=(5, 3, 8)).astype(np.float32)
    honest = lambda seed, x, reduction: Observation(numpy_se_block(seed, x, reduction))  # noqa: E731

    def cheat(seed, x, reduction):
        if np.array_equal(np.asarray(x), graded_x):
            return Observation((np.asarray(x) * 1e-3).reshape(-1))
        return honest(seed, x, reduction)

    honest_diagnoses = diagnose(se_block, [failed()], {}, honest, graded=graded_on(numpy_se_block, graded_x))
    cheat_diagnoses = diagnose(se_block, [failed()], {}, cheat,
                               graded={"a": GradedOutput((0, graded_x, 2), (graded_x * 1e-3).reshape(-1))})

    assert [d.id for d in honest_diagnoses] == ["init_mismatch"]  # the check lets the real block through
    assert not any(d.id == "init_mismatch" for d in cheat_diagnoses)
    assert partial_credit(se_block, 0.0, 100.0, cheat_diagnoses) is None
