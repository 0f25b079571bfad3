"""Hostile submission files, graded through the CLI: links, pipes and files that defeat Python's parser.

None of these reaches a runner: the judge refuses the file (a verdict, exit 1) before any
work on its contents, so each grade takes a second or two, and the same at both levels.
The attacks in attacks/ are files a runner executes; these are about the file itself,
so they are built here (a link, a FIFO, 600 KB of expression) instead of stored there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox_support import HIDDEN_SEEDS, ROOT

SECRET_LINE = "root-only-first-line-5e1c7"
CORRECT = "def se_block_forward(seed, x, reduction):\n    return x.reshape(-1)\n"


def grade(path: Path, kata: Path, *extra: str, timeout: float = 120) -> tuple[int, dict | None, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "judge", "grade", str(path), "--problem", str(kata), "--format", "json",
         "--examples", "1", "--no-shrink", "--sandbox", "process", *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = None
    return proc.returncode, report, proc.stderr


@pytest.mark.slow
def test_a_submission_that_links_to_a_secret_is_refused_unread(fast_kata: Path, tmp_path: Path):
    secret = tmp_path / "shadow"
    secret.write_text(SECRET_LINE + "\n")
    link = tmp_path / "solution.py"
    link.symlink_to(secret)

    code, report, stderr = grade(link, fast_kata)

    assert code == 1 and report is not None, stderr
    assert report["status"] == "error" and report["score"] == 0
    assert "is a symbolic link" in report["load_error"]
    assert SECRET_LINE not in json.dumps(report) + stderr


@pytest.mark.slow
def test_a_fifo_submission_is_refused_without_blocking(fast_kata: Path, tmp_path: Path):
    fifo = tmp_path / "solution.py"
    os.mkfifo(fifo)

    code, report, stderr = grade(fifo, fast_kata, timeout=60)  # reading it would block forever

    assert code == 1 and report is not None, stderr
    assert "is a named pipe (FIFO), not a regular file" in report["load_error"]


@pytest.mark.slow
def test_an_expression_too_deep_for_the_compiler_is_a_verdict(fast_kata: Path, tmp_path: Path):
    deep = tmp_path / "solution.py"
    deep.write_text(CORRECT + "y = " + "+".join(["1"] * 300_000) + "\n")  # 600 KB: RecursionError in compile

    code, report, stderr = grade(deep, fast_kata)

    assert code == 1 and report is not None, stderr
    assert "nested too deeply" in report["load_error"]


@pytest.mark.slow
def test_a_batch_tree_link_to_the_reference_scores_nothing(fast_kata: Path, tmp_path: Path):
    tree = tmp_path / "tree"
    (tree / "alice").mkdir(parents=True)
    (tree / "alice" / "solution.py").symlink_to(fast_kata.parent.parent / "reference" / "se_block" / "se_block.py")
    (tree / "bob").mkdir()
    (tree / "bob" / "solution.py").write_text(CORRECT)
    log = tmp_path / "results.jsonl"

    proc = subprocess.run(
        [sys.executable, "-m", "judge", "batch", str(tree), "--problem", str(fast_kata), "--format", "jsonl",
         "--output", str(log), "--examples", "1", "--no-shrink", "--sandbox", "process", "--jobs", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)

    records = {Path(r["path"]).parent.name: r for r in map(json.loads, log.read_text().splitlines())}
    assert proc.returncode == 0, proc.stderr
    assert records["alice"]["score"] == 0 and "symbolic link" in records["alice"]["load_error"]
    assert records["bob"]["status"] == "failed"  # graded as usual


@pytest.mark.slow
def test_staff_see_what_the_hidden_cases_did(hidden_kata: Path):
    code, report, stderr = grade(ROOT / "tests" / "sandbox" / "attacks" / "leak_hidden_raise.py", hidden_kata,
                                 "--staff", timeout=300)

    assert code == 1 and report is not None, stderr
    hidden = [c for c in report["cases"] if c["visibility"] == "hidden"]
    assert [c["status"] for c in hidden] == ["error", "error"]
    assert all(f"seed={seed} " in c["message"] and c["inputs"] for c, seed in zip(hidden, HIDDEN_SEEDS))
