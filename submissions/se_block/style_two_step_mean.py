"""Correct SE block whose squeeze averages the rows first, then the columns."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SE(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[2]
        s = jnp.mean(x, axis=0)   # (W, C): average over the height
        s = jnp.mean(s, axis=0)   # (C,): then over the width
        s = nn.Dense(max(c // self.reduction, 1))(s)
        s = jax.nn.relu(s)
        s = nn.Dense(c)(s)
        return x * jax.nn.sigmoid(s)[None, None, :]


def se_block_forward(seed, x, reduction):
    key = jax.random.PRNGKey(seed)
    params = SE(reduction).init(key, x)
    y = SE(reduction).apply(params, x)
    return jnp.reshape(y, (-1,))
