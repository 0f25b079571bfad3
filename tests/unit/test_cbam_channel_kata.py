"""The cbam_channel kata's own files: its cases cover the edge cases its statement names,
its mutants say which mistake they make, and its starter holds no solution.

Loading a problem reads YAML only, so nothing here imports jax.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from judge.practice.starter import render_starter
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


def test_enough_fixed_cases_some_hidden(cbam):
    hidden = [case for case in cbam.cases if case.hidden]

    assert len(cbam.cases) >= 20
    assert 0 < len(hidden) < len(cbam.cases) / 2


def test_every_fixed_shape_is_in_the_palette(cbam):
    """A fixed case outside the palette would cost one more compile per grade."""
    palette = {(h, w, c, r) for e in cbam.generated.palette
               for h in e["H"] for w in e["W"] for c in e["C"] for r in e["reduction"]}

    outside = [case.id for case in cbam.cases if tuple(_dims(case)[k] for k in "HWCr") not in palette]

    assert not outside


def test_each_mutant_names_its_own_diagnosis(cbam):
    for mutant in cbam.diagnosis.mutants:
        docstring = ast.get_docstring(ast.parse(mutant.path.read_text()))

        assert docstring.startswith(f"Diagnosis: {mutant.diagnosis}."), mutant.name


def test_at_least_eight_mutants_of_distinct_mistakes(cbam):
    assert len({m.diagnosis for m in cbam.diagnosis.mutants}) >= 8


def test_every_hint_level_is_new_and_none_is_code(cbam):
    for mistake in cbam.diagnosis.catalog.values():
        assert len(set(mistake.hints)) == len(mistake.hints)
        for hint in mistake.hints:
            assert "nn.Dense(max(" not in hint and "sigmoid(shared" not in hint, mistake.id


def test_the_starter_compiles_and_holds_no_solution(cbam):
    source = render_starter(cbam, "cbam_channel.py")
    tree = ast.parse(source)

    function = next(node for node in tree.body if isinstance(node, ast.FunctionDef))
    assert function.name == "channel_attention_forward"
    assert [a.arg for a in function.args.args] == ["seed", "x", "reduction"]
    code = [node for node in function.body if not isinstance(node, ast.Expr)]  # the docstring is an Expr
    assert len(code) == 1 and isinstance(code[0], ast.Raise)
    assert not re.search(r"jnp\.(mean|max)\(|nn\.Dense\(", source)


def test_the_statement_states_the_initialisation_contract():
    statement = (CBAM / "statement.md").read_text(encoding="utf-8")

    for fact in ("channel_attention_forward(seed, x, reduction)",
                 "ChannelAttention(reduction).init(jax.random.PRNGKey(seed), x)",
                 "max(C // reduction, 1)", "`Dense_0` and `Dense_1`", "sigmoid(MLP(avg) + MLP(max))"):
        assert fact in statement
