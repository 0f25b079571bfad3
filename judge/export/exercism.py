"""Exercism: a test-runner folder with `bin/run.sh SLUG INPUT_DIR OUTPUT_DIR` and a Dockerfile.

Exercism runs the image once per iteration with the solution in INPUT_DIR; run.sh writes
OUTPUT_DIR/results.json (interface version 3) and exits 0 whenever it did.
"""

from __future__ import annotations

from pathlib import Path

from judge.export.bundle import JUDGE_FOLDER, template, write_bundle, write_executable
from judge.problem.model import Problem

# Exercism gives a runner 20 s per solution; the driver leaves it time to write its error.
TIMEOUT_S = 18


def export(problem: Problem, output: Path, max_score: float) -> Path:
    output.mkdir(parents=True, exist_ok=True)
    write_bundle(output, problem, "exercism", TIMEOUT_S, max_score)
    write_executable(output / "bin" / "run.sh", template("exercism_run.sh"))
    (output / "Dockerfile").write_text(template("exercism_Dockerfile", KATA=problem.id, JUDGE_FOLDER=JUDGE_FOLDER,
                                                PROBLEM_DIR=f"{JUDGE_FOLDER}/problems/{problem.id}"),
                                       encoding="utf-8")
    return output
