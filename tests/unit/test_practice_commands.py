"""`judge init`, `list`, `show`, `hint`, `replay` (choosing the case, the side-by-side table)
and `grade --watch`'s argument checks: their logic and their error messages.

Commands run in-process through `judge.cli.main`; none of these paths imports jax.
"""

from __future__ import annotations

import dataclasses

import ast

import numpy as np
import pytest
from rich.console import Console

from judge.base.errors import JudgeError
from judge.cases.generated import draw_fresh
from judge.cli import main
from judge.practice.replay import pick_case
from judge.practice.sidebyside import render_table, side_by_side

EXIT_JUDGE_ERROR = 2


@pytest.fixture(autouse=True)
def _only_the_copy(kata, monkeypatch, tmp_path):
    """One problem (the kata copy), a private cache, and the copy's root as working directory."""
    monkeypatch.setenv("JUDGE_PROBLEMS_DIR", str(kata.directory.parent))
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path / "cache"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def judge_error(capsys, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == EXIT_JUDGE_ERROR and out == "" and "Traceback" not in err
    assert err.startswith("judge: error: ") and err.count("\n") == 1, err
    return err.strip()


# -- init ------------------------------------------------------------------------------------

def test_init_writes_a_starter_that_compiles_and_says_what_next(capsys, tmp_path):
    code, out, _ = run(capsys, "init", "se_block")
    written = tmp_path / "se_block.py"
    assert code == 0 and written.is_file()
    tree = ast.parse(written.read_text())
    assert any(isinstance(n, ast.FunctionDef) and n.name == "se_block_forward" for n in tree.body)
    assert out.startswith("wrote se_block.py: the signature of se_block_forward")
    assert "judge grade se_block.py --watch" in out and "judge show se_block" in out


def test_init_into_a_folder_and_to_a_named_file(capsys, tmp_path):
    (tmp_path / "work").mkdir()
    assert run(capsys, "init", "se_block", "work")[0] == 0
    assert (tmp_path / "work" / "se_block.py").is_file()
    assert run(capsys, "init", "se_block", "work/mine.py")[0] == 0
    assert "judge grade work/mine.py" in (tmp_path / "work" / "mine.py").read_text()


def test_init_never_overwrites_a_file(capsys, tmp_path):
    mine = tmp_path / "se_block.py"
    mine.write_text("my precious work\n")
    line = judge_error(capsys, "init", "se_block")
    assert line == ("judge: error: se_block.py: already exists, and init never overwrites a file; give another PATH, "
                    "or move that file away first")
    assert mine.read_text() == "my precious work\n"


def test_init_errors(capsys):
    assert "foo.txt: a starter is a Python file" in judge_error(capsys, "init", "se_block", "foo.txt")
    assert "the folder nowhere does not exist" in judge_error(capsys, "init", "se_block", "nowhere/x.py")
    assert "unknown problem 'nope'; available: se_block" in judge_error(capsys, "init", "nope")


# -- list and show ---------------------------------------------------------------------------

def test_list_shows_id_entry_point_and_case_counts(capsys, se_block, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # wide enough for the table (narrower: tests/unit/test_terminal.py)
    code, out, _ = run(capsys, "list")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("se_block "))
    hidden = sum(c.hidden for c in se_block.cases)
    assert row.split()[:5] == ["se_block", "se_block_forward", str(len(se_block.cases)), str(hidden), "100"]


def test_list_names_a_broken_problem_and_exits_2(capsys, kata):
    kata.append("problem.yaml", "colour: red\n")
    code, out, _ = run(capsys, "list")
    assert code == 2
    assert "cannot be loaded" in out and "unknown key 'colour'" in out


def test_show_prints_the_statement(capsys, kata):
    code, out, _ = run(capsys, "show", "se_block", "--raw")
    assert code == 0 and out == (kata.directory / "statement.md").read_text()
    code, out, _ = run(capsys, "show")
    assert code == 0 and "Squeeze-and-Excitation block" in out and "judge init se_block" in out


def test_show_with_a_missing_statement(capsys, kata):
    (kata.directory / "statement.md").unlink()
    assert "the statement of se_block cannot be read" in judge_error(capsys, "show", "se_block")


# -- hint through the CLI ----------------------------------------------------------------------

def test_hint_before_any_grade(capsys, tmp_path):
    (tmp_path / "mine.py").write_text("def se_block_forward(seed, x, reduction): pass\n")
    assert "mine.py: not graded yet" in judge_error(capsys, "hint", "mine.py")


def test_hint_prints_the_levels_revealed_so_far(capsys, tmp_path, se_block):
    from judge.base.results import Diagnosis, GradeResult
    from judge.practice.state import remember_grade

    mine = tmp_path / "mine.py"
    mine.write_text("def se_block_forward(seed, x, reduction): pass\n")
    remember_grade(mine, GradeResult(problem="se_block", submission="mine.py", status="failed", score=15,
                                     max_score=100, cases=(), seed=0, versions={}, duration_s=1, isolation="bwrap",
                                     diagnoses=(Diagnosis("missing_sigmoid", ""),)))
    hints = se_block.diagnosis.catalog["missing_sigmoid"].hints
    code, out, _ = run(capsys, "hint", "mine.py")
    assert code == 0
    assert f"hint 1/3: {hints[0]}" in out and f"hint 2/3: {hints[1]}" in out and "hint 3/3" not in out
    run(capsys, "hint", "mine.py")
    code, out, _ = run(capsys, "hint", "mine.py")
    assert "No more hints for missing_sigmoid: all 3 are shown above" in out


# -- replay: which case -------------------------------------------------------------------------

def test_replay_picks_a_fixed_case(se_block):
    assert pick_case(se_block, "worked-example", 0, None) == next(c for c in se_block.cases if c.id == "worked-example")


def test_replay_refuses_a_hidden_case(se_block):
    hidden = next(c for c in se_block.cases if c.hidden)
    with pytest.raises(JudgeError, match=f"case {hidden.id} is hidden: its inputs and values are never shown"):
        pick_case(se_block, hidden.id, 0, None)


def test_replay_finds_the_generated_case_of_a_grade(se_block):
    # Without trivial blocks the grade's draw needs no reference (and no jax): the plain draw.
    se_block = dataclasses.replace(se_block, trivial_blocks=())
    drawn = draw_fresh(se_block, 3, 12)
    case = pick_case(se_block, "gen-7", 3, 12)
    assert case.id == drawn[6].id == "gen-07" and case.args == drawn[6].args


def test_replay_of_a_generated_case_outside_the_grade(se_block):
    with pytest.raises(JudgeError, match="gen-13: a grade with --seed 0 draws 12 generated cases, gen-1 to gen-12"):
        pick_case(se_block, "gen-13", 0, 12)


def test_replay_takes_the_mapping_the_shrinker_prints(se_block):
    case = pick_case(se_block, '{"seed": 0, "x": {"shape": [1, 1, 1], "fill": "normal", "seed": 0}, "reduction": 2}',
                     0, None)
    assert case.id == "replay" and dict(case.args)["reduction"] == 2


@pytest.mark.parametrize("given, expected", [
    ("nope", "no case 'nope' in se_block: give a fixed case id (worked-example,"),
    ("{seed: 0}", "CASE: "),
    ("{seed: [unclosed", "CASE: not a YAML/JSON mapping"),
])
def test_replay_case_errors(se_block, given, expected):
    with pytest.raises(JudgeError) as info:
        pick_case(se_block, given, 0, None)
    assert str(info.value).startswith(expected), str(info.value)


def test_replay_of_a_missing_file(capsys):
    assert "gone.py: no such file" in judge_error(capsys, "replay", "gone.py", "worked-example")


# -- replay: the side-by-side table ---------------------------------------------------------------

def test_side_by_side_puts_the_aligned_input_beside_got_and_expected(se_block):
    case = pick_case(se_block, "worked-example", 0, None)  # x is (4, 4, 4), like the output index
    expected = np.linspace(-1, 1, 64, dtype=np.float32)
    got = expected.copy()
    got[[5, 63]] += 1.0
    view = side_by_side(se_block, case, got, expected, show_all=False)
    assert view.columns == ("(h, w, c)", "x") and view.size == 64 and view.mismatched == 2
    assert len(view.rows) == 64 and view.hidden_rows == 0  # small outputs are shown whole
    flat, position, inputs, row_got, row_expected, close = view.rows[5]
    assert (flat, position, close) == (5, "(0, 1, 1)", False)
    from judge.problem.case import materialise_args

    x = materialise_args(case, se_block.array_dtypes)[1]
    assert inputs == (float(x[0, 1, 1]),) and row_got == pytest.approx(row_expected + 1.0)
    rendered = _render(view)
    assert rendered.count("✗") == 2


def test_side_by_side_of_a_large_output_shows_the_mismatches(se_block):
    case = pick_case(se_block, "distinct-dims-8x6x64", 0, None)
    expected = np.zeros(8 * 6 * 64, dtype=np.float32)
    got = expected.copy()
    got[100:150] = 1.0
    view = side_by_side(se_block, case, got, expected, show_all=False)
    assert [row[0] for row in view.rows] == list(range(100, 132))  # the first 32 mismatches, in order
    assert view.mismatched == 50 and view.hidden_rows == 8 * 6 * 64 - 32
    assert len(side_by_side(se_block, case, got, expected, show_all=True).rows) == 8 * 6 * 64


def _render(view) -> str:
    console = Console(width=120, no_color=True)
    with console.capture() as capture:
        console.print(render_table(view))
    return capture.get()


# -- grade --watch ------------------------------------------------------------------------------

def test_watch_wants_the_text_report(capsys, tmp_path):
    (tmp_path / "mine.py").write_text("def se_block_forward(seed, x, reduction): pass\n")
    line = judge_error(capsys, "grade", "mine.py", "--watch", "--format", "json", "--sandbox", "process")
    assert line == "judge: error: --watch prints the text report after every save; drop --format and --output"


def test_show_without_an_id_among_several_katas(capsys, kata):
    import shutil

    twin = kata.directory.parent / "twin"
    shutil.copytree(kata.directory, twin)
    (twin / "problem.yaml").write_text((twin / "problem.yaml").read_text().replace("id: se_block", "id: twin"))
    line = judge_error(capsys, "show")
    assert line == "judge: error: which kata? give one of: se_block, twin (e.g. judge show se_block)"
