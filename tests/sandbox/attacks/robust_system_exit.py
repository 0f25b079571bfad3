"""Robustness: raise SystemExit(0) in a call.

Expected: an error verdict ("called sys.exit(0)"); exiting is not passing.
"""

import sys


def se_block_forward(seed, x, reduction):
    sys.exit(0)
