"""SE block that splits the seed's key before init, out of training-loop habit.

The maths is right, but the parameters are initialised from a sub-key of
PRNGKey(seed) rather than from PRNGKey(seed) itself, so the weights differ."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        z = x.mean(axis=(0, 1))
        z = nn.Dense(max(c // self.reduction, 1))(z)
        z = nn.relu(z)
        z = nn.Dense(c)(z)
        return x * nn.sigmoid(z)


def se_block_forward(seed, x, reduction):
    rng = jax.random.PRNGKey(seed)
    rng, init_rng = jax.random.split(rng)  # keep `rng` for later use
    model = SEBlock(reduction=reduction)
    variables = model.init(init_rng, x)
    y = model.apply(variables, x)
    return jnp.ravel(y)
