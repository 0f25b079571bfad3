"""Cheat: import the reference implementation as a module.

Stopped by: `reference/` is on no path of the runner (its working directory is a
private temporary one); under bwrap it is not in the sandbox.
"""

import numpy as np


def se_block_forward(seed, x, reduction):
    for name in ("reference.se_block.se_block", "reference.se_block", "se_block", "reference"):
        try:
            module = __import__(name, fromlist=["se_block_forward"])
            print(f"ESCAPED: imported {name}")
            return module.se_block_forward(seed, x, reduction)
        except Exception as exc:  # noqa: BLE001
            print(f"BLOCKED: import {name}: {type(exc).__name__}")
    return np.zeros(np.asarray(x).size, np.float32)
