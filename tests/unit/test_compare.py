"""`compare` passes what is within tolerance and explains everything else."""

from __future__ import annotations

import numpy as np
import pytest

from judge.compare import Layout, compare
from judge.problem.model import Tolerance

TOLERANCE = Tolerance(rtol=1e-5, atol=1e-6)
SHAPE = (2, 3, 4)  # (H, W, C): every axis a different size, so a wrong mapping shows
LAYOUT = Layout(("H", "W", "C"), SHAPE)


def expected_output() -> np.ndarray:
    return np.linspace(-3.0, 3.0, int(np.prod(SHAPE)), dtype=np.float32)


def check(got: np.ndarray, expected: np.ndarray | None = None, hidden: bool = False):
    return compare(got, expected_output() if expected is None else expected, TOLERANCE, LAYOUT, hidden)


def test_equal_arrays_pass():
    result = check(expected_output())

    assert result.passed
    assert result.message == "matches"


def test_differences_within_tolerance_pass():
    expected = expected_output()
    # Just inside |got - expected| <= atol + rtol * |expected| at every element.
    got = (expected.astype(np.float64) + 0.9 * (TOLERANCE.atol + TOLERANCE.rtol * np.abs(expected))).astype(np.float32)

    assert check(got, expected).passed


def test_difference_just_outside_tolerance_fails():
    expected = expected_output()
    got = expected.copy()
    got[5] += 1e-3

    result = check(got, expected)

    assert not result.passed
    assert result.message == "mismatched elements: 1 / 24"


def test_shape_mismatch_with_the_same_size_says_flatten():
    result = check(expected_output().reshape(SHAPE))

    assert not result.passed
    assert "expected (24,), got (2, 3, 4)" in result.message
    assert "flatten" in result.message


def test_shape_mismatch_with_another_size_gives_both_sizes():
    result = check(np.zeros(23, dtype=np.float32))

    assert not result.passed
    assert "expected (24,), got (23,)" in result.message
    assert "flatten" not in result.message
    assert "23 elements instead of 24" in result.message


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.bool_])
def test_non_float_output_fails(dtype):
    got = expected_output().astype(dtype)

    result = check(got)

    assert not result.passed
    assert np.dtype(dtype).name in result.message


def test_nan_in_got_reported_with_count_and_first_position():
    got = expected_output()
    got[[13, 22]] = np.nan  # flat 13 in a (2, 3, 4) layout is (1, 0, 1)

    result = check(got)

    assert not result.passed
    assert "NaN at 2 / 24 positions" in result.message
    assert "(first at (h=1, w=0, c=1))" in result.message


def test_mismatch_count_and_worst_position():
    expected = expected_output()
    got = expected.copy()
    got[[1, 7, 20]] += np.array([0.5, 2.0, 1.0], dtype=np.float32)  # the worst is flat 7 = (0, 1, 3)

    result = check(got, expected)

    assert not result.passed
    assert result.message == "mismatched elements: 3 / 24"
    assert "worst position: (h=0, w=1, c=3)" in result.details
    assert "max absolute difference: 2" in result.details


def test_mismatch_table_lists_got_and_expected_worst_first():
    expected = expected_output()
    got = expected.copy()
    got[7] = 10.0
    got[20] = -10.0

    rows = [line.split() for line in check(got, expected).details if line.startswith("(h=")]

    assert rows == [
        ["(h=1,", "w=2,", "c=0)", "-10", f"{expected[20]:.7g}"],
        ["(h=0,", "w=1,", "c=3)", "10", f"{expected[7]:.7g}"],
    ]


def test_position_outside_a_matching_layout_is_a_flat_index():
    assert Layout(("H", "W", "C"), (2, 2, 2)).position(5, 24) == "[5]"
    assert Layout(("H", "W", "C"), SHAPE).position(23, 24) == "(h=1, w=2, c=3)"


def test_hidden_case_shows_no_values():
    expected = np.full(24, 123.456, dtype=np.float32)
    got = expected.copy()
    got[3] = 789.25

    result = check(got, expected, hidden=True)

    assert not result.passed
    assert result.message.startswith("mismatched elements: 1 / 24")
    shown = " ".join((result.message, *result.details))
    for value in ("123.4", "789.2", "665.7"):  # expected, got, their difference
        assert value not in shown


def test_visible_case_shows_the_values():
    expected = np.full(24, 123.456, dtype=np.float32)
    got = expected.copy()
    got[3] = 789.25

    visible = check(got, expected, hidden=False)

    shown = " ".join((visible.message, *visible.details))
    for value in ("123.4", "789.2", "665.7"):  # so the hidden-case test above can fail
        assert value in shown
