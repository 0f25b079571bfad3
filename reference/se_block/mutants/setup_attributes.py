"""Diagnosis: init_mismatch. Declares the Dense layers in setup() as squeeze_fc / excite_fc (C
passed in as a field); the layers take those names, so their init keys and weights differ."""

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
    channels: int  # mutant: layers declared in setup()

    def setup(self):  # mutant: layers declared in setup()
        self.squeeze_fc = nn.Dense(max(self.channels // self.reduction, 1))  # mutant: layers declared in setup()
        self.excite_fc = nn.Dense(self.channels)  # mutant: layers declared in setup()

    def __call__(self, x: jax.Array) -> jax.Array:
        # mutant: no channels = x.shape[-1]: the width comes from the field
        squeezed = jnp.mean(x, axis=(0, 1))
        hidden = self.squeeze_fc(squeezed)  # mutant: layers declared in setup()
        hidden = nn.relu(hidden)
        gates = jax.nn.sigmoid(self.excite_fc(hidden))  # mutant: layers declared in setup()
        return x * gates


def se_block_forward(seed: int, x: jax.Array, reduction: int) -> jax.Array:
    """Initialise an SEBlock from `seed` on `x` (H, W, C) and return its output flattened.

    Returns a float32 vector of length H * W * C.
    """
    block = SEBlock(reduction=reduction, channels=x.shape[-1])  # mutant: layers declared in setup()
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
