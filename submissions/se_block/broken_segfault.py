"""SE block that crashes the interpreter (segmentation fault) inside se_block_forward
by reading memory at address 0 through ctypes."""

import ctypes

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


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    ctypes.string_at(0)
    return block.apply(params, x).reshape(-1)
