"""A stub that was never filled in: se_block_forward raises NotImplementedError."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        raise NotImplementedError("TODO")


def se_block_forward(seed, x, reduction):
    raise NotImplementedError("TODO")
