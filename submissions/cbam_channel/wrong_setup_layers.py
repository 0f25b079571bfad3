"""Channel attention with its layers declared in setup(): the maths is right, but the attributes' names
(fc1, fc2) replace Dense_0 / Dense_1, so the initial weights differ from the kata's."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class ChannelAttention(nn.Module):
    channels: int
    reduction: int

    def setup(self):
        self.fc1 = nn.Dense(max(self.channels // self.reduction, 1))
        self.fc2 = nn.Dense(self.channels)

    def mlp(self, v):
        return self.fc2(nn.relu(self.fc1(v)))

    def __call__(self, x):
        gates = jax.nn.sigmoid(self.mlp(x.mean(axis=(0, 1))) + self.mlp(x.max(axis=(0, 1))))
        return x * gates


def channel_attention_forward(seed, x, reduction):
    block = ChannelAttention(x.shape[-1], reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
