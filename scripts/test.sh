#!/usr/bin/env bash
# Install the judge with its test dependencies, then run the whole test suite.
# This is the README's test command and what CI runs (.ci/run); extra arguments go to pytest.
#
# The interpreter: the active virtual environment's, else python3 (stock Debian/Ubuntu has
# no `python`). A python3 whose pip refuses to install (PEP 668 "externally managed", as on
# stock Debian/Ubuntu) gets a virtual environment instead, $JUDGE_VENV or ~/.venvs/judge
# (never under /tmp, see README "Quick start"), created when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
  python="$VIRTUAL_ENV/bin/python"
else
  python="$(command -v python3 || true)"
  if [ -z "$python" ]; then
    echo "scripts/test.sh: no python3 found; install Python 3.11 or newer" >&2
    exit 1
  fi
  managed="$("$python" -c 'import sys, sysconfig, os; print(int(sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))))')"
  if [ "$managed" = 1 ]; then
    venv="${JUDGE_VENV:-$HOME/.venvs/judge}"
    if [ ! -x "$venv/bin/python" ]; then
      echo "scripts/test.sh: $python is externally managed (PEP 668); creating a virtual environment in $venv" >&2
      "$python" -m venv "$venv" || {
        echo "scripts/test.sh: could not create $venv; on Debian/Ubuntu: apt-get install python3-venv" >&2
        exit 1
      }
    fi
    python="$venv/bin/python"
  fi
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "scripts/test.sh: $python is Python $("$python" -c 'import platform; print(platform.python_version())'); the judge needs 3.11 or newer" >&2
  exit 1
fi

"$python" -m pip install --quiet --disable-pip-version-check -e ".[test]"

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

# Two passes, each extra argument going to both: the suite on every core (pytest-xdist,
# tests/conftest.py says how it is spread), then the `serial` tests alone, since they time
# a grade against a neighbour and another worker's load would be measured with it.
# pytest exits 5 when it collected no tests: for one pass that is fine (a path you named
# may hold no serial test), for both it is a broken suite, not a pass.
# The environment's bin first: the tests run `judge` as a user would.
run_pytest() {
  PATH="$(dirname "$python"):$PATH" "$python" -m pytest "$@"
}
set +e
# The linter first (under a second): its configuration is pyproject.toml's [tool.ruff].
"$python" -m ruff check --no-cache .
lint=$?
run_pytest -n "${JUDGE_TEST_WORKERS:-auto}" --dist loadgroup -m "not serial" "$@"
parallel=$?
run_pytest -m serial -p no:xdist "$@"
serial=$?
set -e
if [ "$parallel" -eq 5 ] && [ "$serial" -eq 5 ]; then
  echo "scripts/test.sh: pytest collected no tests; failing" >&2
  exit 1
fi
if [ "$lint" -ne 0 ]; then
  echo "scripts/test.sh: ruff found problems (listed above); fix them, or see [tool.ruff] in pyproject.toml" >&2
  exit 1
fi
for status in "$parallel" "$serial"; do
  if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then
    exit "$status"
  fi
done
exit 0
