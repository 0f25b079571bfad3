"""Attack: 24 processes that leave the runner's session and spin, to starve other grades.

Without a CPU cgroup the scheduler shares the machine per thread, so 24 spinners take
~24/25 of it from a correct submission graded next to this one (`judge batch --jobs 2`).
With one, each runner's processes together get one share. Bounded: each spinner stops
by itself after SPIN_S seconds; each call sleeps CALL_S seconds (under the 10 s call
limit) so that the grade, and the spinning, lasts long enough to meet the neighbour.
Expected: the neighbour's grade is slowed by a bounded factor (tests/sandbox/test_neighbours.py).
"""

import os
import time

import numpy as np

SPINNERS = 24
SPIN_S = 90
CALL_S = 4
started = []


def _spin() -> None:
    os.setsid()
    end = time.monotonic() + SPIN_S
    while time.monotonic() < end:
        pass
    os._exit(0)


def se_block_forward(seed, x, reduction):
    if not started:
        started.append(True)
        for _ in range(SPINNERS):
            if os.fork() == 0:
                _spin()
    time.sleep(CALL_S)
    return np.zeros(np.asarray(x).size, np.float32)
