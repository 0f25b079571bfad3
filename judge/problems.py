"""Finding problems: by id in the problems directory, or by path."""

from __future__ import annotations

import os
from pathlib import Path

from judge.errors import JudgeError
from judge.spec.problem import Problem, load_problem

# The repository layout: judge/ sits beside problems/ (an editable install keeps it so).
DEFAULT_PROBLEMS_DIR = Path(__file__).resolve().parent.parent / "problems"


def problems_dir() -> Path:
    """Where problems live: $JUDGE_PROBLEMS_DIR, else the repository's problems/."""
    return Path(os.environ.get("JUDGE_PROBLEMS_DIR") or DEFAULT_PROBLEMS_DIR)


def available_problems() -> list[str]:
    root = problems_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "problem.yaml").is_file())


def resolve_problem(name: str | None) -> Problem:
    """Load the problem named by id or directory path; with no name, the only one there is."""
    available = available_problems()
    if name is None:
        if len(available) == 1:
            return load_problem(problems_dir() / available[0])
        listed = ", ".join(available) or f"none in {problems_dir()}"
        raise JudgeError(f"which problem? pass --problem with one of: {listed}")
    as_path = Path(name)
    if (as_path / "problem.yaml").is_file():
        return load_problem(as_path)
    if name in available:
        return load_problem(problems_dir() / name)
    listed = ", ".join(available) or f"none in {problems_dir()}"
    raise JudgeError(f"unknown problem {name!r}; available: {listed} (or give a directory holding problem.yaml)")
