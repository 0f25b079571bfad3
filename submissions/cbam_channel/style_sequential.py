"""Correct channel attention whose shared MLP is one nn.Sequential, built once inside the compact
__call__ (so its layers are still the module's Dense_0 and Dense_1) and applied to both descriptors."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        shared_mlp = nn.Sequential([
            nn.Dense(max(channels // self.reduction, 1)),
            nn.relu,
            nn.Dense(channels),
        ])
        pooled = jnp.stack([jnp.mean(x, axis=(0, 1)), jnp.max(x, axis=(0, 1))])   # (2, C)
        gates = jax.nn.sigmoid(shared_mlp(pooled).sum(axis=0))                       # (C,)
        return x * gates


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
