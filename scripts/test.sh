#!/usr/bin/env bash
# Install the judge with its test dependencies, then run the whole test suite.
# This is the README's test command and what CI runs (.ci/run); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

# The full sandbox needs bubblewrap. Install it where we can (root with apt-get, as in CI);
# elsewhere the bwrap tests skip and say why (CI sets JUDGE_REQUIRE_BWRAP_TESTS=1 to fail instead).
if ! command -v bwrap >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  if ! { apt-get update -qq || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; } >/dev/null 2>&1; then
    echo "scripts/test.sh: could not install bubblewrap; the bwrap sandbox tests will skip" >&2
  fi
fi

# The class report's browser test renders the HTML report in headless Chromium (Debian's
# chromium package); without it that test skips and says why (CI sets
# JUDGE_REQUIRE_BROWSER_TESTS=1 to fail instead).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  if ! { apt-get update -qq || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1; then
    echo "scripts/test.sh: could not install chromium; the HTML report's browser test will skip" >&2
  fi
fi

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
