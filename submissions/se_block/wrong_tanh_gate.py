"""SE block that squashes the gates with tanh instead of sigmoid, so gates can be negative."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        n_ch = x.shape[-1]
        y = jnp.mean(x, axis=(0, 1))
        y = nn.Dense(max(n_ch // self.reduction, 1))(y)
        y = nn.relu(y)
        y = nn.Dense(n_ch)(y)
        y = nn.tanh(y)
        return x * y


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
