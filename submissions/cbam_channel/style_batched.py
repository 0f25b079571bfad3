"""Correct channel attention written for batched (N, H, W, C) maps; the single input gets a batch axis of 1."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        # x: (N, H, W, C)
        c = x.shape[-1]
        fc1 = nn.Dense(max(c // self.reduction, 1))
        fc2 = nn.Dense(c)
        avg = fc2(nn.relu(fc1(jnp.mean(x, axis=(1, 2)))))    # (N, C)
        mx = fc2(nn.relu(fc1(jnp.max(x, axis=(1, 2)))))      # (N, C)
        return x * jax.nn.sigmoid(avg + mx)[:, None, None, :]


def channel_attention_forward(seed, x, reduction):
    x = jnp.asarray(x)[None]                                 # (1, H, W, C)
    block = ChannelAttention(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x)[0].reshape(-1)
