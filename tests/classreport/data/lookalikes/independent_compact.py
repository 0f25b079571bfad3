"""An SE block in one compact module, close to the paper's figure."""

import jax
import flax.linen as nn


class SqueezeExcite(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        c = x.shape[-1]
        s = x.mean(axis=(0, 1))
        s = nn.relu(nn.Dense(features=max(c // self.reduction, 1))(s))
        s = nn.sigmoid(nn.Dense(features=c)(s))
        return s * x


def se_block_forward(seed, x, reduction):
    model = SqueezeExcite(reduction)
    out = model.apply(model.init(jax.random.PRNGKey(seed), x), x)
    return out.flatten()
