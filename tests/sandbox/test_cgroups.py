"""The runner cgroups (judge/sandbox/cgroups.py): detection of v1 and v2, limits, OOM, removal.

v2 runs on a fake cgroup file system (a directory of plain files): this machine and CI
have v1 only. The v1 tests make real cgroups and skip where the judge cannot (not root),
except in CI (JUDGE_REQUIRE_BWRAP_TESTS=1), where cgroups must work.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from judge.sandbox import cgroups

V1_MOUNTINFO = """\
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""
V1_OWN = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n1:cpu:/\n0::/\n"


def test_v1_is_found_below_the_judges_own_cgroups():
    found = cgroups.detect(V1_MOUNTINFO, V1_OWN)
    if found.hierarchy is None:  # a non-root user cannot write these directories
        assert "not writable" in found.reason
        return
    assert found.hierarchy.version == 1
    assert found.hierarchy.parents == {"memory": Path("/sys/fs/cgroup/memory/process_api/abc"),
                                       "pids": Path("/sys/fs/cgroup/pids"), "cpu": Path("/sys/fs/cgroup/cpu")}


def test_a_missing_controller_is_named():
    mountinfo = "\n".join(line for line in V1_MOUNTINFO.splitlines() if "pids" not in line and "cgroup2" not in line)
    found = cgroups.detect(mountinfo, V1_OWN)
    assert found.hierarchy is None and "v1 found: cpu, memory" in found.reason


def _fake_v2(tmp_path: Path, controllers: str = "cpuset cpu io memory pids") -> tuple[str, str, Path]:
    own = tmp_path / "user.slice" / "judge.scope"
    own.mkdir(parents=True)
    (own / "cgroup.controllers").write_text(controllers + "\n")
    (own / "cgroup.subtree_control").write_text("")
    (own / "cgroup.procs").write_text("")
    mountinfo = f"41 31 0:38 / {tmp_path} rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n"
    return mountinfo, "0::/user.slice/judge.scope\n", own


def test_v2_enables_the_controllers_for_runners(tmp_path: Path):
    mountinfo, own_line, own = _fake_v2(tmp_path)
    found = cgroups.detect(mountinfo, own_line)
    assert found.hierarchy == cgroups.Hierarchy(2, {c: own for c in cgroups.CONTROLLERS})
    assert (own / "cgroup.subtree_control").read_text().split() == ["+memory", "+pids", "+cpu"]


def test_v2_without_the_controllers_says_how_to_delegate(tmp_path: Path):
    mountinfo, own_line, _ = _fake_v2(tmp_path, controllers="cpu io")
    found = cgroups.detect(mountinfo, own_line)
    assert found.hierarchy is None
    assert "lacks the memory, pids controller(s)" in found.reason and "Delegate=yes" in found.reason


def test_v2_runner_cgroup_gets_every_limit_and_reports_oom(tmp_path: Path):
    mountinfo, own_line, own = _fake_v2(tmp_path)
    hierarchy = cgroups.detect(mountinfo, own_line).hierarchy
    made = cgroups.RunnerCgroup.create(hierarchy, 512 << 20, 150)
    directory = own / made.name
    assert made.name.startswith(f"{cgroups.PREFIX}{os.getpid()}-")
    assert {name: (directory / name).read_text() for name in ("memory.max", "pids.max", "cpu.weight")} == {
        "memory.max": str(512 << 20), "pids.max": "150", "cpu.weight": "100"}
    assert made.join_command(["python", "x"]) == [
        "/bin/sh", "-c", cgroups._JOIN_SCRIPT, "judge-join-cgroup", "1", str(directory / "cgroup.procs"), "python", "x"]
    assert made.oom_kills() == 0
    (directory / "memory.events").write_text("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 1\n")
    (directory / "memory.peak").write_text(str(600 << 20))
    assert made.oom_kills() == 3 and made.peak_bytes() == 600 << 20
    for control in directory.iterdir():  # the kernel removes its files with the directory
        control.unlink()
    assert made.remove() and not directory.exists()


