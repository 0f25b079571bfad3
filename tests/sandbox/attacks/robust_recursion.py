"""Robustness: unbounded Python recursion with the recursion limit raised 200-fold.

Expected: an error verdict, and the runner lives on: RecursionError after 200 000 frames
when called eagerly, a timeout under the runner's jit (jax filters the long traceback
slowly; see expected.yaml).
"""

import sys

sys.setrecursionlimit(200_000)


def _down(n):
    return _down(n + 1) + 1


def se_block_forward(seed, x, reduction):
    return _down(0)
