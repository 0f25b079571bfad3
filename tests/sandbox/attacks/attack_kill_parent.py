"""Attack: SIGKILL the runner's parent, hoping it is the judge.

Stopped by: under bwrap the parent is the sandbox's init, which a process inside its
pid namespace cannot kill; under the fallback the parent is the runner's guard, so
the call only costs the submission its runner.
"""

import os
import signal

import numpy as np


def se_block_forward(seed, x, reduction):
    parent = os.getppid()
    try:
        os.kill(parent, signal.SIGKILL)
        print(f"sent SIGKILL to parent {parent}")
    except OSError as exc:
        print(f"BLOCKED: kill parent: {exc}")
    return np.zeros(np.asarray(x).size, np.float32)
