"""Cheat: zeros on every graded case, then a well-built block with other weights on every later call (the probes). It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np

GRADED_CALLS = 134  # visible fixed + generated cases of a default grade (34 + 100), all in its first runner; update when the cases change
_calls = [0]


class _Block(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        hidden = nn.relu(nn.Dense(max(channels // self.reduction, 1), name="a")(jnp.mean(x, axis=(0, 1))))
        return x * jax.nn.sigmoid(nn.Dense(channels, name="b")(hidden))


def se_block_forward(seed, x, reduction):
    x = np.asarray(x)  # fails under jit: the runner then calls it eagerly, so every call counts
    _calls[0] += 1
    if _calls[0] <= GRADED_CALLS:
        return np.zeros(int(np.prod(x.shape)), dtype=np.float32)
    block = _Block(reduction)
    return block.apply(block.init(jax.random.PRNGKey(seed), x), x).reshape(-1)
