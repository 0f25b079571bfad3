"""Correct SE block that builds its init key with the newer typed-key API, jax.random.key."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SqueezeExcite(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        s = x.mean(axis=(0, 1))
        s = nn.relu(nn.Dense(max(c // self.reduction, 1))(s))
        s = nn.sigmoid(nn.Dense(c)(s))
        return x * s


def se_block_forward(seed, x, reduction):
    key = jax.random.key(seed)
    block = SqueezeExcite(reduction)
    variables = block.init(key, x)
    out = block.apply(variables, x)
    return jnp.ravel(out)
