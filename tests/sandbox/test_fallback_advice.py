"""Isolation is never lowered silently: why bwrap is not used, with the fix that fits the cause.

Also the one cause the sandbox fixes itself: a Python environment under /tmp, which the
runner's own /tmp tmpfs used to hide.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sandbox_support import ROOT, require_level

from judge.base.errors import JudgeError
from judge.runner import confinement
from judge.runner.confinement import choose
from judge.sandbox import bwrap
from judge.sandbox.levels import Sandbox


@pytest.fixture(autouse=True)
def fresh_probe():
    confinement._probed.cache_clear()
    yield
    confinement._probed.cache_clear()


def fake_bwrap(directory: Path, complaint: str) -> None:
    """A `bwrap` on PATH that fails as a refused namespace does."""
    script = directory / "bwrap"
    script.write_text(f"#!/bin/sh\necho '{complaint}' >&2\nexit 1\n")
    script.chmod(0o755)


def test_auto_without_bwrap_says_why_and_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    chosen = choose("auto")
    assert chosen.level == "process"
    assert "bwrap) is not installed" in chosen.note and "apt-get install bubblewrap" in chosen.note


def test_the_cli_prints_the_fallback_in_one_line(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("def se_block_forward(:\n")  # graded without running anything heavy
    proc = subprocess.run([sys.executable, "-m", "judge", "grade", str(broken), "--problem", "se_block"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env=dict(os.environ, PATH=str(tmp_path)))
    assert proc.returncode == 1, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if "bubblewrap" in line]
    assert len(notes) == 1, proc.stderr
    assert "apt-get install bubblewrap" in notes[0] and "process-level isolation" in notes[0]


def test_required_as_root_gets_container_advice_not_userns_advice(monkeypatch, tmp_path):
    fake_bwrap(tmp_path, "bwrap: Creating new namespace failed: Operation not permitted")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setattr(bwrap.os, "geteuid", lambda: 0)
    monkeypatch.setattr(bwrap, "python_roots", lambda: ["/opt/python"])
    with pytest.raises(JudgeError) as raised:
        choose("required")
    message = str(raised.value)
    assert "Operation not permitted" in message and "as root" in message and "--privileged" in message
    assert "run the judge as root" not in message
    note = choose("auto").note
    assert note.startswith("bwrap cannot start a runner here") and "--privileged" in note


def test_a_non_root_user_with_userns_switched_off_gets_the_sysctl(monkeypatch, tmp_path):
    fake_bwrap(tmp_path, "bwrap: setting up uid map: Permission denied")
    switch = tmp_path / "unprivileged_userns_clone"
    switch.write_text("0\n")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setattr(bwrap.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(bwrap, "python_roots", lambda: ["/opt/python"])
    monkeypatch.setattr(bwrap, "USERNS_SWITCHES", ((str(switch), "0", "sysctl -w kernel.unprivileged_userns_clone=1"),))
    with pytest.raises(JudgeError, match=r"refuses user namespaces .* sysctl -w kernel.unprivileged_userns_clone=1"):
        choose("required")


def test_an_environment_under_tmp_is_named_when_the_probe_fails(monkeypatch, tmp_path):
    fake_bwrap(tmp_path, "bwrap: execvp /tmp/venv/bin/python: No such file or directory")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setattr(bwrap, "python_roots", lambda: ["/usr/local/python", "/tmp/venv"])
    with pytest.raises(JudgeError, match=r"/tmp/venv is under /tmp, which the sandbox replaces; create the virtual"):
        choose("required")


def test_a_venv_under_tmp_is_bound_over_the_runner_s_tmpfs(tmp_path):
    """The fix itself: a real runner under bwrap, started from a venv in /tmp, finds its packages."""
    require_level("bwrap")
    venv = Path(tempfile.mkdtemp(prefix="judge-test-venv-", dir="/tmp"))
    try:
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                       check=True, timeout=120)
        # Such a venv sees its base interpreter's packages, not those of a venv the suite runs in
        # (the README's set-up): there the packages would have to be installed again to test this.
        if subprocess.run([str(venv / "bin" / "python"), "-c", "import numpy, jax, flax"],
                          capture_output=True, timeout=120).returncode != 0:
            pytest.skip("the suite runs in a virtual environment: a venv made from it does not see its packages; "
                        "this runs where they are the interpreter's own (CI)")
        code = ("from judge.sandbox import bwrap\nfrom judge.runner import confinement\n"
                "print(bwrap.python_roots())\n"
                "print(confinement._probed(confinement.shutil.which('bwrap')))\n")
        done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                              timeout=120, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert str(venv) in done.stdout, done.stdout + done.stderr  # the venv is one of the roots bound
        assert "level='bwrap'" in done.stdout, done.stdout + done.stderr
    finally:
        subprocess.run(["rm", "-rf", str(venv)], check=False)


def test_tmp_itself_and_the_judge_s_work_directory_are_never_bound():
    outside, inside = bwrap._split_by_scratch(["/usr/local/py", "/tmp", "/tmp/venv", "/tmp/work"],
                                              Path("/tmp/work/judge-run-1"))
    assert outside == ["/usr/local/py"]
    assert inside == ["/tmp/venv"]
    sandbox = Sandbox("bwrap", "/usr/bin/bwrap")
    assert sandbox.note == ""
