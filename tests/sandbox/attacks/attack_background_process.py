"""Attack: leave processes running after the grade.

Starts a sleeper in a new session (subprocess, start_new_session) and a double-forked
daemon (fork, setsid, fork) at import and in each call. Each sleeper carries this
file's name in its command line (the test looks for it) and exits by itself after 20 s.

Stopped by: bwrap (the pid namespace dies with the runner); under the fallback, the
guard is a subreaper, so orphans stay below it and are killed with the runner.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

MARKER = Path(__file__).stem
SLEEP = f"import time; time.sleep(20)  # {MARKER}"


def _daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-S", "-c", SLEEP, MARKER])
        os._exit(0)


def _spawn():
    subprocess.Popen([sys.executable, "-S", "-c", SLEEP, MARKER], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _daemon()


_spawn()


def se_block_forward(seed, x, reduction):
    _spawn()
    time.sleep(0.05)
    return np.zeros(np.asarray(x).size, np.float32)
