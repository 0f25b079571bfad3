"""Leak: print the inputs of this call and of every earlier one, then return zeros.

What a call prints is reported with that call. A hidden call's output is never shown,
and hidden cases run last in a runner of their own, so no later visible call can
print what a hidden call received (seeds 71717 and 82828 in the test kata).
"""

import numpy as np

seen = []


def se_block_forward(seed, x, reduction):
    seen.append(f"seed={int(seed)} shape={tuple(np.shape(x))} reduction={int(reduction)}")
    print("inputs so far:", " | ".join(seen))
    return np.zeros(np.asarray(x).size, np.float32)