def test_stale_cgroups_of_dead_judges_are_removed(tmp_path: Path):
    mountinfo, own_line, own = _fake_v2(tmp_path)
    hierarchy = cgroups.detect(mountinfo, own_line).hierarchy
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (own / f"{cgroups.PREFIX}{dead.pid}-00000000").mkdir()
    (own / f"{cgroups.PREFIX}{os.getpid()}-00000000").mkdir()  # ours: still in use
    assert cgroups.remove_stale(hierarchy) == 1
    assert sorted(p.name for p in own.iterdir() if p.is_dir()) == [f"{cgroups.PREFIX}{os.getpid()}-00000000"]


def _real_hierarchy() -> cgroups.Hierarchy:
    found = cgroups.support()
    if found.hierarchy is None:
        if os.environ.get("JUDGE_REQUIRE_BWRAP_TESTS") == "1" and os.geteuid() == 0:
            pytest.fail(f"CI runs as root with cgroups, but: {found.reason}")
        pytest.skip(f"no cgroups for this judge: {found.reason}")
    return found.hierarchy


def test_a_real_cgroup_holds_its_processes_and_their_memory():
    made = cgroups.RunnerCgroup.create(_real_hierarchy(), 64 << 20, 32)
    try:
        inside = subprocess.run(made.join_command(["cat", "/proc/self/cgroup"]), capture_output=True, text=True)
        assert inside.returncode == 0 and made.name in inside.stdout
        hoard = subprocess.run(made.join_command([sys.executable, "-S", "-c", "x = b'1' * (256 << 20)"]))
        assert hoard.returncode == -9, "256 MiB in a 64 MiB cgroup: the OOM killer stops it"
        assert made.oom_kills() >= 1
    finally:
        assert made.remove(), "every process killed and the directories removed"
    assert not any(d.exists() for d in made.unique_dirs)


def test_a_real_cgroup_caps_and_kills_every_process():
    made = cgroups.RunnerCgroup.create(_real_hierarchy(), 1 << 30, 32)
    try:
        spawn = ("import os, signal\nn = 0\ntry:\n    while n < 100:\n        if os.fork() == 0:\n"
                 "            os.close(1)\n            signal.pause()\n"
                 "        n += 1\nexcept OSError:\n    print(n)\n")
        forks = subprocess.run(made.join_command([sys.executable, "-S", "-c", spawn]), stdout=subprocess.PIPE,
                               text=True, start_new_session=True)
        assert forks.stdout.strip().isdigit() and int(forks.stdout) < 32, "pids.max stops a fork loop"
        assert len(made.pids()) > 20, "the forked children stay inside, whatever became of their parent"
    finally:
        assert made.remove(), "every process killed and the directories removed"
    assert not any(d.exists() for d in made.unique_dirs)


def test_a_launch_enters_its_cgroup_and_cleanup_removes_it(tmp_path: Path):
    from judge.runner.client import CHILD_SCRIPT
    from judge.sandbox.launch import prepare_launch
    from judge.sandbox.levels import PROCESS

    _real_hierarchy()
    submission = tmp_path / "s.py"
    submission.write_text("")
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, PROCESS)
    try:
        assert launch.isolation_label == "process+cgroup"
        command = launch.command("{}")
        assert command[:2] == ["/bin/sh", "-c"] and command[-6:-2] == [sys.executable, "-E", "-s", "-S"]
        assert (launch.cgroup.dirs["memory"] / "memory.limit_in_bytes").read_text().strip() == str(1024 << 20)
    finally:
        launch.cleanup()
    assert not any(d.exists() for d in launch.cgroup.unique_dirs) and not launch.workdir.exists()


def test_without_cgroups_the_label_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from judge.runner.client import CHILD_SCRIPT
    from judge.sandbox.launch import prepare_launch
    from judge.sandbox.levels import PROCESS

    monkeypatch.setenv(cgroups.DISABLE_ENV, "1")
    cgroups.support.cache_clear()
    try:
        assert cgroups.support().reason == f"turned off by {cgroups.DISABLE_ENV}=1"
        submission = tmp_path / "s.py"
        submission.write_text("")
        launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, PROCESS)
        launch.cleanup()
        assert launch.cgroup is None and launch.isolation_label == "process"
        assert launch.command("{}")[0] == sys.executable
    finally:
        cgroups.support.cache_clear()
