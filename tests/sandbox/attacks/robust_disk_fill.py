"""Robustness: fill the disk through TMPDIR (bounded: at most 8 files of 64 MiB).

Expected: under bwrap the private tmpfs fills at 256 MiB (ENOSPC); under the
fallback the files land in the runner's private work dir, which the judge deletes.
Either way nothing is left behind.
"""

import tempfile
from pathlib import Path

import numpy as np

BLOCK = b"\0" * (1 << 20)


done = []  # once per runner: the attack is the same on every call


def se_block_forward(seed, x, reduction):
    if done:
        return np.zeros(np.asarray(x).size, np.float32)
    done.append(True)
    total = 0
    try:
        for n in range(8):
            with open(Path(tempfile.gettempdir()) / f"{Path(__file__).stem}-{n}.fill", "wb") as handle:
                for _ in range(64):
                    handle.write(BLOCK)
                    total += 1
    except OSError as exc:
        print(f"stopped after {total} MiB: {exc}")
    return np.zeros(np.asarray(x).size, np.float32)
