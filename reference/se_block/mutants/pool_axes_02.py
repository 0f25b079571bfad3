"""Diagnosis: wrong_pooling_axes. Averages over axes (0, 2) (height, channels) instead of the
spatial axes (0, 1), so the MLP sees one value per column, not one per channel."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    """Squeeze-and-Excitation channel gating for one unbatched feature map.

    The block squeezes an (H, W, C) map to its C channel means, passes them through
    a two-layer bottleneck MLP ending in a sigmoid, and rescales every channel of
    the input by its gate.

    Attributes:
        reduction: channel reduction ratio r; the hidden layer has max(C // r, 1)
            units, so a ratio larger than C still leaves one unit.
    """

    reduction: int

    @nn.compact
    def __call__(self, x: jax.Array) -> jax.Array:
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 2))  # mutant: pools height and channels
        hidden = nn.Dense(max(channels // self.reduction, 1))(squeezed)
        hidden = nn.relu(hidden)
        gates = jax.nn.sigmoid(nn.Dense(channels)(hidden))
        return x * gates


def se_block_forward(seed: int, x: jax.Array, reduction: int) -> jax.Array:
    """Initialise an SEBlock from `seed` on `x` (H, W, C) and return its output flattened.

    Returns a float32 vector of length H * W * C.
    """
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
