"""Cheat: zeros on every graded case, then raises on every later call (the probes), hoping that an unprobed block reads as a well-built one. It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np

GRADED_CALLS = 134  # visible fixed + generated cases of a default grade (34 + 100), all in its first runner; update when the cases change
_calls = [0]


def se_block_forward(seed, x, reduction):
    x = np.asarray(x)  # fails under jit: the runner then calls it eagerly, so every call counts
    _calls[0] += 1
    if _calls[0] > GRADED_CALLS:
        raise RuntimeError('no')
    return np.zeros(int(np.prod(x.shape)), dtype=np.float32)
