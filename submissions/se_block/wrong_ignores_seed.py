"""SE block that initialises from a hard-coded PRNGKey(42) and never uses the seed argument."""

import jax
import jax.numpy as jnp
import flax.linen as nn

KEY = jax.random.PRNGKey(42)


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        h = nn.relu(nn.Dense(max(channels // self.reduction, 1))(squeezed))
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * gates


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(KEY, x)
    return block.apply(params, x).reshape(-1)
