"""Correct SE block written for batched (N, H, W, C) maps; the single input is given a batch axis of 1."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        # x: (N, H, W, C)
        c = x.shape[-1]
        z = jnp.mean(x, axis=(1, 2))                      # (N, C)
        z = nn.Dense(max(c // self.reduction, 1))(z)      # (N, C // r)
        z = nn.relu(z)
        z = nn.Dense(c)(z)                                # (N, C)
        z = jax.nn.sigmoid(z)
        return x * z[:, None, None, :]


def se_block_forward(seed, x, reduction):
    x = jnp.asarray(x)[None]                              # (1, H, W, C)
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    y = block.apply(params, x)
    return y[0].flatten()
