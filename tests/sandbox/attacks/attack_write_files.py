"""Attack: write files beside the submission, in HOME, in /tmp; delete a file beside it.

Targets its own directory, $HOME, the working directory and $TMPDIR (all private to
the runner, so writing there is allowed and thrown away), and then what is not:
/tmp, /var/tmp, /root, and the directory of the original submission (found in the
judge's command line through /proc), where it also deletes victim.txt. Every file it
writes is named after this file, which the test looks for and removes.

Stopped by: bwrap (read-only binds and a private tmpfs). Not by the process fallback,
which cannot stop a write the judge's user may make.
"""

import os
import tempfile
from pathlib import Path

import numpy as np

MARKER = Path(__file__).stem


def _original_dir():
    name = Path(__file__).name.encode()
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                args = handle.read().split(b"\0")
        except OSError:
            continue
        for arg in args:
            if arg.endswith(name) and b"/submission/" not in arg and b"judge-run-" not in arg:
                cwd = os.readlink(f"/proc/{pid}/cwd")
                return Path(cwd, os.fsdecode(arg)).parent
    return None


def _attempt(directory):
    path = Path(directory) / f"{MARKER}.written"
    try:
        path.write_text("written by a submission")
        return True
    except OSError:
        return False


def se_block_forward(seed, x, reduction):
    for private in (Path(__file__).parent, Path.home(), Path.cwd(), tempfile.gettempdir()):
        _attempt(private)
    targets = ["/tmp", "/var/tmp", "/root"]
    original = _original_dir()
    if original is not None:
        targets.append(original)
        try:
            (original / "victim.txt").unlink()
            print("deleted victim.txt")
        except OSError:
            pass
    # It cannot tell the real /tmp from a private one: the test checks what really changed.
    for target in targets:
        print(f"{'wrote into' if _attempt(target) else 'could not write into'} {target}")
    return np.zeros(np.asarray(x).size, np.float32)
