"""Robustness: recursion in C code (json encoding a list nested a million deep).

With the recursion limit lifted, the C stack overflows: the runner dies with SIGSEGV.
Expected: an error verdict naming it; a fresh runner for the next case.
"""

import json
import sys

sys.setrecursionlimit(10**7)


def se_block_forward(seed, x, reduction):
    nested = []
    for _ in range(10**6):
        nested = [nested]
    return json.dumps(nested)
