"""What only the cbam_channel kata needs checked: its fixed cases cover the edge cases its
statement names, and its statement and hints say what is particular to it. What every kata
needs (tagged mutants, the drift guard, starter, palette, hidden cases) is in test_kata_files.py.

Loading a problem reads YAML only, so nothing here imports jax.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from judge.problem.arrays import materialise
from judge.problem.load import load_problem
from judge.problem.model import Problem

REPO = Path(__file__).resolve().parents[2]  # not `from conftest import`: tests/batch has a conftest too

CBAM = REPO / "problems" / "cbam_channel"


@pytest.fixture(scope="module")
def cbam() -> Problem:
    return load_problem(CBAM)


def _x(case) -> np.ndarray:
    return materialise(dict(case.args)["x"], "float32").astype(np.float64)


def _dims(case) -> dict[str, int]:
    args = dict(case.args)
    height, width, channels = args["x"].shape
    return {"H": height, "W": width, "C": channels, "r": args["reduction"], "seed": args["seed"]}


def _gap(case) -> np.ndarray:
    """Each channel's max minus its mean: 0 where the two descriptors agree."""
    x = _x(case)
    return x.max(axis=(0, 1)) - x.mean(axis=(0, 1))


EDGE_CASES = {
    "one channel, one pixel": lambda d, case: d["C"] == 1 and d["H"] * d["W"] == 1,
    "one channel whose mean and max differ": lambda d, case: d["C"] == 1 and _gap(case)[0] > 0.5,
    "reduction > C": lambda d, case: d["r"] > d["C"],
    "C % reduction != 0 with reduction < C": lambda d, case: d["r"] < d["C"] and d["C"] % d["r"] != 0,
    "C // reduction == 1": lambda d, case: d["C"] // d["r"] == 1,
    "H, W, C all different": lambda d, case: len({d["H"], d["W"], d["C"]}) == 3,
    "H == 1 or W == 1": lambda d, case: d["H"] == 1 or d["W"] == 1,
    "a constant map with distinct channels (avg == max)":
        lambda d, case: d["C"] > 1 and np.allclose(_gap(case), 0) and len(set(_x(case)[0, 0])) == d["C"],
    "a channel whose max is far above its mean": lambda d, case: _gap(case).max() > 6,
    "every channel mean negative, some max positive":
        lambda d, case: (_x(case).mean(axis=(0, 1)) < 0).all() and (_x(case).max(axis=(0, 1)) > 0).any(),
    "every value negative": lambda d, case: (_x(case) < 0).all(),
    # No all-zero x: every block returns zeros there, so such a case tests nothing (trivial_blocks).
    "seed 0": lambda d, case: d["seed"] == 0,
    "seed 2**31 - 1": lambda d, case: d["seed"] == 2**31 - 1,
    "the (4, 4, 4), r=2 worked example": lambda d, case: (d["H"], d["W"], d["C"], d["r"]) == (4, 4, 4, 2),
}


@pytest.mark.parametrize("edge", EDGE_CASES)
def test_the_fixed_cases_cover_the_edge_case(cbam, edge):
    covering = [case.id for case in cbam.cases if EDGE_CASES[edge](_dims(case), case)]

    assert covering, f"no fixed case of cbam_channel has {edge}"


def test_no_hint_gives_the_width_or_the_shared_mlp_away(cbam):
    """Beyond the checks every kata gets (tests/unit/test_kata_files.py): no fragment of them either."""
    for mistake in cbam.diagnosis.catalog.values():
        for hint in mistake.hints:
            assert "nn.Dense(max(" not in hint and "sigmoid(shared" not in hint, mistake.id


def test_the_statement_states_the_initialisation_contract():
    statement = (CBAM / "statement.md").read_text(encoding="utf-8")

    # The signature, the key and the layer names: test_kata_files.py, as for every kata.
    for fact in ("ChannelAttention(reduction).init(jax.random.PRNGKey(seed), x)",
                 "max(C // reduction, 1)", "`Dense_0` and `Dense_1`", "sigmoid(MLP(avg) + MLP(max))"):
        assert fact in statement
