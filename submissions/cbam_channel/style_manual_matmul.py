"""Correct CBAM channel attention: Flax creates the weights, both descriptors go through one matmul."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        first, second = nn.Dense(max(c // self.reduction, 1)), nn.Dense(c)
        mlp = lambda d: second(nn.relu(first(d)))
        return x * nn.sigmoid(mlp(x.mean(axis=(0, 1))) + mlp(x.max(axis=(0, 1))))


def channel_attention_forward(seed, x, reduction):
    p = ChannelAttention(reduction).init(jax.random.PRNGKey(seed), x)["params"]
    descriptors = jnp.stack([x.mean(axis=(0, 1)), x.max(axis=(0, 1))])  # (2, C)
    hidden = jax.nn.relu(descriptors @ p["Dense_0"]["kernel"] + p["Dense_0"]["bias"])
    logits = hidden @ p["Dense_1"]["kernel"] + p["Dense_1"]["bias"]  # (2, C)
    gates = jax.nn.sigmoid(logits[0] + logits[1])
    return (x * gates).reshape(-1)
