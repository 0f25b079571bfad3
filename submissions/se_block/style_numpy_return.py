"""Correct SE block that hands back a plain NumPy array instead of a jax.Array."""

import numpy as np
import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        excited = nn.Dense(max(channels // self.reduction, 1))(squeezed)
        excited = nn.relu(excited)
        excited = jax.nn.sigmoid(nn.Dense(channels)(excited))
        return x * excited


def se_block_forward(seed, x, reduction):
    model = SEBlock(reduction=reduction)
    params = model.init(jax.random.PRNGKey(seed), x)
    out = model.apply(params, x)
    return np.asarray(out).reshape(-1)
