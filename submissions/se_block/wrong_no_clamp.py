"""SE block whose bottleneck width is C // reduction with no lower bound of 1.

Correct whenever reduction <= C; when reduction > C the hidden layer has zero
units and initialisation fails with a ZeroDivisionError."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        h = nn.relu(nn.Dense(channels // self.reduction)(squeezed))
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * gates


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
