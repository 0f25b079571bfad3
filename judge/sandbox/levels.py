"""Choosing how runners are confined: bubblewrap when it works here, else process level.

`--sandbox` takes one of `MODES`:

- `auto` (default): bwrap when it is installed and passes a probe, else `process`;
- `required`: bwrap or nothing — for grading servers, where a silent fallback to the
  weaker level would be a security hole; without it the judge stops (exit 2);
- `process`: process level even where bwrap works (to compare, or to debug a runner).

The probe starts one real runner in the sandbox, so it catches what `which bwrap`
cannot: user namespaces disabled by the kernel or AppArmor, a Python installation
the sandbox cannot read. It runs once per judge process (~40 ms).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from judge.base.errors import JudgeError

MODES = ("auto", "required", "process")
INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)"
# Options newer bwraps have and the sandbox uses when present: --size caps the runner's
# tmpfs (0.7+); --disable-userns stops a nested user namespace (0.8+, non-root judge only).
OPTIONAL = ("--size", "--disable-userns")
# The probe takes ~40 ms (python -S plus a package lookup); a loaded machine gets plenty of slack.
PROBE_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Sandbox:
    """The isolation level runners get, as the report names it."""

    level: Literal["bwrap", "process"]
    bwrap: str | None = None  # the bwrap executable
    options: frozenset[str] = frozenset()  # of `OPTIONAL`, those this bwrap knows
    note: str = ""  # why bwrap is not used here, and the fix: one line for the user
    failure: str = ""  # what the bwrap probe printed, when it failed
    fix: str = ""  # the advice that fits the probe's failure


PROCESS = Sandbox("process")


def choose(mode: str = "auto") -> Sandbox:
    """The sandbox for `mode`; JudgeError when `required` cannot be met.

    When `auto` cannot use bwrap, the level it returns carries a one-line `note`: why, and
    the fix, which the commands print, so isolation is never lowered silently.
    """
    if mode not in MODES:
        raise JudgeError(f"--sandbox {mode!r}: unknown; choose one of {', '.join(MODES)}")
    if mode == "process":
        return PROCESS
    path = shutil.which("bwrap")
    if path is None:
        if mode == "required":
            raise JudgeError(f"--sandbox required: bwrap is not installed; {INSTALL_HINT}, "
                             "or use --sandbox auto to accept process-level isolation")
        return Sandbox("process", note=f"bubblewrap (bwrap) is not installed; for the full sandbox, {INSTALL_HINT}")
    found = _probed(path)
    if found.level == "process" and mode == "required":
        raise JudgeError(f"--sandbox required: {path} is installed but cannot start a runner here "
                         f"({found.failure}); {found.fix}, or use --sandbox auto to accept process-level isolation")
    return found


@functools.lru_cache(maxsize=None)
def _probed(path: str) -> Sandbox:
    candidate = Sandbox("bwrap", path, options=_known_options(path))
    failure = probe(candidate)
    if failure is None:
        return candidate
    fix = advice(failure)
    return Sandbox("process", note=f"bwrap cannot start a runner here ({failure}); {fix}", failure=failure, fix=fix)


# Where the kernel says whether users other than root may create user namespaces.
USERNS_SWITCHES = (
    ("/proc/sys/kernel/unprivileged_userns_clone", "0", "sysctl -w kernel.unprivileged_userns_clone=1"),
    ("/proc/sys/user/max_user_namespaces", "0", "sysctl -w user.max_user_namespaces=10000"),
    # Ubuntu 23.10+: AppArmor lets only profiled programs create one.
    ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
     "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (or give bwrap an AppArmor profile that allows userns)"),
)


def advice(failure: str) -> str:
    """The fix that fits why the bwrap probe failed."""
    from judge.sandbox.bwrap import SCRATCH, python_roots

    hidden = [root for root in python_roots() if root == SCRATCH or root.startswith(SCRATCH + "/")]
    if hidden:
        return (f"the Python environment {hidden[0]} is under {SCRATCH}, which the sandbox replaces; "
                "create the virtual environment elsewhere (e.g. ~/.venvs/judge)")
    if os.geteuid() == 0:
        return ("as root bwrap needs no unprivileged user namespaces, so this is likely a container that may not "
                "create namespaces or mounts (docker: run it with --security-opt seccomp=unconfined "
                "--security-opt apparmor=unconfined, or --privileged)")
    for path, refused, fix in USERNS_SWITCHES:
        try:
            if Path(path).read_text().strip() == refused:
                return f"this kernel refuses user namespaces to users other than root: as root, {fix}"
        except OSError:
            continue
    return ("check that this user may create user namespaces (sysctl kernel.unprivileged_userns_clone, "
            "user.max_user_namespaces; on Ubuntu 23.10+ kernel.apparmor_restrict_unprivileged_userns)")


def probe(sandbox: Sandbox) -> str | None:
    """Start a runner under `sandbox` that only checks it can find its packages; None if it can."""
    import json

    from judge.runner.client import CHILD_SCRIPT
    from judge.sandbox.launch import prepare_launch

    with tempfile.TemporaryDirectory(prefix="judge-probe-") as tmp:
        empty = Path(tmp) / "probe.py"
        empty.touch()
        launch = prepare_launch(empty, CHILD_SCRIPT, memory_mib=2048, cpu_seconds=30, sandbox=sandbox)
        config = dict(launch.runner_config(), probe=["numpy", "jax", "flax"])
        try:
            done = subprocess.run(launch.command(json.dumps(config)), env=launch.env, cwd=launch.cwd,
                                  stdin=subprocess.DEVNULL, capture_output=True, timeout=PROBE_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{type(exc).__name__}: {exc}"
        finally:
            launch.cleanup()
    if done.returncode == 0 and done.stdout.strip() == b"ok":
        return None
    lines = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {done.returncode}"


def _known_options(path: str) -> frozenset[str]:
    try:
        shown = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(option for option in OPTIONAL if f"{option} " in shown)


def shield_judge() -> None:
    """Make the judge's /proc files unreadable, and the judge untraceable, for its own user.

    At process level a runner runs as the judge's user: without this it could read the
    judge's environment (/proc/PID/environ: tokens, secrets) or attach a debugger and
    read expected outputs from its memory. Does nothing against root, who can read all.
    """
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_dumpable = 4  # <linux/prctl.h>
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)
