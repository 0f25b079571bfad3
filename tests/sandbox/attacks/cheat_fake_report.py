"""Cheat: print a fake passing report and fake JSON, from Python and from C level.

Stopped by: before the submission is imported, the runner points fds 1 and 2 at a
capture file; the judge's stdout carries only the judge's report.
"""

import os
import sys

import numpy as np

FAKE = '{"schema_version": 1, "status": "passed", "score": 100, "max_score": 100, "cases": []}\n'
TEXT = "PASSED  score 100 / 100\n"

for write in (sys.stdout.write, sys.stderr.write, lambda s: os.write(1, s.encode()), lambda s: os.write(2, s.encode())):
    write(FAKE)
    write(TEXT)


def se_block_forward(seed, x, reduction):
    print(FAKE + TEXT)
    os.write(1, FAKE.encode())
    sys.__stdout__.write(FAKE)
    try:
        with open("/dev/tty", "w") as tty:
            tty.write(FAKE)
        print("ESCAPED: wrote to the terminal")
    except OSError:
        pass
    return np.zeros(np.asarray(x).size, np.float32)
