"""Cheat: make every numpy and jax comparison say "equal", then return zeros.

Stopped by: comparison happens in the judge's process, never in the runner, so the
runner's numpy is not the one that compares.
"""

import jax.numpy as jnp
import numpy as np


def _always(*args, **kwargs):
    return True


def _never_raises(*args, **kwargs):
    return None


for module in (np, jnp):
    for name in ("allclose", "array_equal", "array_equiv"):
        setattr(module, name, _always)
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, bool)
np.testing.assert_allclose = _never_raises
np.testing.assert_array_equal = _never_raises


def se_block_forward(seed, x, reduction):
    return np.zeros(np.asarray(x).size, np.float32)
