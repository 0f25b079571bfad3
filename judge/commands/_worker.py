"""A batch worker: one judge process that grades submissions one after another.

Starting a judge costs ~0.5 s of CPU (Python, the judge's modules, the problem's
YAML, the sandbox check) before any grading; a batch of hundreds pays it once per
worker instead of once per submission. Each grade is still exactly `judge grade
PATH --format json --output FILE ...` (the same `judge.commands.run`), its stderr goes to a
file of its own, and every submission still runs in runners of its own: the worker
only holds what is trusted and read-only (the loaded problem, the sandbox check,
the reference's and mutants' observations).

Protocol (judge/batch/scheduler.py is the other side): one JSON object per line on
stdin, {"args": [...], "stderr": PATH}; after each grade, one line {"code": N} on
the file descriptor named on the command line. End of stdin ends the worker.

Run as: python -m judge.commands._worker FD
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from judge.commands import run


def main(argv: list[str]) -> int:
    replies = os.fdopen(int(argv[1]), "w", buffering=1)
    for line in sys.stdin:
        job = json.loads(line)
        code = grade_one(job["args"], Path(job["stderr"]))
        replies.write(json.dumps({"code": code}) + "\n")
    return 0


def grade_one(args: list[str], stderr_path: Path) -> int:
    """`judge ARGS` with fd 2 (and so sys.stderr) pointed at `stderr_path`; its exit code."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(stderr_path, "wb") as errors:
        os.dup2(errors.fileno(), 2)
    try:
        try:
            return run(args)
        except SystemExit as exit_:  # argparse rejects arguments this way
            return exit_.code if isinstance(exit_.code, int) else 2
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
