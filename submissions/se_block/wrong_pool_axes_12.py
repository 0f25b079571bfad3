"""SE block that pools over axes (1, 2) out of batched-NHWC habit.

On an unbatched (H, W, C) map this averages over W and C, leaving one value per
row (shape (H,)) instead of one per channel. Nothing crashes: the first Dense
simply takes H inputs, the second still emits C gates, and they broadcast over
the map, so the output has the right length but the wrong values.
"""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(1, 2))
        h = nn.relu(nn.Dense(max(channels // self.reduction, 1))(squeezed))
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * gates


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
