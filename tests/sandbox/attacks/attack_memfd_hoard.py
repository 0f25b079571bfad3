"""Attack: hold memory no address-space limit sees, in memfd files filled with write().

The pages of a memfd file belong to no mapping, so RLIMIT_AS never counts them: only a
memory cgroup (which charges tmpfs and memfd pages to whoever wrote them) stops this.
Bounded: stops by itself at HOARD bytes (512 MiB past the attack kata's 2048 MiB limit,
tests/sandbox/conftest.py), so a broken limit costs at most that much for a moment.
Expected: the runner is stopped ("memory limit exceeded"), or the writes fail.
"""

import os

import numpy as np

HOARD = 2560 << 20
# Each file stays under the runner's 64 MiB RLIMIT_FSIZE, which is per file.
CHUNK = b"\x01" * (48 << 20)
files = []


def se_block_forward(seed, x, reduction):
    written = 0
    try:
        while written < HOARD:
            fd = os.memfd_create("hoard")
            files.append(fd)
            written += os.write(fd, CHUNK)
    except OSError as exc:
        print(f"BLOCKED: memfd writes refused after {written >> 20} MiB: {exc}")
    else:
        print(f"ESCAPED: held {written >> 20} MiB in memfd files")
    for fd in files:
        os.close(fd)
    files.clear()
    return np.zeros(np.asarray(x).size, np.float32)
