#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image
# (Ubuntu, the autograder.zip unpacked in /autograder/source).
set -euo pipefail
apt-get update
# bubblewrap: the judge confines each submission with it (it falls back to process-level
# isolation, and says so, where the kernel refuses user namespaces).
apt-get install -y --no-install-recommends python3 python3-pip python3-venv bubblewrap
python3 -m venv /opt/judge
/opt/judge/bin/pip install --no-cache-dir /autograder/source/{{JUDGE_FOLDER}}
ln -sf /opt/judge/bin/judge /usr/local/bin/judge
# The first grade compiles the kata's programs once; do it now, not during a student's run.
judge prepare {{PROBLEM_DIR}} || echo "setup: judge prepare failed; the first grade will compile instead"
