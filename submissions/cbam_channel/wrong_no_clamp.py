"""Channel attention whose hidden layer has C // reduction units, with no lower bound of one."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        fc1 = nn.Dense(c // self.reduction)
        fc2 = nn.Dense(c)
        mlp = lambda v: fc2(nn.relu(fc1(v)))
        return x * jax.nn.sigmoid(mlp(jnp.mean(x, axis=(0, 1))) + mlp(jnp.max(x, axis=(0, 1))))


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
