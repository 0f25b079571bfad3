"""Not an SE block at all: returns zeros of the right length. It must earn (almost) nothing."""

import numpy as np


def se_block_forward(seed, x, reduction):
    return np.zeros(int(np.prod(x.shape)), dtype=np.float32)
