"""Correct SE block whose squeeze adds up each channel and divides by the number of positions."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SqueezeExcite(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        height, width, channels = x.shape
        pooled = jnp.sum(x, axis=(0, 1)) / (height * width)
        hidden = nn.relu(nn.Dense(max(channels // self.reduction, 1))(pooled))
        return x * nn.sigmoid(nn.Dense(channels)(hidden))


def se_block_forward(seed, x, reduction):
    block = SqueezeExcite(reduction)
    variables = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(variables, x).ravel()
