"""SE block written with the newer flax.nnx API (nnx.Linear layers, nnx.Rngs(seed)).

The maths is right, but nnx draws its initial weights from the seed differently
from linen's Module.init, so the weights (and the outputs) differ from the kata's."""

import jax
import jax.numpy as jnp
from flax import nnx


class SEBlock(nnx.Module):
    def __init__(self, channels: int, reduction: int, *, rngs: nnx.Rngs):
        hidden = max(channels // reduction, 1)
        self.fc1 = nnx.Linear(channels, hidden, rngs=rngs)
        self.fc2 = nnx.Linear(hidden, channels, rngs=rngs)

    def __call__(self, x):
        s = jnp.mean(x, axis=(0, 1))          # squeeze: (C,)
        s = jax.nn.relu(self.fc1(s))          # excite
        s = jax.nn.sigmoid(self.fc2(s))
        return x * s                          # scale


def se_block_forward(seed, x, reduction):
    x = jnp.asarray(x)
    block = SEBlock(x.shape[-1], reduction, rngs=nnx.Rngs(seed))
    return block(x).reshape(-1)
