"""Cheat: find reference/se_block/se_block.py on disk and run it.

Looks where a judge's files are likely to be: the working directories of every
process it can see (/proc/PID/cwd: the judge's is the repository), then a few
common roots, two levels deep. Read-only and bounded.

Stopped by: bwrap (nothing of the repository is in the sandbox, and its /proc shows
only the runner's own processes). Not by the process fallback: the runner can read
whatever the judge's user can.
"""

import importlib.util
import os
from pathlib import Path

import numpy as np


def _candidates():
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if pid.isdigit():
            try:
                yield Path(os.readlink(f"/proc/{pid}/cwd"))
            except OSError:
                pass
    for root in ("/work", "/home", "/root", "/srv", "/opt", "/tmp"):
        top = Path(root)
        yield top
        try:
            for child in top.iterdir():
                yield child
                if child.is_dir():
                    yield from child.iterdir()
        except OSError:
            pass


def _find():
    for directory in _candidates():
        path = directory / "reference" / "se_block" / "se_block.py"
        try:
            if path.is_file():
                return path
        except OSError:
            pass
    return None


def se_block_forward(seed, x, reduction):
    path = _find()
    if path is None:
        print("BLOCKED: no reference/se_block/se_block.py found")
        return np.zeros(np.asarray(x).size, np.float32)
    print(f"ESCAPED: found {path}")
    spec = importlib.util.spec_from_file_location("stolen_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.se_block_forward(seed, x, reduction)
