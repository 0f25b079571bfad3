"""Fast tests of the sandbox pieces: choosing a level, bwrap's view, the guard, process trees.

No jax here: the guard and process-tree tests start plain `python -S` processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sandbox_support import ROOT, require_level

from judge.base.errors import JudgeError
from judge.base.speedups import OFF
from judge.runner.client import CHILD_SCRIPT
from judge.runner.confinement import choose
from judge.runner.isolated import proctree
from judge.sandbox import bwrap
from judge.sandbox.launch import INHERITED_ENV, prepare_launch
from judge.sandbox.levels import PROCESS

ISOLATED = CHILD_SCRIPT.parent


@pytest.fixture
def no_bwrap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which there is no bwrap


def test_required_without_bwrap_names_the_fix(no_bwrap):
    with pytest.raises(JudgeError, match="bwrap is not installed; install bubblewrap"):
        choose("required")


def test_auto_without_bwrap_falls_back_to_process(no_bwrap):
    assert choose("auto").level == "process"


def test_cli_required_without_bwrap_exits_2(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-m", "judge", "grade", "submissions/se_block/correct.py",
                           "--sandbox", "required"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=dict(os.environ, PATH=str(tmp_path)))
    assert proc.returncode == 2, proc.stderr
    assert "judge: error: --sandbox required: bwrap is not installed; install bubblewrap" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_runner_environment_is_an_allowlist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("JUDGE_TEST_SECRET", "hunter2")
    submission = tmp_path / "s.py"
    submission.write_text("")
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, PROCESS)
    try:
        env = launch.env
    finally:
        launch.cleanup()
    assert "hunter2" not in " ".join(env.values())
    assert set(env) <= {*INHERITED_ENV, "HOME", "TMPDIR", "PATH", "JAX_PLATFORMS", "PYTHONDONTWRITEBYTECODE",
                        "PYTHONHASHSEED", "XLA_FLAGS"}


def test_bwrap_shows_no_repository_and_no_home(tmp_path: Path):
    require_level("bwrap")
    submission = tmp_path / "s.py"
    submission.write_text("")
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, choose("required"))
    try:
        args = bwrap.arguments(launch)
    finally:
        launch.cleanup()
    sources = [Path(args[i + 1]) for i, arg in enumerate(args) if arg in ("--ro-bind", "--bind", "--ro-bind-try")]
    home = Path.home()
    for source in sources:
        assert source != ROOT and source not in ROOT.parents or source == Path("/"), source
        assert source != home and source not in home.parents, f"{source} would show the judge's HOME"
        if ROOT in source.parents:
            assert source == ISOLATED, f"{source}: only judge/runner/isolated/ of the repository may be bound"
    assert "--unshare-net" in args and "--unshare-pid" in args and "--die-with-parent" in args
    assert args.index("--remount-ro") > max(i for i, a in enumerate(args) if a in ("--bind", "--ro-bind"))


def test_bwrap_binds_the_compile_cache_read_only_and_never_writable(tmp_path: Path):
    require_level("bwrap")
    submission = tmp_path / "s.py"
    submission.write_text("")
    cache = tmp_path / "xla"
    cache.mkdir()
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, choose("required"), OFF.with_compile_cache(cache))
    try:
        args = bwrap.arguments(launch)
        config = launch.runner_config()
    finally:
        launch.cleanup()
    bound = [(args[i], args[i + 2]) for i, arg in enumerate(args[:-2]) if args[i + 1] == str(cache)]
    assert bound == [("--ro-bind", bwrap.COMPILE_CACHE)]
    assert config["compile_cache"] == {"dir": bwrap.COMPILE_CACHE, "write": False}
    with pytest.raises(ValueError, match="never gets a writable compile cache"):
        prepare_launch(submission, CHILD_SCRIPT, 1024, 10, choose("required"),
                       OFF.with_compile_cache(cache, writable=True))


def test_bwrap_exit_status_is_read_as_a_signal(tmp_path: Path):
    require_level("bwrap")
    submission = tmp_path / "s.py"
    submission.write_text("")
    launch = prepare_launch(submission, CHILD_SCRIPT, 1024, 10, choose("required"))
    launch.cleanup()
    assert launch.exit_code(128 + signal.SIGSEGV) == -signal.SIGSEGV
    assert launch.exit_code(3) == 3


def _guarded(body: str) -> subprocess.Popen:
    """A plain Python process that puts a guard above itself, then runs `body`."""
    script = f"import sys; sys.path.insert(0, {str(ISOLATED)!r})\nimport guard\nguard.become_guarded()\n"
    return subprocess.Popen([sys.executable, "-S", "-c", script + textwrap.dedent(body)], start_new_session=True)


def test_guard_relays_a_signal_death():
    proc = _guarded("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    assert proc.wait(timeout=30) == -signal.SIGSEGV


def test_guard_relays_an_exit_status():
    assert _guarded("import os\nos._exit(7)\n").wait(timeout=30) == 7


def test_killing_the_parent_kills_only_the_guard():
    proc = _guarded("import os\nos.kill(os.getppid(), 9)\nimport time\ntime.sleep(30)\n")
    assert proc.wait(timeout=30) == -signal.SIGKILL  # the judge's child is the guard: the judge lives
    os.killpg(proc.pid, signal.SIGKILL)


def test_guard_kills_what_escaped_the_process_group(tmp_path: Path):
    marker = f"escapee-{os.getpid()}-{time.monotonic_ns()}"
    body = f"""
    import os, subprocess, sys, time
    if os.fork() == 0:
        os.setsid()  # out of the runner's process group and session
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-S", "-c", "import time; time.sleep(30)", {marker!r}])
        os._exit(0)
    time.sleep(0.5)
    """
    assert _guarded(body).wait(timeout=30) == 0
    assert not _alive(marker)


def test_kill_descendants_reaches_a_setsid_grandchild():
    marker = f"tree-{os.getpid()}-{time.monotonic_ns()}"
    # The marker is spelled backwards in the parent's own command line, so only the grandchild has it.
    code = (f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-S', '-c', "
            f"'import time; time.sleep(30)', {marker[::-1]!r}[::-1]], start_new_session=True); time.sleep(30)")
    parent = subprocess.Popen([sys.executable, "-S", "-c", code])
    deadline = time.monotonic() + 10
    while not _living(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proctree.kill_descendants(parent.pid) >= 1
    parent.kill()
    parent.wait()
    assert not _alive(marker)


def _alive(marker: str, grace: float = 2.0) -> bool:
    """Whether a living process has `marker` in its command line `grace` seconds from now at the latest."""
    deadline = time.monotonic() + grace
    while _living(marker):
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)
    return False


def _living(marker: str) -> bool:
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                if marker.encode() not in handle.read():
                    continue
            with open(f"/proc/{name}/stat", "rb") as handle:
                if b") Z " in handle.read():
                    continue  # a zombie: dead, waiting for its parent
        except OSError:
            continue
        return True
    return False
