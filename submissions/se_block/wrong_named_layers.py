"""SE block with the right maths but explicitly named layers ("fc1", "fc2").

Flax derives each layer's init key from its name, so the weights (and hence the
outputs) differ from those of the default-named Dense_0 / Dense_1 layers."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        h = nn.Dense(max(channels // self.reduction, 1), name="fc1")(squeezed)
        h = nn.relu(h)
        h = nn.Dense(channels, name="fc2")(h)
        return x * jax.nn.sigmoid(h)


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
