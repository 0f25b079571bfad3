"""Correct channel attention that builds its key with the typed-key API, jax.random.key, and pools with methods."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class CBAMChannel(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        fc1 = nn.Dense(max(c // self.reduction, 1))
        fc2 = nn.Dense(c)
        branches = [fc2(nn.relu(fc1(d))) for d in (x.mean(axis=(0, 1)), x.max(axis=(0, 1)))]
        return x * nn.sigmoid(sum(branches))


def channel_attention_forward(seed, x, reduction):
    key = jax.random.key(seed)
    module = CBAMChannel(reduction)
    variables = module.init(key, x)
    return jnp.ravel(module.apply(variables, x))
