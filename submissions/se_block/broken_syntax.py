"""SE block with a syntax error: the colon is missing at the end of the
se_block_forward def line, so the file cannot even be compiled."""

import jax
import jax.numpy as jnp
import flax.linen as nn


def se_block_forward(seed, x, reduction)
    class SEBlock(nn.Module):
        @nn.compact
        def __call__(self, x):
            channels = x.shape[-1]
            squeezed = jnp.mean(x, axis=(0, 1))
            h = nn.relu(nn.Dense(max(channels // reduction, 1))(squeezed))
            return x * jax.nn.sigmoid(nn.Dense(channels)(h))

    block = SEBlock()
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
