"""Robustness: unbounded Python recursion with the recursion limit raised to a million.

Expected: RecursionError (an error verdict) after about a million frames; the runner lives on.
"""

import sys

sys.setrecursionlimit(10**6)


def _down(n):
    return _down(n + 1) + 1


def se_block_forward(seed, x, reduction):
    return _down(0)
