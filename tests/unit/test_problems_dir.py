"""Where problems are found when the judge is installed without its repository around it."""

from __future__ import annotations

from judge import problems


def test_a_regular_install_finds_the_working_directorys_problems(tmp_path, monkeypatch):
    monkeypatch.delenv("JUDGE_PROBLEMS_DIR", raising=False)
    monkeypatch.setattr(problems, "DEFAULT_PROBLEMS_DIR", tmp_path / "site-packages" / "problems")
    (tmp_path / "clone" / "problems").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "clone")
    assert problems.problems_dir() == tmp_path / "clone" / "problems"


def test_the_environment_variable_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_PROBLEMS_DIR", str(tmp_path))
    assert problems.problems_dir() == tmp_path


def test_the_repository_s_problems_come_first_when_they_exist(monkeypatch, tmp_path):
    monkeypatch.delenv("JUDGE_PROBLEMS_DIR", raising=False)
    (tmp_path / "problems").mkdir()
    monkeypatch.chdir(tmp_path)
    assert problems.problems_dir() == problems.DEFAULT_PROBLEMS_DIR
