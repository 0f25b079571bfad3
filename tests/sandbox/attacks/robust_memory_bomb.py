"""Robustness: allocate memory until something stops it, 512 MiB at a time.

Bounded: stops by itself at 10 GiB of address space, far above the runner's 4 GiB
limit. The chunks are not written to (np.empty), so even a broken limit would cost
address space, not RAM: RLIMIT_AS stops an allocation when it is made, touched or not.
Expected: "memory limit exceeded".
"""

import numpy as np

CHUNK = 512 << 20
LIMIT = 10 << 30


def se_block_forward(seed, x, reduction):
    hoard = []
    while len(hoard) * CHUNK < LIMIT:
        hoard.append(np.empty(CHUNK, np.uint8))
    print(f"ESCAPED: allocated {len(hoard) * CHUNK >> 20} MiB")
    return np.zeros(np.asarray(x).size, np.float32)
