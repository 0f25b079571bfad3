"""Where problems are found when the judge is installed without its repository around it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from judge.problem import find as problems
from judge.problem.load import load_problem

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_regular_install_finds_the_working_directorys_problems(tmp_path, monkeypatch):
    monkeypatch.delenv("JUDGE_PROBLEMS_DIR", raising=False)
    monkeypatch.setattr(problems, "DEFAULT_PROBLEMS_DIR", tmp_path / "site-packages" / "problems")
    (tmp_path / "site-packages" / "judge" / "katas" / "problems").mkdir(parents=True)
    monkeypatch.setattr(problems, "PACKAGED_PROBLEMS_DIR", tmp_path / "site-packages" / "judge" / "katas" / "problems")
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


def test_a_regular_install_elsewhere_finds_the_katas_it_ships(tmp_path, monkeypatch):
    monkeypatch.delenv("JUDGE_PROBLEMS_DIR", raising=False)
    monkeypatch.setattr(problems, "DEFAULT_PROBLEMS_DIR", tmp_path / "site-packages" / "problems")
    packaged = tmp_path / "site-packages" / "judge" / "katas" / "problems"
    shutil.copytree(REPOSITORY / "problems", packaged)
    monkeypatch.setattr(problems, "PACKAGED_PROBLEMS_DIR", packaged)
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(tmp_path / "home")
    assert problems.problems_dir() == packaged
    assert problems.available_problems() == ["cbam_channel", "se_block"]


def test_the_build_ships_problems_and_references_side_by_side(tmp_path):
    """What setup.py puts in a wheel: every kata loads there, its references found inside the package."""
    built = tmp_path / "build"
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "-d", str(built)], cwd=REPOSITORY,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    katas = built / "judge" / "katas"
    shipped = sorted(p.name for p in (katas / "problems").iterdir() if (p / "problem.yaml").is_file())
    assert shipped == sorted(p.parent.name for p in (REPOSITORY / "problems").glob("*/problem.yaml"))
    for kata in shipped:
        problem = load_problem(katas / "problems" / kata)
        assert katas / "reference" in problem.reference.parents
        assert problem.reference.read_bytes() == (REPOSITORY / problem.reference.relative_to(katas)).read_bytes()
        for mutant in (problem.diagnosis.mutants if problem.diagnosis else []):
            assert katas / "reference" in mutant.path.parents
    assert not list(katas.rglob("__pycache__"))
