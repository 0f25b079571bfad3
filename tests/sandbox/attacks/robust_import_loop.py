"""Robustness: an endless loop while being imported (bounded: it gives up after 40 s).

Expected: the import time limit stops it; the submission does not load.
"""

import time

deadline = time.monotonic() + 40
while time.monotonic() < deadline:
    pass


def se_block_forward(seed, x, reduction):
    raise AssertionError("never reached")
