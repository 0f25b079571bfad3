"""Correct SE block plus an `if __name__ == "__main__":` demo that runs one example and prints it."""

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
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * gates


def se_block_forward(seed, x, reduction):
    block = SEBlock(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)


if __name__ == "__main__":
    demo = jax.random.normal(jax.random.PRNGKey(42), (4, 4, 4))
    out = se_block_forward(0, demo, 2)
    print("output shape:", out.shape)
    print(out)
