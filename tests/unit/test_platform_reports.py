"""Platform renderers and notebooks, without grading: points that add up, Exercism's limits,
runnable test_code that rebuilds the judge's exact inputs, and notebook cells and lines."""

from __future__ import annotations

import json
import sys
import types

import numpy as np
import nbformat
import pytest

from judge.base.errors import JudgeError
from judge.problem.arrays import ArraySpec, materialise
from judge.report.common import cap, in_cents
from judge.report.exercism import render_exercism
from judge.report.gradescope import render_gradescope
from judge.report.prairielearn import render_prairielearn
from judge.report.testcode import test_code as make_test_code
from judge.submission.notebook import read_notebook


def case(case_id, status="passed", kind="fixed", points=100 / 19, hidden=False, output="", call=None):
    return {"id": case_id, "kind": kind, "status": status, "message": "ok" if status == "passed" else "mismatch",
            "points": points if status == "passed" else 0.0, "max_points": points, "details": [],
            "inputs": None if hidden else "seed=0, x=normal(2, 2, 3) [seed=1]", "output": output, "call": call}


def report(cases, score=None, **extra):
    earned = round(sum(c["points"] for c in cases), 2)
    return {"problem": "se_block", "submission": "/autograder/submission/se_block.py", "status":
            "passed" if all(c["status"] == "passed" for c in cases) else "failed",
            "score": earned if score is None else score, "max_score": round(sum(c["max_points"] for c in cases), 2),
            "cases": cases, "diagnoses": [], "seed": 0, "examples": 0, "versions": {}, "load_error": None,
            "judge_error": None, "minimal_failure": None, "partial_credit": None, "notes": [], **extra}


def test_points_in_cents_add_up_exactly():
    assert sum(in_cents([100 / 19] * 19, 100)) == 10000
    assert sum(in_cents([100 / 19] * 7, 7 * 100 / 19)) == round(700 / 19 * 100)
    assert in_cents([0.4] * 3 + [0.0], 1.2) == [40, 40, 40, 0]
    assert in_cents([0.0, 0.333, 0.333, 0.334], 1.0) == [0, 33, 33, 34]  # nothing earned, no cent


def test_a_failed_test_never_shows_a_cent_and_a_passed_one_its_whole_maximum():
    """The wrong_no_sigmoid grade: one fixed case of 19 passed, everything else failed."""
    cases = [case(f"c{i}", "passed" if i == 7 else "failed") for i in range(19)]
    document = json.loads(render_gradescope(report(cases)))
    assert [t["score"] for t in document["tests"] if t["status"] == "failed"] == [0.0] * 18
    [passed] = [t for t in document["tests"] if t["status"] == "passed"]
    assert passed["score"] == passed["max_score"] == document["score"] == 5.26


def test_gradescope_tests_add_up_to_the_score_with_partial_credit():
    cases = [case(f"c{i}", "passed" if i < 3 else "failed") for i in range(19)]
    credit = {"case_score": 15.79, "score": 40.0, "diagnosis": "missing_relu", "fraction": 0.4}
    document = json.loads(render_gradescope(report(cases, score=40.0, partial_credit=credit)))
    assert round(sum(t["score"] for t in document["tests"]) * 100) == 4000
    assert round(sum(t["max_score"] for t in document["tests"]) * 100) == 10000
    assert document["tests"][-1]["name"].startswith("partial credit") and document["tests"][-1]["score"] == 24.21
    passed = [t for t in document["tests"] if t["status"] == "passed" and t["max_score"]]
    assert all(t["score"] == t["max_score"] for t in passed)


@pytest.mark.parametrize("passing", [1, 3, 7, 18])
def test_gradescope_tests_add_up_to_the_score_without_partial_credit(passing):
    cases = [case(f"c{i}", "passed" if i < passing else "failed") for i in range(19)]
    document = json.loads(render_gradescope(report(cases)))
    assert round(sum(t["score"] for t in document["tests"]) * 100) == round(document["score"] * 100)
    assert round(sum(t["max_score"] for t in document["tests"]) * 100) == 10000


