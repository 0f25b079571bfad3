"""Correct SE block that lets Flax create the weights, then does the arithmetic by hand."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class Excitation(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        z = nn.relu(nn.Dense(max(c // self.reduction, 1))(x.mean(axis=(0, 1))))
        return x * nn.sigmoid(nn.Dense(c)(z))


def se_block_forward(seed, x, reduction):
    params = Excitation(reduction).init(jax.random.PRNGKey(seed), x)["params"]
    w1, b1 = params["Dense_0"]["kernel"], params["Dense_0"]["bias"]
    w2, b2 = params["Dense_1"]["kernel"], params["Dense_1"]["bias"]
    squeezed = x.mean(axis=(0, 1))
    hidden = jnp.maximum(jnp.matmul(squeezed, w1) + b1, 0.0)
    gates = 1.0 / (1.0 + jnp.exp(-(jnp.matmul(hidden, w2) + b2)))
    return (x * gates).flatten()
