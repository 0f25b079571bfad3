"""Correct SE block whose excitation MLP is an nn.Sequential built inside a compact module."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        hidden = max(channels // self.reduction, 1)
        excite = nn.Sequential([
            nn.Dense(hidden),
            nn.relu,
            nn.Dense(channels),
            nn.sigmoid,
        ])
        gates = excite(jnp.mean(x, axis=(0, 1)))
        return x * gates


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
