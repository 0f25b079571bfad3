"""Cheat: return an object that claims to equal anything and converts to anything.

Stopped by: the runner accepts only a jax.Array or a NumPy array and sends its raw
numbers; the judge never sees a Python object from the runner.
"""


class Liar:
    shape = (64,)
    dtype = "float32"

    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("never asked")

    def __len__(self):
        return 64


def se_block_forward(seed, x, reduction):
    return Liar()
