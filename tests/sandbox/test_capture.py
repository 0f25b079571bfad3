"""Reading the runner's capture file back (judge/runner/client.py: read_output) when the
runner replaced it: a FIFO must not block the judge, a symlink must not be followed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from judge.runner.client import CHILD_SCRIPT, Runner
from judge.sandbox.launch import prepare_launch
from judge.sandbox.levels import PROCESS


def _runner(tmp_path: Path):
    submission = tmp_path / "s.py"
    submission.write_text("")
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, PROCESS)
    return launch, Runner(launch, {}, 1024)


def test_a_fifo_in_place_of_the_capture_is_not_waited_for(tmp_path: Path):
    launch, runner = _runner(tmp_path)
    try:
        launch.capture_path.unlink(missing_ok=True)
        os.mkfifo(launch.capture_path)
        started = time.monotonic()
        assert runner.read_output() == "[output not shown: the submission replaced its output file with something else]"
        assert time.monotonic() - started < 1.0
    finally:
        launch.cleanup()
    assert not launch.workdir.exists()


def test_a_symlink_in_place_of_the_capture_is_not_followed(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("judge's secret")
    launch, runner = _runner(tmp_path)
    try:
        launch.capture_path.unlink(missing_ok=True)
        launch.capture_path.symlink_to(secret)
        assert runner.read_output() == ""
        launch.capture_path.unlink()
        launch.capture_path.write_text("x" * 5000)
        assert runner.read_output().endswith("[output truncated: 5000 bytes in all]")
    finally:
        launch.cleanup()


def test_cleanup_removes_a_work_dir_the_runner_made_unreadable(tmp_path: Path):
    launch, _ = _runner(tmp_path)
    locked = launch.workdir / "tmp" / "locked"
    (locked / "inner").mkdir(parents=True)
    (locked / "inner" / "file").write_text("x")
    os.chmod(locked / "inner", 0)
    os.chmod(locked, 0)
    launch.cleanup()
    assert not launch.workdir.exists()


def test_a_submission_swapped_for_a_link_is_not_copied_through_it(tmp_path: Path):
    # The judge refuses a linked submission before launching; a file swapped for a link after
    # that check must still not be copied through the link into the runner's work directory.
    secret = tmp_path / "secret.txt"
    secret.write_text("judge-secret-line\n")
    submission = tmp_path / "solution.py"
    submission.symlink_to(secret)
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, PROCESS)
    try:
        copied = launch.submission.read_text()
        assert "judge-secret-line" not in copied
        assert "replaced by a link or a special file" in copied
    finally:
        launch.cleanup()


def test_a_regular_submission_is_copied_whole(tmp_path: Path):
    submission = tmp_path / "solution.py"
    submission.write_text("def f():\n    return 1\n")
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, PROCESS)
    try:
        assert launch.submission.read_text() == "def f():\n    return 1\n"
    finally:
        launch.cleanup()
