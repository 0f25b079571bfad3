"""Comparing a returned array with the expected one, and explaining any difference.

The explanation follows pytest's `approx`: the shape first (with the likely fix),
then the dtype, non-finite values, how many elements differ, the largest absolute
and relative errors, the worst position mapped back to input coordinates, and a
short got/expected table. Hidden cases get counts only, never values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from judge.problem.model import Tolerance

TABLE_ROWS = 5


@dataclass(frozen=True)
class Comparison:
    passed: bool
    message: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    """How to name a flat position: coordinate names and the shape they index."""

    names: tuple[str, ...]
    shape: tuple[int, ...]

    def position(self, flat_index: int, size: int) -> str:
        if self.names and int(np.prod(self.shape)) == size:
            coords = np.unravel_index(flat_index, self.shape)
            return "(" + ", ".join(f"{n.lower()}={int(c)}" for n, c in zip(self.names, coords)) + ")"
        return f"[{flat_index}]"


def compare(got: np.ndarray, expected: np.ndarray, tolerance: Tolerance, layout: Layout, hidden: bool) -> Comparison:
    """Does `got` match `expected` within the tolerance? If not, say how it differs."""
    if got.shape != expected.shape:
        return Comparison(False, _shape_message(got.shape, expected.shape))
    if got.dtype.kind not in "f":
        return Comparison(False, f"expected {expected.dtype} values, got {got.dtype}: return floating-point numbers")
    got64, expected64 = got.astype(np.float64).reshape(-1), expected.astype(np.float64).reshape(-1)
    size = got64.size
    bad_nonfinite = ~np.isfinite(got64) & np.isfinite(expected64)
    close = np.isclose(got64, expected64, rtol=tolerance.rtol, atol=tolerance.atol, equal_nan=True)
    if close.all():
        return Comparison(True, "matches")
    mismatched = int((~close).sum())
    details = [f"tolerance: rtol={tolerance.rtol:g}, atol={tolerance.atol:g}"]
    if got.dtype != expected.dtype:
        details.append(f"dtype: returned {got.dtype}, the reference returns {expected.dtype}")
    if bad_nonfinite.any():
        positions = np.flatnonzero(bad_nonfinite)
        kinds = ", ".join(sorted({_nonfinite_name(got64[i]) for i in positions}))
        message = (f"{kinds} at {positions.size} / {size} positions "
                   f"(first at {layout.position(int(positions[0]), size)})")
        return Comparison(False, message, tuple(details))
    with np.errstate(divide="ignore", invalid="ignore"):
        abs_err = np.abs(got64 - expected64)
        rel_err = np.where(expected64 != 0, abs_err / np.abs(expected64), np.inf)
    abs_err = np.where(np.isnan(abs_err), np.inf, abs_err)
    worst = int(np.argmax(np.where(close, -1.0, abs_err)))
    message = f"mismatched elements: {mismatched} / {size}"
    if hidden:
        return Comparison(False, message + " (hidden case: values not shown)", tuple(details))
    finite_rel = rel_err[~close & np.isfinite(rel_err)]
    details += [
        f"max absolute difference: {abs_err[~close].max():.6g}",
        f"max relative difference: {finite_rel.max():.6g}" if finite_rel.size
        else "max relative difference: inf (expected 0)",
        f"worst position: {layout.position(worst, size)}",
    ]
    order = np.argsort(-np.where(close, -1.0, abs_err), kind="stable")[:min(TABLE_ROWS, mismatched)]
    details.append(f"{'position':<24} {'got':>14} {'expected':>14}")
    details += [f"{layout.position(int(i), size):<24} {got64[i]:>14.7g} {expected64[i]:>14.7g}" for i in order]
    return Comparison(False, message, tuple(details))


def _shape_message(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    message = f"wrong shape: expected {expected}, got {got}"
    if int(np.prod(got)) == int(np.prod(expected)) and len(expected) == 1:
        return message + ": flatten the output (e.g. .reshape(-1))"
    if int(np.prod(got)) == int(np.prod(expected)):
        return message + ": same number of elements, reshape the output"
    return message + f": {int(np.prod(got))} elements instead of {int(np.prod(expected))}"


def _nonfinite_name(value: float) -> str:
    return "NaN" if np.isnan(value) else "inf"
