"""Robustness: leave threads spinning after the function returns.

Non-daemon threads keep a Python process from exiting; each spins for at most 20 s.
Expected: a wrong-answer verdict, the judge finishes on time, nothing is left running.
"""

import threading
import time

import numpy as np


def _spin():
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        pass


done = []  # once per runner: the attack is the same on every call


def se_block_forward(seed, x, reduction):
    if done:
        return np.zeros(np.asarray(x).size, np.float32)
    done.append(True)
    threading.Thread(target=_spin).start()
    return np.zeros(np.asarray(x).size, np.float32)
