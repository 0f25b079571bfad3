"""SE block whose se_block_forward forgot the seed parameter: it takes (x, reduction)
and always initialises from key 0."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        h = nn.relu(nn.Dense(max(channels // self.reduction, 1))(squeezed))
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * gates


def se_block_forward(x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(0), x)
    return block.apply(params, x).reshape(-1)
