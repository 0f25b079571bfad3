"""Correct SE block whose second layer is written out as a weighted sum of the kernel's rows."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        hidden = nn.relu(nn.Dense(max(channels // self.reduction, 1))(jnp.mean(x, axis=(0, 1))))
        expand = nn.Dense(channels)
        expand(hidden)  # creates Dense_1's kernel and bias
        kernel, bias = expand.variables["params"]["kernel"], expand.variables["params"]["bias"]
        logits = jnp.sum(hidden[:, None] * kernel, axis=0) + bias
        return x * jax.nn.sigmoid(logits)


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
