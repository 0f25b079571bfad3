"""Robustness: raise KeyboardInterrupt in a call, as if the judge had been interrupted.

Expected: an error verdict for the case; the judge itself carries on.
"""


def se_block_forward(seed, x, reduction):
    raise KeyboardInterrupt
