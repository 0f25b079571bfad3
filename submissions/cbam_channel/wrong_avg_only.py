"""An SE-style gate: only the average-pooled descriptor goes through the MLP; the max branch is forgotten."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        fc1 = nn.Dense(max(c // self.reduction, 1))
        fc2 = nn.Dense(c)
        pooled = x.mean(axis=(0, 1))
        return x * nn.sigmoid(fc2(nn.relu(fc1(pooled))))


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
