"""SE block."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class Excite(nn.Module):
    ratio: int

    @nn.compact
    def __call__(self, fmap):
        n = fmap.shape[-1]
        pooled = jnp.einsum("hwc->c", fmap) / (fmap.shape[0] * fmap.shape[1])
        hid = nn.Dense(max(n // self.ratio, 1))(pooled)
        hid = jnp.maximum(hid, 0.0)
        logit = nn.Dense(n)(hid)
        w = 1.0 / (1.0 + jnp.exp(-logit))
        return fmap * w[jnp.newaxis, jnp.newaxis, :]


def se_block_forward(seed, x, reduction):
    mod = Excite(ratio=reduction)
    v = mod.init(jax.random.PRNGKey(seed), x)
    return jnp.ravel(mod.apply(v, x))
