"""Cheat: return an ndarray subclass whose comparisons always succeed.

Stopped by: the runner copies the result into a plain ndarray (subok=False) before
sending its bytes; the judge compares plain arrays of what was actually computed.
"""

import numpy as np


class AlwaysClose(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.shape(inputs[0]), bool)


def se_block_forward(seed, x, reduction):
    return np.zeros(np.asarray(x).size, np.float32).view(AlwaysClose)
