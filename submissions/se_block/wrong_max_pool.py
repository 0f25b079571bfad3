"""SE block that squeezes with global max pooling instead of global average pooling."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        # squeeze: strongest response of each channel
        pooled = x.max(axis=(0, 1))
        h = nn.relu(nn.Dense(max(channels // self.reduction, 1))(pooled))
        scale = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * scale


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
