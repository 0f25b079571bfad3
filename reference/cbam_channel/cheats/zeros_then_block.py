"""Cheat: zeros on every graded case, then a well-built block with other weights on every later call (the probes). It must never earn more than 10 points (judge validate checks)."""

import jax
import jax.numpy as jnp
import flax.linen as nn
import numpy as np

GRADED_CALLS = 133  # visible fixed + generated cases of a default grade (33 + 100), all in its first runner; update when the cases change
_calls = [0]


class _Block(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeeze, expand = nn.Dense(max(channels // self.reduction, 1), name="a"), nn.Dense(channels, name="b")
        mlp = lambda d: expand(nn.relu(squeeze(d)))
        return x * jax.nn.sigmoid(mlp(jnp.mean(x, axis=(0, 1))) + mlp(jnp.max(x, axis=(0, 1))))


def channel_attention_forward(seed, x, reduction):
    x = np.asarray(x)  # fails under jit: the runner then calls it eagerly, so every call counts
    _calls[0] += 1
    if _calls[0] <= GRADED_CALLS:
        return np.zeros(int(np.prod(x.shape)), dtype=np.float32)
    block = _Block(reduction)
    return block.apply(block.init(jax.random.PRNGKey(seed), x), x).reshape(-1)
