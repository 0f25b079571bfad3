"""The runner's seccomp filter (judge/runner/isolated/nonesting.py), run for real in a child.

The filter is installed in a fresh interpreter (it cannot be removed again), which then
reports what the kernel allowed: namespaces refused, everything a runner needs allowed.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ISOLATED = Path(__file__).resolve().parents[2] / "judge" / "runner" / "isolated"
PROBE = f"""
import ctypes, json, os, subprocess, sys, threading
sys.path.insert(0, {str(ISOLATED)!r})
import nonesting
libc = ctypes.CDLL(None, use_errno=True)

def errno_of(result):
    return 0 if result == 0 else ctypes.get_errno()

seen = {{"install": nonesting.install()}}
seen["unshare_user"] = errno_of(libc.unshare(0x10000000))
seen["unshare_mount"] = errno_of(libc.unshare(0x00020000))
seen["unshare_net"] = errno_of(libc.unshare(0x40000000))
seen["unshare_files"] = errno_of(libc.unshare(0x00000400))  # no namespace: allowed
seen["setns"] = errno_of(libc.setns(0, 0))
seen["clone3"] = errno_of(libc.syscall(435, 0, 0))
thread = threading.Thread(target=lambda: None)
thread.start()
thread.join()
seen["thread"] = "ok"
seen["subprocess"] = subprocess.run([sys.executable, "-S", "-c", "print(7)"], capture_output=True).stdout.decode()
seen["unshare_command"] = subprocess.run(["unshare", "--user", "true"], capture_output=True).returncode
print(json.dumps(seen))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.machine() not in ("x86_64", "aarch64"),
                    reason="the filter is for Linux on x86-64 and aarch64")
def test_filter_refuses_namespaces_and_allows_the_rest():
    done = subprocess.run([sys.executable, "-S", "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    eperm, enosys = 1, 38
    assert seen == {"install": None, "unshare_user": eperm, "unshare_mount": eperm, "unshare_net": eperm,
                    "unshare_files": 0, "setns": eperm, "clone3": enosys, "thread": "ok",
                    "subprocess": "7\n", "unshare_command": 1}


def test_program_is_whole_instructions():
    sys.path.insert(0, str(ISOLATED))
    try:
        import nonesting
    finally:
        sys.path.remove(str(ISOLATED))
    for machine in nonesting.ARCHES:
        code = nonesting.program(machine)
        assert len(code) % 8 == 0 and 0 < len(code) // 8 < 64
