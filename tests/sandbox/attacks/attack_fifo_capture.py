"""Attack: replace the capture file with a FIFO, so the judge blocks opening it.

The runner's stdout is its capture file, which the judge reads back after each call.
Under the process fallback the work dir is writable by the runner: the file is
unlinked and a FIFO takes its name; a judge that opens it blocking waits forever for
a writer (and never removes its work dir). Under bwrap the capture is a bind mount on
a read-only root, so the unlink is refused.
Expected: the grade finishes (a wrong answer) and the work dir is removed.
"""

import os

import numpy as np


def se_block_forward(seed, x, reduction):
    capture = os.readlink("/proc/self/fd/1")
    try:
        os.unlink(capture)
        os.mkfifo(capture)
        print("planted a FIFO at the capture path")
    except OSError as exc:
        print(f"could not replace the capture file: {exc}")
    return np.zeros(np.asarray(x).size, np.float32)
