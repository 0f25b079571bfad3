"""SE block whose layers are created in setup() (self.fc_reduce / self.fc_expand).

Submodules defined in setup() are named after their attributes, and Flax derives
each layer's init key from its name, so the weights differ from the compact
Dense_0 / Dense_1 ones. setup() cannot see x, so the channel count is a field."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    channels: int
    reduction: int = 16

    def setup(self):
        self.fc_reduce = nn.Dense(max(self.channels // self.reduction, 1))
        self.fc_expand = nn.Dense(self.channels)

    def __call__(self, x):
        w = jnp.mean(x, axis=(0, 1))
        w = nn.relu(self.fc_reduce(w))
        w = nn.sigmoid(self.fc_expand(w))
        return x * w[None, None, :]


def se_block_forward(seed, x, reduction):
    block = SEBlock(channels=x.shape[-1], reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).flatten()
