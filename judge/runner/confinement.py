"""Choosing how runners are confined: bubblewrap when it works here, else process level.

The choice needs a probe that starts one real runner in the sandbox, so it catches what
`which bwrap` cannot: user namespaces disabled by the kernel or AppArmor, a Python
installation the sandbox cannot read. It runs once per judge process (~40 ms). It lives
with the runner, above the sandbox it probes: the sandbox itself only confines
(judge/sandbox/levels.py holds the levels and the advice for a failed probe).
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from judge.base.errors import JudgeError
from judge.runner.client import CHILD_SCRIPT
from judge.sandbox.bwrap import advice
from judge.sandbox.launch import prepare_launch
from judge.sandbox.levels import INSTALL_HINT, MODES, PROCESS, Sandbox, known_options

# The probe takes ~40 ms (python -S plus a package lookup); a loaded machine gets plenty of slack.
PROBE_TIMEOUT_S = 30.0


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
    candidate = Sandbox("bwrap", path, options=known_options(path))
    failure = probe(candidate)
    if failure is None:
        return candidate
    fix = advice(failure)
    return Sandbox("process", note=f"bwrap cannot start a runner here ({failure}); {fix}", failure=failure, fix=fix)


def probe(sandbox: Sandbox) -> str | None:
    """Start a runner under `sandbox` that only checks it can find its packages; None if it can."""
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
