"""Starting a batch worker, and killing it together with everything it started.

A worker's grades start runner processes in sessions of their own (judge/sandbox), so
killing the worker's process group alone would orphan a runner that hangs in the
submission. `kill_tree` therefore freezes the worker's group, finds every descendant
through /proc, kills each descendant's process group and then the worker's own.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

# prctl(2): deliver a signal to the child when the process that started it dies, so a
# batch killed with SIGKILL does not leave its grade processes running.
_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:  # runs in the forked child before exec: a plain C call only
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def spawn_worker(argv: list[str], log: Path, reply_fd: int) -> subprocess.Popen:
    """Start a batch worker in a new session: jobs on its stdin, replies on `reply_fd`, the rest to `log`."""
    with open(log, "ab") as err:
        return subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
            pass_fds=(reply_fd,), preexec_fn=_die_with_parent if _libc is not None else None,  # noqa: PLW1509
        )


def kill_tree(proc: subprocess.Popen) -> None:
    """SIGKILL the process, its process group and every descendant's process group."""
    if proc.poll() is not None:
        return
    _signal_group(proc.pid, signal.SIGSTOP)  # frozen, it cannot start another runner meanwhile
    for pid in _descendants(proc.pid):
        _signal_group(pid, signal.SIGKILL)
        _signal_pid(pid, signal.SIGKILL)
    _signal_group(proc.pid, signal.SIGKILL)
    proc.wait()


def _descendants(root: int) -> list[int]:
    """Every descendant of `root`, found through /proc (empty where there is no /proc)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _signal_group(pid: int, sig: int) -> None:
    try:
        group = os.getpgid(pid)
        if group != os.getpgrp():  # never the batch's own group
            os.killpg(group, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _signal_pid(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
