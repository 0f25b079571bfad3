"""Channel attention that squashes each branch with a sigmoid and then adds them (gates in (0, 2))."""

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

        def branch(v):
            return jax.nn.sigmoid(fc2(nn.relu(fc1(v))))

        return x * (branch(jnp.mean(x, axis=(0, 1))) + branch(jnp.max(x, axis=(0, 1))))


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
