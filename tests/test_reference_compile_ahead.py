"""A first grade compiles the reference ahead, on every core, and says so.

These run the reference in this process, so they import jax (tests/unit must not).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from judge.base.terminal import PreparationNotes
from judge.cases import discrimination
from judge.cases.reference import compile_ahead, shared_reference
from judge.cases.signatures import call_signature, warmup_cases
from judge.problem.case import materialise_args
from judge.problem.load import load_problem

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def se_block():
    return load_problem(REPO / "problems" / "se_block")


def test_compiled_ahead_programs_serve_later_calls(se_block):
    reference = shared_reference(se_block)
    small = [c for c in warmup_cases(se_block) if c.args[1][1].shape in {(1, 1, 1), (7, 1, 6)}]
    assert len(small) == 2
    before = reference._compiled._cache_size()

    compile_ahead(se_block, reference, small, measures_error=True)

    assert reference._compiled._cache_size() == before + 4  # two signatures, float32 and float64
    for case in se_block.cases:  # real inputs with those signatures find their programs ready
        if call_signature(se_block, case) in {call_signature(se_block, c) for c in small}:
            args = materialise_args(case, se_block.array_dtypes)
            reference(args), reference.float64(args)
    assert reference._compiled._cache_size() == before + 4


def test_one_reference_per_source(se_block, tmp_path):
    assert shared_reference(se_block) is shared_reference(load_problem(REPO / "problems" / "se_block"))

    shutil.copytree(REPO / "problems" / "se_block", tmp_path / "problems" / "se_block")
    shutil.copytree(REPO / "reference", tmp_path / "reference")
    edited = load_problem(tmp_path / "problems" / "se_block")
    edited.reference.write_text(edited.reference.read_text() + "\n# edited\n")
    assert shared_reference(edited) is not shared_reference(se_block)


def _one_entry_palette(tmp_path: Path):
    """A copy of se_block drawing from one small palette entry: a new draw compiles one signature."""
    shutil.copytree(REPO / "problems" / "se_block", tmp_path / "problems" / "se_block")
    shutil.copytree(REPO / "reference", tmp_path / "reference")
    spec = tmp_path / "problems" / "se_block" / "problem.yaml"
    lines = spec.read_text().splitlines()
    start = lines.index("  palette:") + 2  # keep the first entry: {H: 1, W: 1, C: 1, reduction: [2]}
    end = lines.index("  draws:")
    spec.write_text("\n".join(lines[:start] + lines[end:]) + "\n")
    return load_problem(spec.parent)


def test_a_new_draw_compiles_every_signature_first_and_says_so(tmp_path, monkeypatch):
    problem = _one_entry_palette(tmp_path)
    assert len(problem.generated.palette) == 1
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path / "cache"))  # nothing drawn yet
    monkeypatch.delenv("JUDGE_NO_SPEEDUPS", raising=False)
    compiled = []
    monkeypatch.setattr(discrimination, "compile_ahead",
                        lambda problem, reference, cases, measures_error, step: compiled.append(cases))
    log = io.StringIO()

    drawn = discrimination.draw_graded_cases(problem, 0, 2, PreparationNotes("judge: note: ", log))

    assert len(drawn) == 2
    assert [[c.id for c in cases] for cases in compiled] == [[c.id for c in warmup_cases(problem)]]
    assert log.getvalue().startswith(
        "judge: note: drawing the generated cases for se_block (once per machine, seed and version): "
        f"compiling the reference for the {len(warmup_cases(problem))} shapes a grade uses")

    compiled.clear()
    assert discrimination.draw_graded_cases(problem, 0, 2) == drawn  # from the disk: nothing to compile
    assert compiled == []
