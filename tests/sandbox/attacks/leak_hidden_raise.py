"""Leak: raise with the inputs of this call and of every earlier one in the message.

A hidden case's inputs (its seed 71717 or 82828 in the test kata) must reach no
learner-visible field of any format: the hidden case's message is replaced by a
fixed sentence, and hidden cases run last, so no visible call's message holds them.
"""

import numpy as np

seen = []


def se_block_forward(seed, x, reduction):
    seen.append(f"seed={int(seed)} shape={tuple(np.shape(x))} reduction={int(reduction)} "
                f"sum={float(np.sum(x)):.6f}")
    raise ValueError("inputs so far: " + " | ".join(seen))
