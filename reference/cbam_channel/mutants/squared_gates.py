"""Diagnosis: wrong_gate_activation. Squares the sigmoid's gates."""


import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    """The channel attention half of CBAM for one unbatched feature map.

    Each channel of an (H, W, C) map is summarised twice, by its spatial mean and by its
    spatial max. Both C-vectors go through one shared two-layer bottleneck MLP; the two
    results are added and squashed by a sigmoid into one gate per channel, and every
    channel of the input is scaled by its gate.

    Attributes:
        reduction: channel reduction ratio r; the MLP's hidden layer has max(C // r, 1)
            units, so a ratio larger than C still leaves one unit.
    """

    reduction: int

    @nn.compact
    def __call__(self, x: jax.Array) -> jax.Array:
        channels = x.shape[-1]
        average = jnp.mean(x, axis=(0, 1))
        maximum = jnp.max(x, axis=(0, 1))
        # Created once, in this order, so they are Dense_0 and Dense_1 and both
        # descriptors share their weights.
        squeeze = nn.Dense(max(channels // self.reduction, 1))
        expand = nn.Dense(channels)

        def shared_mlp(descriptor: jax.Array) -> jax.Array:
            return expand(nn.relu(squeeze(descriptor)))

        gates = jax.nn.sigmoid(shared_mlp(average) + shared_mlp(maximum)) ** 2  # mutant: squares the gates
        return x * gates


def channel_attention_forward(seed: int, x: jax.Array, reduction: int) -> jax.Array:
    """Initialise a ChannelAttention from `seed` on `x` (H, W, C) and return its output flattened.

    Returns a float32 vector of length H * W * C.
    """
    block = ChannelAttention(reduction=reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
