"""Cheat: zeros on graded cases; a well-built block with other weights on inputs that look like probe inputs (constant channels, or the old probe module's channel means). It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np

PROBE_MEANS = jnp.array([-3.0, 2.2, -1.4, 0.6, -0.6, 1.4, -2.2, 3.0])


class _Block(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        hidden = nn.relu(nn.Dense(max(channels // self.reduction, 1), name="a")(jnp.mean(x, axis=(0, 1))))
        return x * jax.nn.sigmoid(nn.Dense(channels, name="b")(hidden))


def se_block_forward(seed, x, reduction):
    # Written with jnp so that it runs under jit: the runner then compiles it once per shape.
    means = jnp.mean(x, axis=(0, 1))
    constant = jnp.allclose(x, means)
    probe_like = constant
    if x.shape[-1] == 8:
        probe_like = probe_like | jnp.allclose(jnp.sort(jnp.abs(means)), jnp.sort(jnp.abs(PROBE_MEANS)), atol=0.5)
    block = _Block(reduction)
    out = block.apply(block.init(jax.random.PRNGKey(seed), x), x).reshape(-1)
    return jnp.where(probe_like, out, 0.0)
