"""Which kata a file is for: `judge grade` and `judge batch` without --problem.

A private problems folder holds the se_block kata and a twin with another id and entry
point (JUDGE_PROBLEMS_DIR points at it), so nothing depends on which katas the repository has.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from judge.base.errors import JudgeError
from judge.batch.assign import assign_problems, describe
from judge.batch.records import check_consistent
from judge.problem.find import defined_names, problem_for

REPO = Path(__file__).resolve().parents[2]
SE_BLOCK = REPO / "problems" / "se_block"


@pytest.fixture
def two_katas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "problems"
    shutil.copytree(SE_BLOCK, root / "se_block")
    shutil.copytree(SE_BLOCK, root / "twin")
    shutil.copytree(REPO / "reference", tmp_path / "reference")
    yaml_path = root / "twin" / "problem.yaml"
    text = yaml_path.read_text().replace("id: se_block", "id: twin").replace("entry_point: se_block_forward",
                                                                            "entry_point: twin_forward")
    yaml_path.write_text(text)
    monkeypatch.setenv("JUDGE_PROBLEMS_DIR", str(root))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, source: str) -> Path:
    path.write_text(source, encoding="utf-8")
    return path


def test_top_level_names_include_defs_assignments_imports_and_guarded_defs(tmp_path):
    path = write(tmp_path / "a.py", "import numpy as np\nfrom x import y as z\ndef f(): pass\nclass K: pass\n"
                                    "g = h = 1\nif True:\n    def under_if(): pass\ntry:\n    def in_try(): pass\n"
                                    "except ImportError:\n    def in_except(): pass\n"
                                    "def outer():\n    def inner(): pass\n")
    names, parsed = defined_names(path)
    assert parsed
    assert {"np", "z", "f", "K", "g", "h", "under_if", "in_try", "in_except", "outer"} <= names
    assert "inner" not in names  # nested: not a module name


def test_a_file_that_does_not_parse_is_read_by_its_def_lines(tmp_path):
    names, parsed = defined_names(write(tmp_path / "a.py", "def twin_forward(seed, x, reduction):\n    return x(\n"))
    assert not parsed
    assert names == {"twin_forward"}


def test_the_matching_kata_is_chosen_and_said(two_katas):
    choice = problem_for(None, write(two_katas / "mine.py", "def twin_forward(seed, x, reduction):\n    return x\n"))
    assert choice.problem.id == "twin"
    assert choice.reason == "problem twin (inferred: the file defines twin_forward; --problem chooses another)"


def test_an_unparsable_file_is_still_matched_so_it_gets_its_syntax_error_verdict(two_katas):
    choice = problem_for(None, write(two_katas / "mine.py", "def se_block_forward(seed, x, reduction)\n    pass\n"))
    assert choice.problem.id == "se_block"
    assert "does not parse, but has a `def se_block_forward` line" in choice.reason


def test_no_match_lists_the_entry_points_and_asks_for_problem(two_katas):
    write(two_katas / "mine.py", "def solve(seed, x, reduction):\n    return x\n")
    with pytest.raises(JudgeError) as info:
        problem_for(None, Path("mine.py"))
    message = str(info.value)
    assert message.startswith("mine.py: defines none of the problems' entry points: se_block_forward (se_block), "
                              "twin_forward (twin)")
    assert message.endswith("pass --problem ID to grade it against one anyway")


def test_a_typo_of_one_entry_point_is_graded_against_it(two_katas):
    # The grade's own verdict then says "did you mean se_block_fwd? Rename it".
    choice = problem_for(None, write(two_katas / "mine.py", "def se_block_fwd(seed, x, reduction):\n    return x\n"))
    assert choice.problem.id == "se_block"
    assert "inferred: the file defines se_block_fwd, close to se_block_forward" in choice.reason


def test_a_vaguely_similar_name_is_named_but_not_chosen(two_katas):
    path = write(two_katas / "mine.py", "def forward(seed, x, reduction):\n    return x\n")
    with pytest.raises(JudgeError, match="it defines forward, close to twin_forward; rename it, or pass --problem"):
        problem_for(None, path)


def test_several_matches_ask_for_one(two_katas):
    path = write(two_katas / "mine.py", "def se_block_forward(): pass\ndef twin_forward(): pass\n")
    with pytest.raises(JudgeError, match="several problems .*; pass --problem one of se_block, twin$"):
        problem_for(None, path)


def test_problem_option_wins_over_inference(two_katas):
    path = write(two_katas / "mine.py", "def twin_forward(): pass\n")
    choice = problem_for("se_block", path)
    assert choice.problem.id == "se_block" and choice.reason is None


def test_a_broken_kata_does_not_stop_another_from_being_inferred(two_katas):
    (two_katas / "problems" / "twin" / "problem.yaml").write_text("id: [unclosed\n")
    choice = problem_for(None, write(two_katas / "mine.py", "def se_block_forward(seed, x, reduction): pass\n"))
    assert choice.problem.id == "se_block"
    with pytest.raises(JudgeError, match="twin could not be read"):
        problem_for(None, write(two_katas / "other.py", "def twin_forward(seed, x, reduction): pass\n"))


def test_with_one_problem_nothing_is_inferred_even_for_a_broken_file(kata, monkeypatch):
    monkeypatch.setenv("JUDGE_PROBLEMS_DIR", str(kata.directory.parent))
    choice = problem_for(None, write(kata.directory.parent / "x.py", "def nothing_useful(:\n"))
    assert choice.problem.id == "se_block" and choice.reason is None


def test_a_missing_file_among_several_problems(two_katas):
    with pytest.raises(JudgeError, match="^gone.py: no such file"):
        problem_for(None, Path("gone.py"))


def test_a_batch_groups_files_by_kata(two_katas):
    paths = []
    for name, entry in (("a.py", "twin_forward"), ("b.py", "se_block_forward"), ("c.py", "twin_forward")):
        write(two_katas / name, f"def {entry}(seed, x, reduction): pass\n")
        paths.append(name)
    groups, inferred = assign_problems(None, paths)
    assert inferred
    assert [(g.problem.id, g.paths) for g in groups] == [("twin", ("a.py", "c.py")), ("se_block", ("b.py",))]
    assert all(Path(g.problem_arg) == two_katas / "problems" / g.problem.id for g in groups)
    assert describe(groups) == "problem inferred per file: 2 twin, 1 se_block"


def test_a_batch_grades_files_that_fit_no_kata_against_the_only_kata_the_others_fit(two_katas):
    write(two_katas / "a.py", "def twin_forward(seed, x, reduction): pass\n")
    write(two_katas / "b.py", "")
    write(two_katas / "c.py", "def twin_forward(seed, x, reduction): pass\n")
    groups, inferred = assign_problems(None, ["a.py", "b.py", "c.py"])
    assert inferred
    assert [(g.problem.id, g.paths, g.unmatched) for g in groups] == [("twin", ("a.py", "b.py", "c.py"), 1)]
    assert describe(groups) == ("problem inferred per file: 3 twin "
                                "(1 of them defines no kata's entry point and will show why)")


def test_a_batch_with_unmatched_files_among_several_katas_stops_before_grading(two_katas):
    write(two_katas / "a.py", "def twin_forward(seed, x, reduction): pass\n")
    write(two_katas / "b.py", "def something_else(): pass\n")
    write(two_katas / "c.py", "def se_block_forward(seed, x, reduction): pass\n")
    with pytest.raises(JudgeError) as info:
        assign_problems(None, ["a.py", "b.py", "c.py"])
    assert str(info.value).startswith("cannot tell which problem 1 of the 3 submissions are for, so nothing was "
                                      "graded: b.py: defines none")
    assert str(info.value).endswith("twin_forward (twin); pass --problem, or leave those files out")  # one fix, once
    with pytest.raises(JudgeError, match="cannot tell which problem 1 of the 1 submissions"):
        assign_problems(None, ["b.py"])  # no other file to go by


def test_a_batch_with_problem_given_is_not_inferred(two_katas):
    groups, inferred = assign_problems("twin", ["a.py", "b.py"])
    assert not inferred and [g.paths for g in groups] == [("a.py", "b.py")] and groups[0].problem_arg == "twin"


def test_merged_results_may_mix_problems_but_not_settings_within_one():
    def record(path, problem, seed):
        return {"path": path, "problem": problem, "seed": seed, "examples": 100}

    check_consistent([record("a.py", "se_block", 0), record("b.py", "twin", 0)], "logs")
    with pytest.raises(JudgeError, match="different settings"):
        check_consistent([record("a.py", "se_block", 0), record("b.py", "se_block", 7), record("c.py", "twin", 0)],
                         "logs")
