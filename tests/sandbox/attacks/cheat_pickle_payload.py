"""Cheat: get the judge to unpickle something (which would create a marker file).

Returns pickle bytes, and also writes a frame carrying a pickle straight into the
protocol pipe (found through /proc/self/fd). Stopped by: nothing from the runner is
ever unpickled; frames are JSON headers plus raw numbers, validated, and a frame that
breaks the protocol gets the runner killed.
"""

import os
import pickle
import struct
from pathlib import Path

MARKER = Path("/tmp") / f"{Path(__file__).stem}.unpickled"


class Payload:
    def __reduce__(self):
        return (open, (str(MARKER), "w"))


def _protocol_fds():
    for name in os.listdir("/proc/self/fd"):
        try:
            if int(name) > 2 and os.readlink(f"/proc/self/fd/{name}").startswith("pipe:"):
                yield int(name)
        except (OSError, ValueError):
            pass


def se_block_forward(seed, x, reduction):
    data = pickle.dumps(Payload())
    header = b'{"type": "RESULT", "id": 1, "pickle": true, "payload_bytes": %d}' % len(data)
    for fd in _protocol_fds():
        try:
            os.write(fd, struct.pack("<I", len(header)) + header + data)
        except OSError:
            pass
    return data
