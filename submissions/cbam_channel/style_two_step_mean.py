"""Correct CBAM channel attention that pools the rows first, then the columns."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelGate(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        squeeze = nn.Dense(max(c // self.reduction, 1))
        excite = nn.Dense(c)
        avg = jnp.mean(jnp.mean(x, axis=0), axis=0)
        mx = jnp.max(jnp.max(x, axis=0), axis=0)
        a = excite(jax.nn.relu(squeeze(avg)))
        m = excite(jax.nn.relu(squeeze(mx)))
        return x * jax.nn.sigmoid(a + m)


def channel_attention_forward(seed, x, reduction):
    gate = ChannelGate(reduction=reduction)
    params = gate.init(jax.random.PRNGKey(seed), x)
    return jnp.reshape(gate.apply(params, x), (-1,))