def test_prairielearn_score_is_a_fraction_and_a_non_loading_file_is_one_test():
    cases = [case("a", "error"), case("b", "error")]
    document = json.loads(render_prairielearn(report(cases, load_error="syntax error on line 2: def f(")))
    assert document["gradable"] is True and document["score"] == 0.0
    assert [t["name"] for t in document["tests"]] == ["the submission loads and runs"]
    assert "syntax error on line 2" in document["message"]


def test_exercism_output_is_cut_with_the_notice_inside_500_characters():
    long = "x" * 2000
    document = json.loads(render_exercism(report([case("a", "failed", output=long)])))
    output = document["tests"][0]["output"]
    assert len(output) == 500 and "output cut" in output and "Exercism shows at most 500" in output
    assert document["version"] == 3 and document["tests"][0]["task_id"] == 1
    assert cap("short", 500) == "short"


@pytest.mark.parametrize("spec", [
    {"shape": [2, 3, 4], "fill": "normal", "seed": 7, "loc": 0.5, "scale": 0.1, "spread": 2.0},
    {"shape": [3, 2], "fill": "uniform", "seed": 3, "low": -2.0, "high": 2.0},
    {"shape": [2, 2], "fill": "arange", "start": 1.0, "step": 0.5},
    {"shape": [1, 2], "fill": "literal", "values": [[1.5, -2.0]]},
    {"shape": [2, 2], "fill": "full", "value": 3.0},
])
def test_test_code_rebuilds_the_exact_inputs_and_runs(spec, monkeypatch):
    """The learner's test_code sends the function the very bytes the judge sent."""
    seen = {}

    def forward(seed, x):
        seen["x"] = x
        return np.zeros(4)

    monkeypatch.setitem(sys.modules, "solution", types.SimpleNamespace(forward=forward))
    call = {"function": "forward", "args": {"seed": 0, "x": spec}, "dtypes": {"x": "float32"}, "output_shape": [4]}
    exec(compile(make_test_code(call, "solution", "judge grade solution.py --case '{}'"), "test_code", "exec"), {})
    params = tuple((k, v) for k, v in spec.items() if k not in ("shape", "fill"))
    expected = materialise(ArraySpec(tuple(spec["shape"]), spec["fill"], params), "float32")
    assert seen["x"].dtype == np.float32 and np.array_equal(seen["x"], expected)
    call["output_shape"] = [5]
    with pytest.raises(AssertionError, match="shape"):
        exec(make_test_code(call, "solution"), {})


def test_notebook_cells_become_python_with_magics_left_out(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# title"),
                      nbformat.v4.new_code_cell("%pip install flax\nimport math\nif True:\n    !ls"),
                      nbformat.v4.new_code_cell("%%bash\necho hi"),
                      nbformat.v4.new_code_cell("%%time\ny = math.pi\nz = 1 +")]
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook, str(path))
    source = read_notebook(path)
    with pytest.raises(SyntaxError) as error:
        compile(source.text, "n.ipynb", "exec")
    assert source.where(error.value.lineno) == "cell 4, line 3"  # markdown cells count: as the learner sees them
    assert "echo" not in source.text and "    pass" in source.text
    assert (source.relabel(f"syntax error on line {error.value.lineno}: z = 1 +")
            == "syntax error on cell 4, line 3: z = 1 +")
    assert any("%%bash cell left out" in note for note in source.notes)
    assert any("`%pip install flax` left out" in note for note in source.notes)


def test_a_notebook_that_is_a_link_is_not_read_through_it(tmp_path):
    # nbformat's error for a file that is not JSON quotes the file's first characters: a
    # notebook linked to a secret of the judge's user must never be opened at all.
    from judge.submission.notebook import NotebookError

    secret = tmp_path / "secret.txt"
    secret.write_text("judge-secret-line\n")
    notebook = tmp_path / "solution.ipynb"
    notebook.symlink_to(secret)
    with pytest.raises(NotebookError) as raised:
        read_notebook(notebook)
    assert "symbolic link" in str(raised.value)
    assert "judge-secret-line" not in str(raised.value)


def test_a_notebook_error_quotes_no_control_characters(tmp_path):
    notebook = tmp_path / "solution.ipynb"
    notebook.write_text("\x1b[2J not json")
    with pytest.raises(JudgeError) as raised:
        read_notebook(notebook)
    assert "\x1b" not in str(raised.value)
