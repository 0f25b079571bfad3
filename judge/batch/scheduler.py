"""Grading a batch: one `judge grade` process per submission, `jobs` at a time.

A separate process per submission is what makes a batch give each submission exactly
the verdict `judge grade` gives it alone, confines a judge crash to one submission,
and lets the batch stop a grade that overruns its wall limit (with everything it
started) without waiting on it. The loop is single-threaded: it starts processes,
polls them, and appends each finished result to the log before reporting it.
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.batch.log import ResultsLog
from judge.batch.processes import kill_tree, spawn
from judge.batch.records import graded_record, judge_error_record

# How often the loop looks at its processes: a grade takes seconds, so 0.1 s is invisible.
POLL_SECONDS = 0.1
# Exit codes of `judge grade` (judge/cli.py): 0 full marks, 1 below, 2 the judge's own error.
_GRADED = (0, 1)
_JUDGE_ERROR = 2


@dataclass(frozen=True)
class GradeSettings:
    """How every submission of the batch is graded: the `judge grade` options, and the limit."""

    problem_arg: str | None  # --problem as the user gave it (passed on unchanged)
    problem_id: str
    max_score: float
    seed: int
    examples_arg: int | None
    examples: int  # generated cases each grade draws
    shrink: bool
    sandbox: str  # --sandbox mode, passed on
    timeout_s: float  # wall limit of one grade process

    def argv(self, path: str, output: Path) -> list[str]:
        argv = [sys.executable, "-m", "judge", "grade", path, "--format", "json", "--output", str(output),
                "--seed", str(self.seed)]
        if self.problem_arg is not None:
            argv += ["--problem", self.problem_arg]
        if self.examples_arg is not None:
            argv += ["--examples", str(self.examples_arg)]
        if not self.shrink:
            argv.append("--no-shrink")
        return argv + ["--sandbox", self.sandbox]

    def error_record(self, path: str, message: str, duration_s: float) -> dict[str, Any]:
        return judge_error_record(path, message, problem=self.problem_id, max_score=self.max_score,
                                  seed=self.seed, examples=self.examples, duration_s=duration_s)


@dataclass
class _Job:
    path: str
    workdir: Path
    proc: Any  # subprocess.Popen
    started: float

    @property
    def report_path(self) -> Path:
        return self.workdir / "report.json"

    @property
    def stderr_path(self) -> Path:
        return self.workdir / "stderr.txt"


def run_batch(paths: list[str], settings: GradeSettings, jobs: int, log: ResultsLog, progress) -> None:
    """Grade `paths`, appending one record per submission to `log` as each finishes."""
    pending = deque(enumerate(paths))
    running: list[_Job] = []
    scratch = Path(tempfile.mkdtemp(prefix="judge-batch-"))
    try:
        while pending or running:
            while pending and len(running) < jobs:
                running.append(_start(*pending.popleft(), settings, scratch))
            time.sleep(POLL_SECONDS)
            for job in list(running):
                record = _finished(job, settings)
                if record is not None:
                    running.remove(job)
                    shutil.rmtree(job.workdir, ignore_errors=True)
                    log.append(record)  # durable before it is reported
                    progress.finished(record)
            progress.tick()
    finally:
        for job in running:  # interrupted: stop what is in flight; the log keeps the rest
            kill_tree(job.proc)
        shutil.rmtree(scratch, ignore_errors=True)


def _start(number: int, path: str, settings: GradeSettings, scratch: Path) -> _Job:
    workdir = scratch / str(number)
    workdir.mkdir()
    job = _Job(path, workdir, None, time.monotonic())
    job.proc = spawn(settings.argv(path, job.report_path), workdir / "stdout.txt", job.stderr_path)
    return job


def _finished(job: _Job, settings: GradeSettings) -> dict[str, Any] | None:
    """The job's record if it is over (or overran its limit), else None."""
    elapsed = time.monotonic() - job.started
    code = job.proc.poll()
    if code is None:
        if elapsed <= settings.timeout_s:
            return None
        kill_tree(job.proc)
        return settings.error_record(
            job.path, f"grading took longer than the batch's limit of {settings.timeout_s:g} s per submission "
                      "(--timeout) and was stopped", elapsed)
    if code in _GRADED:
        try:
            report = json.loads(job.report_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return settings.error_record(job.path, f"the grade process exited with status {code} but left no "
                                                   f"readable report; {_last_words(job)}", elapsed)
        return graded_record(job.path, report)
    if code == _JUDGE_ERROR:
        return settings.error_record(job.path, _last_words(job, default="judge: error (no message)"), elapsed)
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else f"signal {-code}"
        return settings.error_record(job.path, f"the grade process was killed by {name}; {_last_words(job)}", elapsed)
    return settings.error_record(job.path, f"the grade process exited with status {code}; {_last_words(job)}", elapsed)


def _last_words(job: _Job, default: str = "it printed nothing") -> str:
    """The last line the grade process wrote to stderr (the judge's one-line error)."""
    try:
        lines = job.stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        lines = []
    return lines[-1].strip() if lines else default
