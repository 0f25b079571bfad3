"""Only the gate MLP is a Flax module; squeezing and rescaling happen in plain jax.numpy."""

import jax
import jax.numpy as jnp
from flax import linen as nn


class GateMLP(nn.Module):
    hidden: int
    channels: int

    @nn.compact
    def __call__(self, means):
        h = nn.Dense(self.hidden)(means)
        return jax.nn.sigmoid(nn.Dense(self.channels)(jax.nn.relu(h)))


def se_block_forward(seed, x, reduction):
    height, width, channels = x.shape
    means = jnp.sum(x, axis=(0, 1)) / (height * width)
    gate_mlp = GateMLP(hidden=max(channels // reduction, 1), channels=channels)
    params = gate_mlp.init(jax.random.PRNGKey(seed), means)
    gates = gate_mlp.apply(params, means)
    return (x * gates.reshape(1, 1, channels)).reshape(-1)
