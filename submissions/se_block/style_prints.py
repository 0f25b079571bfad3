"""Correct SE block left full of debugging prints, both at import time and inside the function."""

import jax
import jax.numpy as jnp
import flax.linen as nn

print("loading SE block, jax", jax.__version__)


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        print("squeezed:", squeezed.shape)
        h = nn.relu(nn.Dense(max(channels // self.reduction, 1))(squeezed))
        print("hidden:", h.shape)
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        print("gates:", gates.shape)
        return x * gates


def se_block_forward(seed, x, reduction):
    print("se_block_forward called with seed", seed, "x", x.shape, "reduction", reduction)
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    print(jax.tree_util.tree_map(jnp.shape, params))
    out = block.apply(params, x).reshape(-1)
    print("out:", out.shape, out[:4])
    return out
