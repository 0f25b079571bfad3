"""Cheat: read problems/se_block/cases.yaml, hidden cases included, and print it.

Stopped by: bwrap (no repository in the sandbox). Not by the process fallback.
"""

import os
from pathlib import Path

import numpy as np


def _find():
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if pid.isdigit():
            try:
                path = Path(os.readlink(f"/proc/{pid}/cwd")) / "problems" / "se_block" / "cases.yaml"
                if path.is_file():
                    return path
            except OSError:
                pass
    return None


def se_block_forward(seed, x, reduction):
    path = _find()
    if path is None:
        print("BLOCKED: cases.yaml not found")
    else:
        print(f"ESCAPED: read {path}: {path.read_text()[:200]!r}")
    return np.zeros(np.asarray(x).size, np.float32)
