"""Hostile frame: a well-framed CALL_ERROR with wrongly typed fields, written straight
into the protocol pipe (found through /proc/self/fd), answering the current call.

Before, the judge took `"traceback": 12345` for a string and failed with its own
internal error (exit 2). Every field of every frame is now type-checked: the frame
breaks the protocol, a runner fault like any other.
"""

import json
import os
import struct
import time

calls = [0]


def _protocol_fds():
    for name in os.listdir("/proc/self/fd"):
        try:
            if int(name) > 2 and os.readlink(f"/proc/self/fd/{name}").startswith("pipe:"):
                yield int(name)
        except (OSError, ValueError):
            pass


def se_block_forward(seed, x, reduction):
    calls[0] += 1
    header = json.dumps({"type": "CALL_ERROR", "id": calls[0], "error": "exception", "exception": "ValueError",
                         "message": ["not", "a", "string"], "line": "one", "traceback": 12345,
                         "payload_bytes": 0}).encode()
    for fd in _protocol_fds():
        try:
            os.write(fd, struct.pack("<I", len(header)) + header)
        except OSError:
            pass
    time.sleep(5)  # the judge reads the forged frame first
    raise RuntimeError("not reached in time")
