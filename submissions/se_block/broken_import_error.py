"""SE block that imports a helper module (with a typo in its name) that does not exist."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import sqeeze_excite


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = sqeeze_excite.global_pool(x)
        h = nn.relu(nn.Dense(max(channels // self.reduction, 1))(squeezed))
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * gates


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
