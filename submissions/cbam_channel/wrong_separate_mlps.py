"""Channel attention that writes the MLP inline for each branch: every nn.Dense(...) call in a compact
module is a new layer, so the two descriptors go through two different MLPs (Dense_0..Dense_3)."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        hidden = max(c // self.reduction, 1)
        avg = nn.Dense(c)(nn.relu(nn.Dense(hidden)(jnp.mean(x, axis=(0, 1)))))
        mx = nn.Dense(c)(nn.relu(nn.Dense(hidden)(jnp.max(x, axis=(0, 1)))))
        return x * jax.nn.sigmoid(avg + mx)


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
