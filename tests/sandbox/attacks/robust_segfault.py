"""Robustness: crash the interpreter (segmentation fault) in a call.

Expected: an error verdict naming SIGSEGV (bwrap reports it as exit status 139; the
judge translates it back), a fresh runner for the next case.
"""

import ctypes


def se_block_forward(seed, x, reduction):
    ctypes.string_at(0)
