"""Generated cases spread evenly over the palette, a `keep` predicate redraws, and the
tolerance widens by the reference's float32 error within its declared bound.

Nothing here runs JAX: `keep` is a pure-Python predicate and errors are given numbers.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest

from judge.cases.expected import float32_error
from judge.cases.generated import draw_fresh, palette_combinations
from judge.problem.case import dims_of
from judge.problem.model import Tolerance


def _combination(problem, case) -> tuple:
    args = dict(case.args)
    return args["x"].shape, args["reduction"]


def test_every_palette_combination_is_drawn_about_equally_often(se_block):
    cases = draw_fresh(se_block, seed=0, examples=100)
    counts = collections.Counter(_combination(se_block, case) for case in cases)

    assert len(counts) == len(palette_combinations(se_block))
    assert max(counts.values()) - min(counts.values()) <= 1, counts


def test_a_turned_down_case_is_redrawn_from_the_same_combination(se_block):
    turned_down = []

    def keep(case):
        if dict(case.args)["seed"] % 2:  # an arbitrary half of the draws "test nothing"
            turned_down.append(case)
            return False
        return True

    cases = draw_fresh(se_block, seed=3, examples=40, keep=keep)
    counts = collections.Counter(_combination(se_block, case) for case in cases)

    assert len(cases) == 40 and turned_down
    assert all(dict(case.args)["seed"] % 2 == 0 for case in cases)
    assert max(counts.values()) - min(counts.values()) <= 1, counts
    assert draw_fresh(se_block, seed=3, examples=40, keep=keep) == cases  # reproducible from the seed


def test_a_combination_nothing_passes_leaves_its_slots_to_the_others(se_block):
    cases = draw_fresh(se_block, seed=0, examples=30, keep=lambda case: dims_of(case, se_block.array_dims)["C"] != 1)

    assert len(cases) == 30
    assert all(dims_of(case, se_block.array_dims)["C"] != 1 for case in cases)


def test_the_margin_widens_rtol_by_the_float32_error_and_no_further_than_max_rtol():
    tolerance = Tolerance(rtol=1e-5, atol=1e-6, float64_margin=4, max_rtol=1e-3)

    assert tolerance.widened(2e-6).rtol == pytest.approx(1.8e-5)
    assert tolerance.widened(2e-6).atol == 1e-6
    assert tolerance.widened(1.0).rtol == 1e-3
    assert Tolerance(1e-5, 1e-6).widened(1.0) == Tolerance(1e-5, 1e-6)  # no margin, no change


def test_float32_error_is_relative_and_ignores_non_finite_elements():
    exact = np.array([1.0, -2.0, 0.0, np.inf])
    output = np.array([1.0 + 1e-6, -2.0, 0.0, np.inf], dtype=np.float32)

    error = float32_error(output, exact, atol=1e-6)

    assert error == pytest.approx(abs(np.float32(1.0 + 1e-6) - 1.0) / (1.0 + 1e-6))


def test_a_margin_without_a_bound_is_refused(kata):
    kata.edit("problem.yaml", "  max_rtol: 1.0e-3\n", "")

    assert "float64_margin needs max_rtol" in kata.error()


def test_a_missing_trivial_block_is_named(kata):
    kata.edit("problem.yaml", "se_block/trivial/zeros.py", "se_block/trivial/nothing.py")

    assert "trivial_blocks[2]" in kata.error() and "no such file" in kata.error()
