"""The replay's table: inputs, got and expected side by side over the output's flat index.

Each row is one flat position of the output, named by the problem's `output.index`
coordinates (e.g. (h, w, c)). An array input indexed by the same dimensions gets a column
of its value at that position, so a learner sees x, got and expected on one line.
Mismatched rows are marked ✗ (and red on a terminal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rich.table import Table
from rich.text import Text

from judge.problem.arrays import ArraySpec
from judge.problem.case import Case, dims_of, materialise_args
from judge.problem.model import Problem, Tolerance

ALL_ROWS_UP_TO = 64  # an output this small is shown whole
MISMATCHED_ROWS = 32  # otherwise: this many mismatched rows, in flat order
MATCHING_ROWS = 8  # and, when everything matches, this many to look at


@dataclass(frozen=True)
class SideBySide:
    columns: tuple[str, ...]  # after the index and position columns: input columns, got, expected, diff
    # flat, position, inputs, got, expected, close
    rows: tuple[tuple[int, str, tuple[float, ...], float, float, bool], ...]
    mismatched: int
    size: int
    hidden_rows: int  # positions left out of the table


def side_by_side(problem: Problem, case: Case, got: np.ndarray, expected: np.ndarray, show_all: bool,
                 tolerance: Tolerance | None = None) -> SideBySide:
    """Rows for a got and an expected of the same shape, marked close within `tolerance` (the case's;
    default: the problem's)."""
    got64, expected64 = got.astype(np.float64).reshape(-1), expected.astype(np.float64).reshape(-1)
    tolerance = tolerance or problem.tolerance
    close = np.isclose(got64, expected64, rtol=tolerance.rtol, atol=tolerance.atol, equal_nan=True)
    dims = dims_of(case, problem.array_dims)
    index_shape = problem.output.index_shape_for(dims)
    named = bool(problem.output.index) and math.prod(index_shape) == got64.size
    inputs = _aligned_inputs(problem, case) if named else []
    size = got64.size
    if show_all or size <= ALL_ROWS_UP_TO:
        chosen = np.arange(size)
    elif close.all():
        chosen = np.arange(min(MATCHING_ROWS, size))
    else:
        chosen = np.flatnonzero(~close)[:MISMATCHED_ROWS]
    rows = []
    for flat in chosen.tolist():
        coords = np.unravel_index(flat, index_shape) if named else ()
        position = "(" + ", ".join(str(int(c)) for c in coords) + ")" if named else ""
        values = tuple(float(array[coords]) for _, array in inputs)
        rows.append((flat, position, values, float(got64[flat]), float(expected64[flat]), bool(close[flat])))
    position_name = "(" + ", ".join(n.lower() for n in problem.output.index) + ")" if named else ""
    return SideBySide(
        columns=(position_name, *(name for name, _ in inputs)),
        rows=tuple(rows), mismatched=int((~close).sum()), size=size, hidden_rows=size - len(rows),
    )


def _aligned_inputs(problem: Problem, case: Case) -> list[tuple[str, np.ndarray]]:
    """Array inputs indexed by exactly the output's index dimensions, materialised."""
    values = dict(zip(problem.arg_names, materialise_args(case, problem.array_dtypes)))
    wanted = tuple(problem.output.index)
    return [(name, values[name]) for name, value in case.args
            if isinstance(value, ArraySpec) and problem.array_dims[name] == wanted]


def render_table(view: SideBySide) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("", justify="left")  # the mismatch mark
    table.add_column("index", justify="right")
    position_name, *input_names = view.columns
    if position_name:
        table.add_column(position_name, justify="left")
    for name in input_names:
        table.add_column(name, justify="right")
    for name in ("got", "expected", "got - expected"):
        table.add_column(name, justify="right")
    for flat, position, inputs, got, expected, close in view.rows:
        cells = [Text("" if close else "✗", style="bold red"), str(flat)]
        if position_name:
            cells.append(position)
        cells += [_number(v) for v in inputs]
        cells += [_number(got), _number(expected), _number(got - expected)]
        table.add_row(*cells, style=None if close else "red")
    return table


def _number(value: float) -> str:
    return f"{value:.7g}"
