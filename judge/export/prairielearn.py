"""PrairieLearn: an external grader in the course's serverFilesCourse, and the question's info.json.

PrairieLearn copies the listed serverFilesCourse folders to /grade/serverFilesCourse,
the student's files to /grade/student, runs the entrypoint in the grading image and
reads /grade/results/results.json (score 0..1, gradable, message, output, tests).
"""

from __future__ import annotations

import json
from pathlib import Path

from judge.export.bundle import JUDGE_FOLDER, template, write_bundle, write_executable
from judge.problem.model import Problem

TIMEOUT_S = 300  # the question's externalGradingOptions.timeout; the driver stops 20 s before


def export(problem: Problem, output: Path, max_score: float) -> Path:
    """Write `output/serverFilesCourse/judge_KATA/`, `output/question/info.json` and `output/Dockerfile`."""
    name = f"judge_{problem.id}"
    folder = output / "serverFilesCourse" / name
    folder.mkdir(parents=True, exist_ok=True)
    write_bundle(folder, problem, "prairielearn", TIMEOUT_S - 20, max_score)
    write_executable(folder / "run.sh", template("prairielearn_run.sh", FOLDER=name))
    info = {
        "uuid": "REPLACE-WITH-A-NEW-UUID",
        "title": problem.title or problem.id,
        "topic": "JAX/Flax katas",
        "type": "v3",
        "singleVariant": True,
        "gradingMethod": "External",
        "externalGradingOptions": {
            "enabled": True,
            "image": f"REPLACE-WITH-YOUR-IMAGE (built from {output.name}/Dockerfile)",
            "serverFilesCourse": [f"{name}/"],
            "entrypoint": f"/grade/serverFilesCourse/{name}/run.sh",
            "timeout": TIMEOUT_S,
        },
    }
    question = output / "question"
    question.mkdir(parents=True, exist_ok=True)
    (question / "info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    (output / "Dockerfile").write_text(template("prairielearn_Dockerfile", KATA=problem.id,
                                                JUDGE_FOLDER=f"serverFilesCourse/{name}/{JUDGE_FOLDER}"),
                                       encoding="utf-8")
    return output
