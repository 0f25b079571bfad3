"""Correct SE block with the whole forward pass jitted; `reduction` is a static argument."""

from functools import partial

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        g = jnp.mean(x, axis=(0, 1))
        g = nn.relu(nn.Dense(max(c // self.reduction, 1))(g))
        g = jax.nn.sigmoid(nn.Dense(c)(g))
        return x * g


@partial(jax.jit, static_argnames=("reduction",))
def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
