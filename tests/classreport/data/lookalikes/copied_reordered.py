"""Lab 2 - squeeze/excite."""

import flax.linen as nn
import jax
import jax.numpy as jnp


def se_block_forward(seed, x, reduction):
    block = Gate(ratio=reduction)
    state = block.init(jax.random.PRNGKey(seed), x)
    result = block.apply(state, x)
    return jnp.ravel(result)


def squeeze_hw(fm):
    return jnp.einsum("hwc->c", fm) / (fm.shape[0] * fm.shape[1])


class Gate(nn.Module):
    ratio: int

    @nn.compact
    def __call__(self, fm):
        ch = fm.shape[-1]
        avg = squeeze_hw(fm)
        hid = nn.Dense(units_for(ch, self.ratio))(avg)
        hid = jnp.maximum(hid, 0.0)
        lg = nn.Dense(ch)(hid)
        wt = 1.0 / (1.0 + jnp.exp(-lg))
        return fm * wt[jnp.newaxis, jnp.newaxis, :]


def units_for(ch, ratio):
    return max(ch // ratio, 1)
