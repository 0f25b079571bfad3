"""Cheat: returns x * 0.5 (what a block with every hidden unit dead returns). It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np


def se_block_forward(seed, x, reduction):
    return (jnp.asarray(x) * 0.5).reshape(-1)
