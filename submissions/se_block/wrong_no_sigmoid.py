"""SE block that forgets the sigmoid: the raw Dense output is used as the channel scale,
so gates can be negative or larger than one."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        h = nn.Dense(max(channels // self.reduction, 1))(squeezed)
        h = nn.relu(h)
        scale = nn.Dense(channels)(h)
        return x * scale


def se_block_forward(seed, x, reduction):
    model = SEBlock(reduction=reduction)
    params = model.init(jax.random.PRNGKey(seed), x)
    return model.apply(params, x).reshape(-1)
