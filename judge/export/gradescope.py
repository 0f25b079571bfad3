"""Gradescope: `autograder.zip` with `setup.sh` and `run_autograder` at its top level.

Gradescope unpacks the zip into /autograder/source, runs setup.sh once to build the
image, then for each submission runs /autograder/run_autograder (a copy of ours) with
the files in /autograder/submission; it reads /autograder/results/results.json.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from judge.export.bundle import JUDGE_FOLDER, template, write_bundle, write_executable
from judge.problem.model import Problem

# Gradescope's own limit is set per assignment (10 min by default, at most 40).
TIMEOUT_S = 540


def export(problem: Problem, output: Path, max_score: float) -> Path:
    """Write the zip at `output` (a .zip path, or a folder to put autograder.zip in)."""
    target = output / "autograder.zip" if output.is_dir() or not output.suffix else output
    with tempfile.TemporaryDirectory(prefix="judge-export-") as staging:
        folder = Path(staging)
        write_bundle(folder, problem, "gradescope", TIMEOUT_S, max_score)
        problem_dir = f"/autograder/source/{JUDGE_FOLDER}/problems/{problem.id}"
        write_executable(folder / "setup.sh", template("gradescope_setup.sh", JUDGE_FOLDER=JUDGE_FOLDER,
                                                       PROBLEM_DIR=problem_dir))
        write_executable(folder / "run_autograder", template("gradescope_run_autograder"))
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(folder).as_posix())
                    with open(path, "rb") as handle:
                        archive.writestr(info, handle.read(), zipfile.ZIP_DEFLATED)
    return target
