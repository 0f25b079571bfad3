"""SE block that goes straight from the bottleneck Dense to the expanding Dense, with no ReLU between them."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        C = x.shape[-1]
        s = jnp.mean(x, axis=(0, 1))
        e = nn.Dense(max(C // self.reduction, 1))(s)
        e = nn.Dense(C)(e)
        e = jax.nn.sigmoid(e)
        return x * e


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    variables = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(variables, x).reshape(-1)
