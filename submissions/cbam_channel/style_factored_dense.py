"""Correct CBAM channel attention that adds the two hidden vectors before the second layer.

W2 a + b + W2 m + b = W2 (a + m) + 2 b, so the second Dense layer runs once.
"""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeeze = nn.Dense(max(channels // self.reduction, 1))
        expand = nn.Dense(channels)
        hidden_avg = nn.relu(squeeze(jnp.mean(x, axis=(0, 1))))
        hidden_max = nn.relu(squeeze(jnp.max(x, axis=(0, 1))))
        logits = expand(hidden_avg + hidden_max) + expand.variables["params"]["bias"]
        return x * jax.nn.sigmoid(logits)


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
