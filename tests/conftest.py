"""How the suite is spread over pytest-xdist workers (scripts/test.sh runs it with `-n auto`).

- `serial` tests measure wall time against a neighbour: scripts/test.sh runs them in a
  second pass, alone, after the parallel one.
- The sandbox tests share one worker (`xdist_group`, with `--dist loadgroup`): they look for
  leftover processes and files named after an attack, and two levels of one attack running
  at once on two workers would see each other's.
- The longest tests start first, so that none of them begins near the end and runs alone
  while the other worker idles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# Minutes each on the 2-core CI machine, measured: whole-kata validation, the guide kata's.
LONGEST_FIRST = ("test_validate.py", "test_authoring_guide_kata.py", "test_practice_loop.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if (TESTS / "sandbox") in Path(item.fspath).parents:
            item.add_marker(pytest.mark.xdist_group("sandbox"))

    def rank(item: pytest.Item) -> int:
        name = Path(item.fspath).name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order within each rank is kept
