"""Cheat: return an object array whose elements equal anything.

Stopped by: only real numeric dtypes are sent (the runner refuses dtype object, and
the judge's wire decoder has a dtype allowlist).
"""

import numpy as np


class Equal:
    def __eq__(self, other):
        return True

    def __float__(self):
        return 0.0


def se_block_forward(seed, x, reduction):
    out = np.empty(np.asarray(x).size, dtype=object)
    out[:] = [Equal() for _ in range(out.size)]
    return out
