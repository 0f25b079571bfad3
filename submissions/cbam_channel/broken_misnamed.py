"""Correct channel attention under a misspelt function name: the judge cannot find the entry point."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        fc1, fc2 = nn.Dense(max(c // self.reduction, 1)), nn.Dense(c)
        mlp = lambda v: fc2(nn.relu(fc1(v)))
        return x * jax.nn.sigmoid(mlp(x.mean(axis=(0, 1))) + mlp(x.max(axis=(0, 1))))


def channel_attention_fwd(seed, x, reduction):
    block = ChannelAttention(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
