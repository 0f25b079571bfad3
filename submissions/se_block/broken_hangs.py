"""WARNING: se_block_forward in this file NEVER RETURNS (it spins in `while True: pass`).

Importing the file is harmless, but calling the function hangs forever and burns a
CPU core; only ever call it under a hard time limit. Running the file directly
prints a warning and then hangs (stop it with Ctrl-C).
"""

import sys

import jax
import jax.numpy as jnp
import flax.linen as nn


class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        h = nn.relu(nn.Dense(max(channels // self.reduction, 1))(squeezed))
        gates = jax.nn.sigmoid(nn.Dense(channels)(h))
        return x * gates


def se_block_forward(seed, x, reduction):
    while True:
        pass


if __name__ == "__main__":
    print("broken_hangs.py: calling se_block_forward, which loops forever "
          "(press Ctrl-C to stop)...", file=sys.stderr, flush=True)
    se_block_forward(0, jnp.ones((4, 4, 4)), 2)
