"""`judge batch` and `judge merge` end to end, grading real submissions (slow: minutes in all).

A few generated cases and no shrinking keep each grade to seconds; the properties tested
do not depend on how many cases a grade has.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xmlschema

from batch_records import JUNIT_XSD, REPO

pytestmark = pytest.mark.slow

OPTIONS = ("--examples", "2", "--no-shrink")
# Three that the runner grades (a pass, a wrong output, a raise) and three that never load.
BATCH = tuple(f"submissions/se_block/{name}" for name in (
    "correct.py", "wrong_no_sigmoid.py", "broken_raises.py", "broken_syntax.py", "broken_empty.py",
    "broken_not_utf8.py",
))
QUICK = ("broken_syntax.py", "broken_empty.py", "broken_not_utf8.py")  # rejected before any runner starts
# BATCH is all se_block; with several katas an empty file fits none, so name the kata.
SE_BLOCK = ("--problem", "se_block")


def judge(*args: str, cwd: Path = REPO, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "judge", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def judge_batch(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return judge("batch", *args, *OPTIONS, cwd=cwd)


def read_records(path: Path) -> dict[str, dict]:
    return {r["path"]: r for r in map(json.loads, path.read_text().splitlines())}


def verdict(record: dict) -> tuple:
    """What must not depend on how a submission was scheduled."""
    return (record["status"], record["score"], record["load_error"],
            record["judge_error"] if "judge_error" in record else None,
            [(c["id"], c["status"], c["message"]) for c in record["cases"]])


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict:
    """The batch graded once, uninterrupted, two at a time: the reference for every other run."""
    out = tmp_path_factory.mktemp("whole")
    proc = judge_batch(*BATCH, *SE_BLOCK, "--jobs", "2", "--log", str(out / "log.jsonl"),
                       "--output", str(out / "summary.md"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "", "with --output, stdout stays empty"
    return {"log": out / "log.jsonl", "records": read_records(out / "log.jsonl"),
            "markdown": (out / "summary.md").read_text(), "stderr": proc.stderr}


def test_every_submission_is_graded_and_progress_goes_to_stderr(whole):
    assert sorted(whole["records"]) == sorted(BATCH)
    statuses = {p: r["status"] for p, r in whole["records"].items()}
    assert statuses["submissions/se_block/correct.py"] == "passed"
    assert (statuses["submissions/se_block/wrong_no_sigmoid.py"] == statuses["submissions/se_block/broken_raises.py"]
            == "failed")
    assert all(statuses[f"submissions/se_block/{q}"] == "error" for q in QUICK)
    lines = whole["stderr"].splitlines()
    # A cold cache's preparation steps may come first; the batch's own first line precedes every result.
    start = lines.index("judge batch: 6 submissions, 2 at a time")
    results = [i for i, line in enumerate(lines) if re.match(r"\[[1-6]/6\] ", line)]
    assert len(results) == 6 and start < results[0]  # plain lines: not a terminal
    assert "6 submissions: 1 passed, 2 failed, 3 error" in lines[-1]


def test_parallel_sequential_and_alone_give_identical_verdicts(whole, tmp_path):
    proc = judge_batch(*BATCH, *SE_BLOCK, "--jobs", "1", "--log", str(tmp_path / "log.jsonl"), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    sequential = {r["path"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert list(sequential) == sorted(BATCH), "jsonl is sorted by path"
    assert {p: verdict(r) for p, r in sequential.items()} == {p: verdict(r) for p, r in whole["records"].items()}

    for path in ("submissions/se_block/wrong_no_sigmoid.py", "submissions/se_block/broken_syntax.py"):
        alone = judge("grade", path, "--format", "json", *SE_BLOCK, *OPTIONS)
        assert verdict(json.loads(alone.stdout)) == verdict(whole["records"][path])


def test_a_batch_killed_mid_way_resumes_without_losing_anything(whole, tmp_path):
    log = tmp_path / "log.jsonl"
    argv = [sys.executable, "-m", "judge", "batch", *BATCH, *SE_BLOCK, "--jobs", "2", "--log", str(log), *OPTIONS]
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while (not log.exists() or log.read_bytes().count(b"\n") < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = log.read_bytes()
    graded = kept.count(b"\n")
    assert 2 <= graded < len(BATCH), "the kill should land mid-way"
    with open(log, "ab") as torn:  # as if the kill had cut a line in half
        torn.write(b'{"schema_version": 1, "path": "submissions/se_block/corr')

    resumed = judge_batch(*BATCH, *SE_BLOCK, "--jobs", "2", "--log", str(log), "--resume",
                          "--output", str(tmp_path / "summary.md"))

    assert resumed.returncode == 0, resumed.stderr
    assert f"({graded} already graded, skipped)" in resumed.stderr.splitlines()[0]
    assert log.read_bytes().startswith(kept), "lines written before the kill are kept as they were"
    lines = log.read_text().splitlines()
    assert sorted(json.loads(line)["path"] for line in lines) == sorted(BATCH), "each submission exactly once"
    assert (tmp_path / "summary.md").read_text() == whole["markdown"]


def test_the_union_of_shards_is_the_whole(whole, tmp_path):
    shards = [subprocess.Popen(  # as the machines of a CI matrix would, at the same time
        [sys.executable, "-m", "judge", "batch", *BATCH, *SE_BLOCK, "--shard", f"{k}/3", "--jobs", "1", *OPTIONS,
         "--format", "jsonl", "--output", str(tmp_path / f"shard-{k}.jsonl")],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for k in (1, 2, 3)]
    for shard in shards:
        _, stderr = shard.communicate(timeout=900)
        assert shard.returncode == 0, stderr
    parts = [read_records(tmp_path / f"shard-{k}.jsonl") for k in (1, 2, 3)]
    assert [len(part) for part in parts] == [2, 2, 2]
    assert sorted(p for part in parts for p in part) == sorted(BATCH)

    merged = judge("merge", *(str(tmp_path / f"shard-{k}.jsonl") for k in (1, 2, 3)), "--format", "jsonl")
    assert merged.returncode == 0, merged.stderr
    records = {r["path"]: r for r in map(json.loads, merged.stdout.splitlines())}
    assert {p: verdict(r) for p, r in records.items()} == {p: verdict(r) for p, r in whole["records"].items()}
    summary = judge("merge", *(str(tmp_path / f"shard-{k}.jsonl") for k in (3, 1, 2)))
    assert summary.stdout == whole["markdown"]


def test_junit_of_a_real_batch_validates_and_exit_policy(whole, tmp_path):
    junit = judge("merge", str(whole["log"]), "--format", "junit", "--output", str(tmp_path / "junit.xml"))
    assert junit.returncode == 0, junit.stderr
    xmlschema.XMLSchema(str(JUNIT_XSD)).validate(str(tmp_path / "junit.xml"))

    below = judge("merge", str(whole["log"]), "--format", "csv", "--fail-under", "50")
    low = sum(r["score"] < 50 for r in whole["records"].values())
    assert below.returncode == 1 and f"{low} submissions scored below 50" in below.stderr
    assert below.stdout.splitlines()[0] == "path,status,score,max_score,diagnoses,error"
    assert judge("merge", str(whole["log"]), "--fail-under", "0").returncode == 0


def kata_with_call_limit(root: Path, seconds: int) -> Path:
    """A copy of problems/se_block with another call limit (reference/ beside it, as in the repo)."""
    shutil.copytree(REPO / "problems" / "se_block", root / "problems" / "se_block")
    (root / "reference").symlink_to(REPO / "reference")
    spec = root / "problems" / "se_block" / "problem.yaml"
    text, count = re.subn(r"call_seconds:\s*[0-9.]+", f"call_seconds: {seconds}", spec.read_text())
    assert count == 1, "problem.yaml's call_seconds moved; update this test"
    spec.write_text(text)
    return root / "problems" / "se_block"


def test_a_hanging_submission_does_not_delay_the_other_nine(tmp_path):
    # A hang is stopped by the grade's own limits: two call timeouts. With a 30 s call limit,
    # that is a minute, far longer than the nine others need in the second slot.
    problem = kata_with_call_limit(tmp_path, 30)
    folder = tmp_path / "ten"
    folder.mkdir()
    shutil.copy(REPO / "submissions" / "se_block" / "broken_hangs.py", folder / "00_hangs.py")  # scheduled first
    for n in range(9):
        shutil.copy(REPO / "submissions" / "se_block" / QUICK[n % 3], folder / f"{n + 1:02d}_{QUICK[n % 3]}")

    started = time.monotonic()
    proc = judge_batch("ten", "--problem", str(problem), "--jobs", "2", "--log", "log.jsonl", "--sandbox", "process",
                       cwd=tmp_path)
    elapsed = time.monotonic() - started

    assert proc.returncode == 0, proc.stderr
    order = [json.loads(line)["path"] for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert len(order) == 10 and order[-1] == "ten/00_hangs.py", "the nine finish while the hang holds its slot"
    hang = read_records(tmp_path / "log.jsonl")["ten/00_hangs.py"]
    assert hang["judge_error"] is None and hang["status"] == "failed", "stopped by its own limits, and graded"
    assert hang["isolation"] in ("process", "process+cgroup"), "--sandbox is passed on to each grade"
    assert "timeout" in {c["status"] for c in hang["cases"]}
    assert elapsed < hang["duration_s"] + 30, "the batch took about as long as the hang alone"


@pytest.mark.parametrize("sandbox", ["process", "auto"])
def test_the_batch_wall_limit_stops_a_grade_and_everything_it_started(tmp_path, sandbox):
    shutil.copy(REPO / "submissions" / "se_block" / "broken_hangs.py", tmp_path / "hangs.py")
    shutil.copy(REPO / "submissions" / "se_block" / "broken_syntax.py", tmp_path / "syntax.py")
    argv = [sys.executable, "-m", "judge", "batch", "hangs.py", "syntax.py", "--timeout", "20", "--jobs", "2",
            "--log", "log.jsonl", "--format", "csv", "--sandbox", sandbox, *OPTIONS]
    batch = subprocess.Popen(argv, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: dict[tuple[int, str], bytes] = {}  # every process the batch started, directly or not
    while batch.poll() is None:
        seen.update(_descendants(batch.pid))
        time.sleep(0.1)

    assert batch.returncode == 2, batch.stderr.read()
    records = read_records(tmp_path / "log.jsonl")
    assert records["syntax.py"]["status"] == "error" and records["syntax.py"]["judge_error"] is None
    hang = records["hangs.py"]
    assert hang["status"] == "error"
    assert ("took longer than the batch's limit of 20 s per submission (--timeout) and was stopped"
            in hang["judge_error"])
    assert any(b"child.py" in cmdline for cmdline in seen.values()), "the hang's runner should have been started"
    time.sleep(0.5)
    left = [cmdline for (pid, started), cmdline in seen.items() if _process(pid) == started]
    assert not left, f"still running after the batch: {left}"


def _process(pid: int) -> str | None:
    """The start time of a live (not zombie) process, to tell it from a later one with the same pid."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else fields[19]


def _descendants(root: int) -> dict[tuple[int, str], bytes]:
    parents, found = {}, {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        parents[int(entry)] = (int(fields[1]), fields[19], cmdline)
    for pid, (parent, started, cmdline) in parents.items():
        ancestor = parent
        while ancestor in parents and ancestor != root:
            ancestor = parents[ancestor][0]
        if ancestor == root:
            found[(pid, started)] = cmdline
    return found
