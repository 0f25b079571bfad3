"""What every exported autograder holds: the judge's source with one kata, and the driver.

The judge is copied as a source tree (judge/, pyproject.toml, README.md, the kata's
problem folder and its reference files), so the platform's setup installs exactly this
judge with `pip install`, and the kata is found by path whatever the install mode.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from judge.base.errors import JudgeError
from judge.problem.model import Problem

# The judge's own source: the package, and beside it the two files `pip install judge-src`
# needs. Only a clone (or an editable install of one) has them; a wheel's install does not.
JUDGE_PACKAGE = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("pyproject.toml", "README.md")
TEMPLATES = Path(__file__).resolve().parent / "templates"
JUDGE_FOLDER = "judge-src"  # the judge's source tree inside an export
_SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def write_bundle(folder: Path, problem: Problem, platform: str, timeout_s: int, max_score: float) -> None:
    """Put the judge (with `problem`), the driver and its config into `folder`."""
    missing = [name for name in PROJECT_FILES if not (JUDGE_PACKAGE.parent / name).is_file()]
    if missing:
        raise JudgeError(f"judge export copies the judge's source, but {JUDGE_PACKAGE.parent} has no "
                         f"{' or '.join(missing)}: run it from a clone of the judge (pip install -e .)")
    source = folder / JUDGE_FOLDER
    shutil.copytree(JUDGE_PACKAGE, source / "judge", ignore=_SKIPPED)
    for name in PROJECT_FILES:
        shutil.copy2(JUDGE_PACKAGE.parent / name, source / name)
    kata = source / "problems" / problem.id
    shutil.copytree(problem.directory, kata, ignore=_SKIPPED)
    root = _kata_root(problem)
    for needed in _reference_files(problem):
        target = source / needed.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        if needed.is_dir():
            shutil.copytree(needed, target, ignore=_SKIPPED, dirs_exist_ok=True)
        else:
            shutil.copy2(needed, target)
    driver = folder / "autograde.py"
    shutil.copy2(TEMPLATES / "autograde.py", driver)
    driver.chmod(0o755)
    config = {"kata": problem.id, "entry_point": problem.entry_point, "platform": platform,
              "problem_dir": f"{JUDGE_FOLDER}/problems/{problem.id}", "timeout_s": timeout_s, "max_score": max_score}
    (folder / "autograde.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def _kata_root(problem: Problem) -> Path:
    """The folder holding problems/ and reference/ (a clone, or the katas a package ships):
    the bundle keeps the kata's files where they sit relative to it, so problem.yaml's
    relative paths hold in the copy."""
    return problem.directory.resolve().parent.parent


def _reference_files(problem: Problem) -> list[Path]:
    """Every file the kata's problem.yaml points at: the reference, the trivial blocks that
    generated draws are checked against, and the known-wrong variants and cheats."""
    files = [problem.reference, *problem.trivial_blocks]
    if problem.diagnosis:
        files += [m.path for m in problem.diagnosis.mutants]
        files += list(problem.diagnosis.cheats)
    root = _kata_root(problem)
    outside = [f for f in files if root not in f.resolve().parents]
    if outside:
        raise JudgeError(f"{problem.id}: {outside[0]} lies outside {root}, the folder holding the kata's "
                         "problems/; export keeps the kata's files where problem.yaml finds them, so keep "
                         "them in that folder (as reference/<kata>/)")
    return files


def template(name: str, **values: str) -> str:
    """A template of templates/ with its {{NAME}} fields filled in."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def write_executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
