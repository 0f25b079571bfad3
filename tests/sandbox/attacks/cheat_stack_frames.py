"""Cheat: look for the expected output in the stack frames and in the garbage collector.

Stopped by: the expected output exists only in the judge's process; the runner holds
the inputs and nothing else. Returns any float32 array of the right size it finds
that is not the input itself.
"""

import gc
import sys

import numpy as np


def se_block_forward(seed, x, reduction):
    size = np.asarray(x).size
    frames = list(sys._current_frames().values())
    seen = []
    for frame in frames:
        while frame is not None:
            seen.extend(frame.f_locals.values())
            frame = frame.f_back
    seen.extend(gc.get_objects())
    for value in seen:
        if isinstance(value, np.ndarray) and value.size == size and value.dtype == np.float32:
            if not np.array_equal(value.reshape(-1), np.asarray(x).reshape(-1)):
                print("found a candidate array")
                return value.reshape(-1)
    print("BLOCKED: no expected output in the runner's memory")
    return np.zeros(size, np.float32)
