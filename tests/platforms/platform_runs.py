"""Exported autograders run as each platform runs them, in fake roots, once per submission
(a module name of its own: tests/unit and tests/batch have a conftest too).

`platform_run(platform, kind)` exports the kata (once per session), lays out the platform's
folders around a submission, runs the platform's entry script and returns its exit code
and results.json; results are remembered, so each grade happens once per test session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KATA = "se_block"
SUBMISSIONS = REPO / "submissions" / KATA
# Ten generated cases instead of a hundred: each grade then takes seconds (the driver passes
# JUDGE_PLATFORM_EXAMPLES on as --examples); the full count changes no field checked here.
EXAMPLES = "10"
# A loaded 2-core machine can take a minute for a grade; the platform limits are not under test.
TIMEOUT = "300"
SOURCES = {"correct": "correct.py", "wrong": "wrong_no_sigmoid.py", "broken": "broken_raises.py",
           "not_loading": "broken_syntax.py"}


def write_notebook(path: Path, source: str) -> None:
    """A notebook as Colab saves one: an install line, a markdown cell, the solution, a %%time cell."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("%pip install -q flax\n!nvidia-smi"),
                      nbformat.v4.new_markdown_cell("# My SE block"),
                      nbformat.v4.new_code_cell(source),
                      nbformat.v4.new_code_cell("%%time\nimport numpy as np\nprint(np.zeros(3))")]
    nbformat.write(notebook, str(path))


def judge_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "JUDGE_PLATFORM_EXAMPLES": EXAMPLES, "JUDGE_PLATFORM_TIMEOUT": TIMEOUT}
    env.update(extra)
    return env


class PlatformRuns:
    def __init__(self, base: Path):
        self.base = base
        self.exports: dict[str, Path] = {}
        self.done: dict[tuple[str, str], tuple[int, dict]] = {}

    def export(self, platform: str) -> Path:
        if platform not in self.exports:
            target = self.base / "exports" / platform
            out = target / "autograder.zip" if platform == "gradescope" else target
            target.mkdir(parents=True)
            done = subprocess.run([sys.executable, "-m", "judge", "export", platform, KATA, "--output", str(out)],
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            self.exports[platform] = out
        return self.exports[platform]

    def submission(self, kind: str, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        if kind == "notebook":
            path = folder / f"{KATA}.ipynb"
            write_notebook(path, (SUBMISSIONS / "correct.py").read_text())
        else:
            path = folder / f"{KATA}.py"
            shutil.copy(SUBMISSIONS / SOURCES[kind], path)
        return path

    def run(self, platform: str, kind: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
        key = (platform, kind)
        if env is None and key in self.done:
            return self.done[key]
        root = self.base / f"{platform}-{kind}-{'custom' if env else 'normal'}"
        exported = self.export(platform)
        if platform == "gradescope":
            with zipfile.ZipFile(exported) as archive:
                archive.extractall(root / "source")
            for name in ("run_autograder", "setup.sh", "autograde.py"):
                (root / "source" / name).chmod(0o755)
            shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
            self.submission(kind, root / "submission")
            command = [str(root / "run_autograder")]
            results = root / "results" / "results.json"
        elif platform == "prairielearn":
            shutil.copytree(exported / "serverFilesCourse", root / "serverFilesCourse")
            self.submission(kind, root / "student")
            command = [str(root / "serverFilesCourse" / f"judge_{KATA}" / "run.sh")]
            results = root / "results" / "results.json"
        else:
            self.submission(kind, root / "input")
            (root / "output").mkdir(parents=True)
            command = [str(exported / "bin" / "run.sh"), KATA.replace("_", "-"), f"{root}/input/", f"{root}/output/"]
            results = root / "output" / "results.json"
        done = subprocess.run(command, env={**(env or judge_env()), "JUDGE_PLATFORM_ROOT": str(root)},
                              capture_output=True, text=True, timeout=600)
        assert results.is_file(), f"no results.json; stdout {done.stdout[-2000:]} stderr {done.stderr[-2000:]}"
        outcome = (done.returncode, json.loads(results.read_text(encoding="utf-8")))
        if env is None:  # a run in a broken environment is never the one to reuse
            self.done[key] = outcome
        return outcome
