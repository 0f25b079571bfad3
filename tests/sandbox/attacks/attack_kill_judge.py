"""Attack: find the judge among the runner's ancestors and SIGKILL it.

Bounded: kills at most one process, and only one whose command line says `judge`.

Stopped by: bwrap (no process outside the sandbox is visible or reachable). Not by the
process fallback: the runner runs as the judge's user, and any process may signal the
processes of its own user.
"""

import os
import signal

import numpy as np


def _parent(pid):
    with open(f"/proc/{pid}/stat", "rb") as handle:
        stat = handle.read()
    return int(stat[stat.rfind(b")") + 2:].split()[1])


def se_block_forward(seed, x, reduction):
    pid = os.getpid()
    try:
        for _ in range(4):
            pid = _parent(pid)
            if pid <= 1:
                break
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read()
            if b"judge" in command and b"child.py" not in command:
                os.kill(pid, signal.SIGKILL)
                print(f"ESCAPED: killed {pid}")
                break
    except OSError as exc:
        print(f"BLOCKED: {exc}")
    return np.zeros(np.asarray(x).size, np.float32)
