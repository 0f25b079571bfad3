"""`judge grade` stops with exit code 2 and one line on stderr when it cannot grade.

Every command here fails before a runner starts, so each costs one Python start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXIT_JUDGE_ERROR = 2
A_VALID_CASE = "{seed: 0, x: {shape: [4, 4, 4], fill: zeros}, reduction: 2}"


def judge_grade(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JUDGE_DEBUG"}  # JUDGE_DEBUG shows tracebacks
    return subprocess.run([sys.executable, "-m", "judge", "grade", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def judge_error(result: subprocess.CompletedProcess[str]) -> str:
    """The one stderr line of a judge error, after checking the exit code and that nothing else was said."""
    assert "Traceback" not in result.stderr
    assert result.returncode == EXIT_JUDGE_ERROR, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("judge: error: ")
    return lines[0]


@pytest.fixture
def submission(kata) -> Path:
    """An existing submission file (never run: these commands stop first)."""
    path = kata.directory.parent.parent / "solution.py"
    path.write_text("def se_block_forward(seed, x, reduction):\n    return x.reshape(-1)\n", encoding="utf-8")
    return path


def test_nonexistent_submission(kata):
    line = judge_error(judge_grade("missing.py", "--problem", str(kata.directory), cwd=kata.directory))

    assert "missing.py: no such file" in line


def test_directory_as_submission(kata):
    line = judge_error(judge_grade(str(kata.directory), "--problem", str(kata.directory), cwd=kata.directory))

    assert f"{kata.directory}: is a directory" in line


def test_unknown_problem(submission):
    line = judge_error(judge_grade(str(submission), "--problem", "no_such_kata", cwd=submission.parent))

    assert "unknown problem 'no_such_kata'" in line
    assert "se_block" in line  # lists what is available


def test_invalid_cases_yaml_names_file_and_line(kata, submission):
    index, lines = kata.add_case(x="{shape: [4, -1, 4], fill: zeros}")

    line = judge_error(judge_grade(str(submission), "--problem", str(kata.directory), cwd=submission.parent))

    assert (f"problems/se_block/cases.yaml:{lines['x']}: cases[{index}].x.shape: [4, -1, 4]: "
            "dimensions must be >= 1" in line)


def test_invalid_problem_yaml_with_a_missing_submission(kata):
    kata.append("problem.yaml", "colour: red\n")

    line = judge_error(judge_grade("missing.py", "--problem", str(kata.directory), cwd=kata.directory.parent.parent))

    assert "problems/se_block/problem.yaml:" in line
    assert "unknown key 'colour'" in line


def test_case_that_is_not_yaml(kata, submission):
    line = judge_error(judge_grade(str(submission), "--problem", str(kata.directory), "--case", "{x: [1",
                                   cwd=submission.parent))

    assert "--case: not a YAML/JSON mapping" in line


def test_case_with_an_unknown_key(kata, submission):
    case = A_VALID_CASE[:-1] + ", colour: red}"

    line = judge_error(judge_grade(str(submission), "--problem", str(kata.directory), "--case", case,
                                   cwd=submission.parent))

    assert "--case: colour: 'colour': unknown key 'colour'" in line


def test_negative_seed(kata, submission):
    result = judge_grade(str(submission), "--problem", str(kata.directory), "--seed", "-1", cwd=submission.parent)

    # argparse prints its usage block, then one error line.
    assert "Traceback" not in result.stderr
    assert result.returncode == EXIT_JUDGE_ERROR
    *usage, error = result.stderr.splitlines()
    assert usage[0].startswith("usage: judge grade")
    assert error == "judge grade: error: argument --seed: must be >= 0, got -1"


def test_zero_examples_is_not_an_internal_error(kata):
    # --examples 0 once reached hypothesis as max_examples=0 and ended in "internal error".
    line = judge_error(judge_grade("missing.py", "--problem", str(kata.directory), "--examples", "0",
                                   cwd=kata.directory))

    assert "missing.py: no such file" in line
