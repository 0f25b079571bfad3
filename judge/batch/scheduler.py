"""Grading a batch: `jobs` worker processes, each grading one submission at a time.

Each grade is exactly what `judge grade --format json` gives that submission alone
(the worker runs the same command in-process, judge/commands/_worker.py), and every
submission runs in runners of its own. A worker is a judge process: what it saves is
starting one per submission (~0.5 s of CPU each). A worker that dies, or a grade that
overruns its wall limit (the worker is then killed with everything it started), costs
that one submission a judge_error record, and a fresh worker takes the slot; workers
are also replaced after `JOBS_PER_WORKER` grades, which bounds anything a long-lived
judge could accumulate. The loop is single-threaded: it hands out submissions, polls
the workers, and appends each finished result to the log before reporting it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.batch.log import ResultsLog
from judge.batch.processes import kill_tree, spawn_worker
from judge.batch.records import graded_record, judge_error_record

# How long the loop waits for a worker's reply before looking at the clock and the
# workers' health again: a grade takes seconds, so 0.1 s is invisible.
POLL_SECONDS = 0.1
# Grades per worker before it is replaced by a fresh one.
JOBS_PER_WORKER = 50
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
    staff: bool = False  # --staff: records show what the hidden cases did

    def argv(self, path: str, output: Path) -> list[str]:
        """`judge grade` as a command line of its own (what a worker runs in-process)."""
        return [sys.executable, "-m", "judge", *self.grade_args(path, output)]

    def worker_argv(self, reply_fd: int) -> list[str]:
        """The worker process that runs these grades (judge/commands/_worker.py)."""
        return [sys.executable, "-m", "judge.commands._worker", str(reply_fd)]

    def grade_args(self, path: str, output: Path) -> list[str]:
        argv = ["grade", path, "--format", "json", "--output", str(output), "--seed", str(self.seed)]
        if self.problem_arg is not None:
            argv += ["--problem", self.problem_arg]
        if self.examples_arg is not None:
            argv += ["--examples", str(self.examples_arg)]
        if not self.shrink:
            argv.append("--no-shrink")
        if self.staff:
            argv.append("--staff")
        return argv + ["--sandbox", self.sandbox]

    def error_record(self, path: str, message: str, duration_s: float) -> dict[str, Any]:
        return judge_error_record(path, message, problem=self.problem_id, max_score=self.max_score,
                                  seed=self.seed, examples=self.examples, duration_s=duration_s)


class _Worker:
    """One worker process, its reply pipe, and how many grades it has taken."""

    def __init__(self, settings: GradeSettings, scratch: Path):
        read_end, write_end = os.pipe()
        self.log_path = scratch / f"worker-{time.monotonic_ns()}.log"
        self.proc = spawn_worker(settings.worker_argv(write_end), self.log_path, write_end)
        os.close(write_end)
        self.replies = os.fdopen(read_end, "rb", buffering=0)
        self._buffer = b""
        self.taken = 0

    def send(self, args: list[str], stderr_path: Path) -> None:
        self.taken += 1
        self.proc.stdin.write((json.dumps({"args": args, "stderr": str(stderr_path)}) + "\n").encode())
        self.proc.stdin.flush()

    def reply(self) -> int | None:
        """The exit code of the grade in hand, once the worker has sent it; None before."""
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self.replies], [], [], 0)
            if not ready:
                return None
            chunk = self.replies.read(4096)
            if not chunk:
                return None  # the worker closed it: it is dying, its exit status will tell
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return int(json.loads(line)["code"])

    @property
    def fresh(self) -> bool:
        return self.taken < JOBS_PER_WORKER and self.proc.poll() is None

    def close(self) -> None:
        """Let an idle worker finish on its own (end of its input), then make sure it is gone."""
        with contextlib.suppress(OSError):  # its reader may be gone
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill_tree(self.proc)
        self.replies.close()

    def kill(self) -> None:
        kill_tree(self.proc)
        with contextlib.suppress(OSError):  # its reader may be gone
            self.proc.stdin.close()
        self.replies.close()


@dataclass
class _Job:
    path: str
    workdir: Path
    worker: _Worker
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
    idle: list[_Worker] = []
    scratch = Path(tempfile.mkdtemp(prefix="judge-batch-"))
    try:
        while pending or running:
            while pending and len(running) < jobs:
                worker = idle.pop() if idle else _Worker(settings, scratch)
                number, path = pending.popleft()
                running.append(_start(number, path, settings, scratch, worker))
                progress.started(path)
            _wait_for_replies(running)
            for job in list(running):
                record = _finished(job, settings)
                if record is not None:
                    running.remove(job)
                    shutil.rmtree(job.workdir, ignore_errors=True)
                    log.append(record)  # durable before it is reported
                    progress.finished(record)
                    if job.worker.fresh:
                        idle.append(job.worker)
                    else:
                        job.worker.close()
            progress.tick()
    finally:
        for job in running:  # interrupted: stop what is in flight; the log keeps the rest
            job.worker.kill()
        for worker in idle:
            worker.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _wait_for_replies(running: list[_Job]) -> None:
    """Sleep until some worker writes, or POLL_SECONDS pass."""
    pipes = [job.worker.replies for job in running]
    if pipes:
        select.select(pipes, [], [], POLL_SECONDS)
    else:
        time.sleep(POLL_SECONDS)


def _start(number: int, path: str, settings: GradeSettings, scratch: Path, worker: _Worker) -> _Job:
    workdir = scratch / str(number)
    workdir.mkdir()
    job = _Job(path, workdir, worker, time.monotonic())
    worker.send(settings.grade_args(path, job.report_path), job.stderr_path)
    return job


def _finished(job: _Job, settings: GradeSettings) -> dict[str, Any] | None:
    """The job's record if it is over (or overran its limit), else None."""
    elapsed = time.monotonic() - job.started
    code = job.worker.reply()
    if code is None:
        died = job.worker.proc.poll()
        if died is None:
            if elapsed <= settings.timeout_s:
                return None
            job.worker.kill()
            return settings.error_record(
                job.path, f"grading took longer than the batch's limit of {settings.timeout_s:g} s per submission "
                          "(--timeout) and was stopped", elapsed)
        code = job.worker.reply()  # it may have answered just before it went
        if code is None:
            job.worker.kill()
            return _died(job, settings, died, elapsed)
    if code in _GRADED:
        try:
            report = json.loads(job.report_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return settings.error_record(job.path, f"the grade process exited with status {code} but left no "
                                                   f"readable report; {_last_words(job)}", elapsed)
        return graded_record(job.path, report)
    if code == _JUDGE_ERROR:
        return settings.error_record(job.path, _last_words(job, default="judge: error (no message)"), elapsed)
    return settings.error_record(job.path, f"the grade process exited with status {code}; {_last_words(job)}", elapsed)


def _died(job: _Job, settings: GradeSettings, code: int, elapsed: float) -> dict[str, Any]:
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
