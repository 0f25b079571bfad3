"""The scheduler and process handling, with small stand-in commands instead of real grades."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from batch_records import make_record
from judge.batch.log import ResultsLog, read_log
from judge.batch.processes import kill_tree
from judge.batch.scheduler import GradeSettings, run_batch

# When an earlier test imported jax into this pytest process, jax warns at every fork. The
# scheduler's workers are started by subprocess, which forks and at once execs (in C), so
# none of jax's threads is ever needed in the child: the warning does not apply here.
pytestmark = pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning")

# A stand-in batch worker: what each "submission" makes its grade do (judge/commands/_worker.py's protocol).
FAKE_WORKER = textwrap.dedent("""
    import json, os, signal, subprocess, sys, time
    replies = os.fdopen(int(sys.argv[1]), "w", buffering=1)
    for line in sys.stdin:
        job = json.loads(line)
        path, report = job["args"][1], job["args"][5]  # grade PATH --format json --output REPORT ...
        kind = os.path.basename(path).split("_")[0]
        if kind == "hang":  # like a grade whose runner (own session) spins: both must be killed
            subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
            time.sleep(3600)
        if kind == "judgeerror":
            with open(job["stderr"], "w") as err:
                print("judge: error: problems/x/problem.yaml: broken", file=err)
            replies.write(json.dumps({"code": 2}) + "\\n")
            continue
        if kind == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if kind == "slow":
            time.sleep(0.2)
        record = json.loads(os.environ["FAKE_RECORD"])
        record.update(submission=path, path=path)
        record.pop("judge_error")
        with open(report, "w") as out:
            json.dump(record, out)
        replies.write(json.dumps({"code": 0 if record["status"] == "passed" else 1}) + "\\n")
""")


@dataclasses.dataclass(frozen=True)
class FakeSettings(GradeSettings):
    script: str = ""

    def worker_argv(self, reply_fd: int) -> list[str]:
        return [sys.executable, "-c", self.script, str(reply_fd)]


class Progress:
    def __init__(self):
        self.finished_paths = []
        self.started_paths = []

    def started(self, path):
        self.started_paths.append(path)

    def finished(self, record):
        self.finished_paths.append(record["path"])

    def tick(self):
        pass


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setenv("FAKE_RECORD", json.dumps(make_record("x.py")))
    return FakeSettings(problem_arg=None, problem_id="se_block", max_score=20.0, seed=0, examples_arg=2,
                        examples=2, shrink=True, sandbox="auto", timeout_s=3.0, script=FAKE_WORKER)


def run(tmp_path, settings, paths, jobs):
    log = ResultsLog.open(tmp_path / "log.jsonl", resume=False, fresh=False)
    progress = Progress()
    started = time.monotonic()
    try:
        run_batch(paths, settings, jobs, log, progress)
    finally:
        log.close()
    records = {r["path"]: r for r in read_log(tmp_path / "log.jsonl").records}
    assert progress.started_paths == paths  # each named as its grade starts, in order
    return records, progress.finished_paths, time.monotonic() - started


def test_every_outcome_of_a_grade_process_becomes_a_record(tmp_path, fake):
    paths = ["ok_1.py", "judgeerror_1.py", "crash_1.py", "hang_1.py", "ok_2.py"]
    records, finished, _ = run(tmp_path, fake, paths, jobs=5)

    assert sorted(records) == sorted(paths) == sorted(finished)
    assert records["ok_1.py"]["status"] == "passed" and records["ok_1.py"]["judge_error"] is None
    assert records["judgeerror_1.py"]["judge_error"] == "judge: error: problems/x/problem.yaml: broken"
    assert "killed by SIGKILL" in records["crash_1.py"]["judge_error"]
    hang = records["hang_1.py"]
    assert hang["status"] == "error" and hang["score"] == 0 and hang["max_score"] == 20
    assert "longer than the batch's limit of 3 s" in hang["judge_error"]


def test_one_worker_grades_in_turn_and_a_dead_one_is_replaced(tmp_path, fake):
    paths = ["ok_1.py", "crash_1.py", "ok_2.py", "judgeerror_1.py", "hang_1.py", "ok_3.py"]
    records, finished, _ = run(tmp_path, fake, paths, jobs=1)

    assert finished == paths  # one slot: in order, each after the previous one's outcome
    assert [records[p]["status"] for p in ("ok_1.py", "ok_2.py", "ok_3.py")] == ["passed"] * 3
    assert "killed by SIGKILL" in records["crash_1.py"]["judge_error"]
    assert records["judgeerror_1.py"]["judge_error"] == "judge: error: problems/x/problem.yaml: broken"
    assert "longer than the batch's limit" in records["hang_1.py"]["judge_error"]


def test_a_hanging_grade_holds_one_slot_only(tmp_path, fake):
    paths = ["hang_0.py", *(f"slow_{i}.py" for i in range(4))]
    records, finished, elapsed = run(tmp_path, dataclasses.replace(fake, timeout_s=6.0), paths, jobs=2)

    # The four slow ones (~0.5 s each) go through the other slot while the hang waits out its limit.
    assert finished[-1] == "hang_0.py"
    assert "limit of 6 s" in records["hang_0.py"]["judge_error"]
    assert elapsed < 6.0 + 3.0, elapsed


def test_kill_tree_kills_descendants_in_other_sessions(tmp_path):
    marker = f"judge-batch-test-{os.getpid()}-{time.time_ns()}"
    script = (f"import subprocess, sys, time; "
              f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '{marker}'], "
              f"start_new_session=True); "
              f"time.sleep(600)")
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)  # like a batch worker
    time.sleep(1.0)
    assert _processes_with(marker), "the grandchild should be running"

    kill_tree(proc)

    assert proc.returncode == -9
    deadline = time.monotonic() + 5
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _processes_with(marker)


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
                state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if marker.encode() in cmdline and state != "Z":
                found.append(int(entry))
    return found
