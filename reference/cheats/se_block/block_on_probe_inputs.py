"""Cheat: zeros on graded cases; a well-built block with other weights on inputs that look like probe inputs (constant channels, or the old probe module's channel means). It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np

PROBE_MEANS = np.array([-3.0, 2.2, -1.4, 0.6, -0.6, 1.4, -2.2, 3.0])


class _Block(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        hidden = nn.relu(nn.Dense(max(channels // self.reduction, 1), name="a")(jnp.mean(x, axis=(0, 1))))
        return x * jax.nn.sigmoid(nn.Dense(channels, name="b")(hidden))


def se_block_forward(seed, x, reduction):
    values = np.asarray(x)
    means = values.mean(axis=(0, 1))
    constant = np.allclose(values, means)
    probe_like = constant or (values.shape[-1] == 8 and np.allclose(np.sort(np.abs(means)), np.sort(np.abs(PROBE_MEANS)), atol=0.5))
    if not probe_like:
        return np.zeros(values.size, dtype=np.float32)
    block = _Block(reduction)
    return block.apply(block.init(jax.random.PRNGKey(seed), x), x).reshape(-1)
