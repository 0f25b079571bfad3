"""Robustness: a call that never returns (bounded: it gives up after 40 s).

Expected: the call time limit stops it (timeout), and after a second timeout the
judge stops running cases instead of waiting out every one.
"""

import time


def se_block_forward(seed, x, reduction):
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        pass
    raise AssertionError("gave up")
