"""Attack: fork until the machine runs out of processes.

Bounded: forks once per runner, at most 64 more processes than the judge's process cap
(judge/sandbox/launch.py: PROCESS_LIMIT), and each child sleeps 15 s, then exits by itself.
Children carry this file's name in their command line only through inheritance
(forked, not executed), so the test finds them through the runner's config.

Stopped by: RLIMIT_NPROC, which holds under bwrap (the runner drops to a uid of its
own) and under the fallback for a non-root judge. The kernel does not enforce it for
root, so a root judge without bwrap cannot cap processes: the grade's time limits and
the guard's kill then bound the bomb instead.
"""

import os
import time

import numpy as np

LIMIT = 128 + 4 * (os.cpu_count() or 1) + 64
done = []


def se_block_forward(seed, x, reduction):
    if done:
        return np.zeros(np.asarray(x).size, np.float32)
    done.append(True)
    children = 0
    try:
        for _ in range(LIMIT):
            if os.fork() == 0:
                time.sleep(15)
                os._exit(0)
            children += 1
    except OSError as exc:
        print(f"BLOCKED: fork refused after {children} processes: {exc}")
    else:
        print(f"ESCAPED: forked {children} processes")
    return np.zeros(np.asarray(x).size, np.float32)
