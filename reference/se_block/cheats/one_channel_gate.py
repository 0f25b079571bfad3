"""Cheat: x * sigmoid(v * relu(mean of channel 0)) with v drawn from the seed: no Dense layer, no bottleneck. It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np


def se_block_forward(seed, x, reduction):
    v = jax.random.normal(jax.random.PRNGKey(seed), (x.shape[-1],))
    return (x * jax.nn.sigmoid(v * jax.nn.relu(jnp.mean(x[..., 0])))).reshape(-1)
