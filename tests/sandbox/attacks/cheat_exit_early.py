"""Cheat: exit with status 0 in the middle of a call, hoping "no failure" reads as a pass.

Stopped by: a call that returns no array is an error, whatever the exit status.
"""

import os


def se_block_forward(seed, x, reduction):
    os._exit(0)
