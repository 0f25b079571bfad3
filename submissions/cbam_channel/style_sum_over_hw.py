"""Correct CBAM channel attention whose average is a sum divided by the number of positions."""

import jax
import jax.numpy as jnp
import flax.linen as nn


class CAM(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        h, w, c = x.shape
        fc1 = nn.Dense(max(c // self.reduction, 1))
        fc2 = nn.Dense(c)
        avg = x.sum(axis=(0, 1)) / (h * w)
        mx = x.max(axis=(0, 1))
        att = fc2(nn.relu(fc1(avg))) + fc2(nn.relu(fc1(mx)))
        return x * nn.sigmoid(att)


def channel_attention_forward(seed, x, reduction):
    cam = CAM(reduction)
    variables = cam.init(jax.random.PRNGKey(seed), x)
    return cam.apply(variables, x).ravel()
