"""Channel attention that concatenates the two descriptors and runs the MLP once on the 2C vector."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        both = jnp.concatenate([jnp.mean(x, axis=(0, 1)), jnp.max(x, axis=(0, 1))])   # (2C,)
        h = nn.relu(nn.Dense(max(c // self.reduction, 1))(both))
        return x * jax.nn.sigmoid(nn.Dense(c)(h))


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
