"""Attack: reach the network: connect to the judge machine's loopback, resolve a name.

The port it connects to (on 127.0.0.1 only) is the number at the end of this file's
name; the test listens there. The name it resolves needs DNS. Nothing else is contacted.

Stopped by: bwrap's network namespace (its own loopback only, no DNS). Not by the
process fallback.
"""

import socket
from pathlib import Path

import numpy as np

PORT = int(Path(__file__).stem.rsplit("_", 1)[-1])


def se_block_forward(seed, x, reduction):
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=2) as conn:
            conn.sendall(b"hello from a submission")
        print(f"ESCAPED: connected to 127.0.0.1:{PORT}")
    except OSError as exc:
        print(f"BLOCKED: connect: {exc}")
    try:
        socket.getaddrinfo("example.com", 80)
        print("DNS: resolved example.com")
    except OSError as exc:
        print(f"BLOCKED: DNS: {exc}")
    return np.zeros(np.asarray(x).size, np.float32)
