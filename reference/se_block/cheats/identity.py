"""Cheat: returns x unchanged (every gate 1). It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np


def se_block_forward(seed, x, reduction):
    return jnp.asarray(x).reshape(-1)
