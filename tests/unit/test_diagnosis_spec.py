"""The diagnosis section of problem.yaml, and how partial credit follows from it."""

from __future__ import annotations

import pytest

from judge.base.results import Diagnosis
from judge.diagnose.engine import partial_credit


def test_the_kata_declares_its_pitfalls_with_mutants(se_block):
    diagnosis = se_block.diagnosis
    for mistake in ("wrong_pooling_axes", "missing_sigmoid", "zero_bottleneck", "inverted_bottleneck", "init_mismatch"):
        assert mistake in diagnosis.catalog
        assert any(m.diagnosis == mistake for m in diagnosis.mutants), mistake
    assert len(diagnosis.mutants) >= 20
    assert set(diagnosis.compare_cases) <= {c.id for c in se_block.cases}
    # The structurally right block keeps more than the one without its sigmoid.
    assert diagnosis.catalog["init_mismatch"].credit > diagnosis.catalog["missing_sigmoid"].credit


def test_credit_above_one_is_rejected(kata):
    line = kata.edit("problem.yaml", "credit: 0.6\n    not_flattened:", "credit: 1.5\n    not_flattened:")
    kata.expect_error("problem.yaml", line, "diagnosis.catalog.init_mismatch.credit", "1.5", "between 0 and 1")


def test_mutant_with_unknown_diagnosis_is_rejected(kata):
    line = kata.edit("problem.yaml", "no_sigmoid.py, diagnosis: missing_sigmoid}",
                     "no_sigmoid.py, diagnosis: forgot_it}")
    message = kata.error()
    assert message.startswith(f"{kata.shown}/problem.yaml:{line}: diagnosis.mutants[")
    assert "'forgot_it'" in message and "not in diagnosis.catalog" in message


def test_missing_mutant_file_is_rejected(kata):
    kata.edit("problem.yaml", "se_block/mutants/no_sigmoid.py", "se_block/mutants/no_such_file.py")
    message = kata.error()
    assert "diagnosis.mutants[" in message and "no such file" in message


def test_unknown_compare_case_is_rejected(kata):
    kata.edit("problem.yaml", "compare_cases: [worked-example-seed-42,", "compare_cases: [no-such-case,")
    message = kata.error()
    assert "diagnosis.compare_cases[0]" in message and "not the id of a case" in message


def diag(mistake: str, identified: bool = True) -> Diagnosis:
    return Diagnosis(id=mistake, message="", identified=identified)


def test_partial_credit_raises_the_score_to_the_worst_mistakes_floor(se_block):
    credit = partial_credit(se_block, 11.0, 100.0, (diag("init_mismatch"),))
    assert credit.score == pytest.approx(100 * se_block.diagnosis.catalog["init_mismatch"].credit)
    assert credit.case_score == 11.0
    both = partial_credit(se_block, 11.0, 100.0, (diag("init_mismatch"), diag("missing_sigmoid")))
    assert both.diagnosis == "missing_sigmoid"
    assert both.score == pytest.approx(100 * se_block.diagnosis.catalog["missing_sigmoid"].credit)


def test_suspicions_from_probes_alone_earn_no_credit(se_block):
    assert partial_credit(se_block, 1.5, 100.0, (diag("wrong_pooling_axes", identified=False),)) is None


def test_a_suspected_worse_mistake_still_lowers_an_identified_ones_floor(se_block):
    credit = partial_credit(se_block, 1.5, 100.0, (diag("init_mismatch"), diag("missing_sigmoid", identified=False)))
    assert credit.diagnosis == "missing_sigmoid"


def test_partial_credit_never_lowers_a_score(se_block):
    assert partial_credit(se_block, 90.0, 100.0, (diag("missing_sigmoid"),)) is None
    assert partial_credit(se_block, 5.0, 100.0, ()) is None
