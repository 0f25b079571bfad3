"""Correct CBAM channel attention: one shared MLP for the average- and max-pooled descriptors."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        hidden = nn.Dense(max(channels // self.reduction, 1))
        out = nn.Dense(channels)
        avg = jnp.mean(x, axis=(0, 1))
        mx = jnp.max(x, axis=(0, 1))
        logits = out(nn.relu(hidden(avg))) + out(nn.relu(hidden(mx)))
        return x * jax.nn.sigmoid(logits)


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
