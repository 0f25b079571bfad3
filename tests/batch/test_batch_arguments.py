"""`judge batch` / `judge merge` refuse bad arguments before grading anything (exit 2, one line)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from batch_records import REPO, make_record

SYNTAX = str(REPO / "submissions" / "se_block" / "broken_syntax.py")


def judge(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "judge", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args, message", [
    (("batch", "nope.py"), "judge: error: nope.py: no such file or folder"),
    (("batch", "*.none"), "judge: error: *.none: the pattern matched no file"),
    (("batch", SYNTAX, "--shard", "3/2"), "--shard: expected K/N with 1 <= K <= N"),
    (("batch", SYNTAX, "--jobs", "0"), "--jobs/-j: must be >= 1, got 0"),
    (("batch", SYNTAX, "--format", "gradescope"), "invalid choice: 'gradescope'"),
    (("batch", SYNTAX, "--resume", "--fresh"), "not allowed with argument --resume"),
    (("batch", SYNTAX, "--format", "csv", "--output", "x.csv", "--log", "x.csv"),
     "--output x.csv is also the results log; the csv report would overwrite it"),
    (("merge", "missing.jsonl"), "missing.jsonl: no such results log"),
])
def test_bad_arguments(tmp_path, args, message):
    proc = judge(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert not (tmp_path / "judge-batch.jsonl").exists()


def test_an_existing_log_is_never_overwritten_silently(tmp_path):
    log = tmp_path / "judge-batch.jsonl"
    log.write_text(json.dumps(make_record(SYNTAX, examples=100)) + "\n")
    proc = judge("batch", SYNTAX, cwd=tmp_path)
    assert proc.returncode == 2 and "already holds results; pass --resume" in proc.stderr
    assert log.read_text().count("\n") == 1


def test_resuming_with_other_settings_is_refused(tmp_path):
    (tmp_path / "judge-batch.jsonl").write_text(json.dumps(make_record(SYNTAX, examples=100)) + "\n")
    proc = judge("batch", SYNTAX, "--resume", "--seed", "3", cwd=tmp_path)
    assert proc.returncode == 2
    assert "holds results graded with problem se_block, seed 0, 100 generated cases, but this batch grades with " \
           "problem se_block, seed 3, 100 generated cases" in proc.stderr


def test_resuming_a_complete_log_grades_nothing_and_reports_it(tmp_path):
    (tmp_path / "judge-batch.jsonl").write_text(json.dumps(make_record(SYNTAX, examples=100)) + "\n")
    proc = judge("batch", SYNTAX, "--resume", "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "(1 already graded, skipped)" in proc.stderr
    assert proc.stdout.splitlines()[1].startswith(f"{SYNTAX},passed,20,20")
