"""Attack: three fresh processes that each hold 800 MiB at once.

RLIMIT_AS is per process and each child is a new interpreter (exec, not fork), so each
gets the whole limit again: three of them hold 2400 MiB under a 2048 MiB limit. Only a
limit on the runner's processes together (a memory cgroup) stops this. Bounded: each
child fills 800 MiB, holds it for HOLD_S seconds and exits by itself.
Expected: "memory limit exceeded" (a child is OOM-killed inside the runner's cgroup).
"""

import subprocess
import sys

import numpy as np

CHILDREN = 3
HOLD_S = 4
HOLD_MIB = 800
CHILD = (f"import sys, time; hoard = b'\\x01' * ({HOLD_MIB} << 20); print('child holds {HOLD_MIB} MiB', flush=True); "
         f"time.sleep({HOLD_S})")


def se_block_forward(seed, x, reduction):
    # The file's name rides along in argv, so the test finds a child that outlives its runner.
    children = [subprocess.Popen([sys.executable, "-S", "-c", CHILD, __file__]) for _ in range(CHILDREN)]
    codes = [child.wait() for child in children]
    if all(code == 0 for code in codes):
        print(f"ESCAPED: {CHILDREN} children held {CHILDREN * HOLD_MIB} MiB at once")
    else:
        print(f"BLOCKED: children exited with {codes}")
    return np.zeros(np.asarray(x).size, np.float32)
