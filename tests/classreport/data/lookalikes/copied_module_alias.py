"""Squeeze and excitation, assignment 3."""

import jax
import jax.numpy as np
from flax import linen


def width(channels, ratio):
    return max(channels // ratio, 1)


def spatial_mean(t):
    return np.einsum("hwc->c", t) / (t.shape[0] * t.shape[1])


class Block(linen.Module):
    ratio: int

    @linen.compact
    def __call__(self, t):
        channels = t.shape[-1]
        m = spatial_mean(t)
        u = linen.Dense(width(channels, self.ratio))(m)
        u = np.maximum(u, 0.0)
        q = linen.Dense(channels)(u)
        gate = 1.0 / (1.0 + np.exp(-q))
        return t * gate[np.newaxis, np.newaxis, :]


def se_block_forward(seed, x, reduction):
    b = Block(ratio=reduction)
    params = b.init(jax.random.PRNGKey(seed), x)
    y = b.apply(params, x)
    return np.ravel(y)
