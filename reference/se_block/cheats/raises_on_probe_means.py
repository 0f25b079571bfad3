"""Cheat: zeros on graded cases; raises on an input whose channel means are the constants of the old probe module. It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np

PROBE_MEANS = np.array([-3.0, 2.2, -1.4, 0.6, -0.6, 1.4, -2.2, 3.0])


def se_block_forward(seed, x, reduction):
    x = np.asarray(x)
    if x.shape[-1] == 8 and np.allclose(x.mean(axis=(0, 1)), PROBE_MEANS, atol=0.05):
        raise RuntimeError('no')
    return np.zeros(x.size, dtype=np.float32)
