"""SE block, my version for the lab: the squeeze and the excitation are separate helpers."""

import jax
import jax.numpy as jnp
import flax.linen as nn


def bottleneck_width(num_channels, ratio):
    # never let the hidden layer vanish, even when ratio > num_channels
    return max(num_channels // ratio, 1)


def squeeze(feature_map):
    # global average pooling over height and width -> one number per channel
    return jnp.einsum("hwc->c", feature_map) / (feature_map.shape[0] * feature_map.shape[1])


class Excitation(nn.Module):
    ratio: int

    @nn.compact
    def __call__(self, feature_map):
        num_channels = feature_map.shape[-1]
        pooled = squeeze(feature_map)
        hidden_units = nn.Dense(bottleneck_width(num_channels, self.ratio))(pooled)
        hidden_units = jnp.maximum(hidden_units, 0.0)
        logits = nn.Dense(num_channels)(hidden_units)
        weights = 1.0 / (1.0 + jnp.exp(-logits))
        return feature_map * weights[jnp.newaxis, jnp.newaxis, :]


def se_block_forward(seed, x, reduction):
    module = Excitation(ratio=reduction)
    variables = module.init(jax.random.PRNGKey(seed), x)
    scaled = module.apply(variables, x)
    return jnp.ravel(scaled)
