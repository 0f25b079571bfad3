#!/usr/bin/env bash
# Install the judge with its test dependencies, then run the whole test suite.
# This is the README's test command and what CI runs (.ci/run); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

# pytest exits 5 when it collected no tests: that is a broken suite, not a pass.
set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "scripts/test.sh: pytest collected no tests; failing" >&2
  exit 1
fi
exit "$status"
