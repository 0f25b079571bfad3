"""Fixtures for the fast unit tests: private copies of the se_block kata to break on purpose.

Nothing here imports jax or starts a runner; loading a problem reads YAML only.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from judge.base.errors import SpecError
from judge.problem.load import load_problem
from judge.problem.model import Problem

REPO = Path(__file__).resolve().parents[2]
SE_BLOCK = REPO / "problems" / "se_block"

# A valid se_block case; tests override one key to break it.
VALID_CASE = {"id": "added", "seed": "0", "x": "{shape: [4, 4, 4], fill: normal, seed: 1}", "reduction": "2"}


@dataclass(frozen=True)
class KataCopy:
    """A writable copy of the se_block kata, with helpers to break it and read the error."""

    directory: Path
    shown: str = "problems/se_block"  # how messages name the copy, relative to the working directory

    def edit(self, name: str, old: str, new: str) -> int:
        """Replace the single occurrence of `old` in file `name` by `new`; return the line `new` starts on."""
        path = self.directory / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}; update the test"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1

    def add_case(self, **keys: str) -> tuple[int, dict[str, int]]:
        """Append a case to cases.yaml: VALID_CASE with `keys` overriding (None drops a key).

        Returns the new case's index in the list and the line of each of its keys.
        """
        fields = {k: v for k, v in {**VALID_CASE, **keys}.items() if v is not None}
        index = len(self.load().cases)
        block = "".join(f"{'  - ' if n == 0 else '    '}{k}: {v}\n" for n, (k, v) in enumerate(fields.items()))
        first = self.append("cases.yaml", block)
        return index, {key: first + n for n, key in enumerate(fields)}

    def append(self, name: str, text: str) -> int:
        """Append lines to file `name`; return the line the first one lands on."""
        path = self.directory / name
        old = path.read_text(encoding="utf-8")
        old += "" if old.endswith("\n") else "\n"
        path.write_text(old + text, encoding="utf-8")
        return old.count("\n") + 1

    def load(self) -> Problem:
        return load_problem(self.directory)

    def error(self) -> str:
        """The message of the SpecError loading the copy raises."""
        with pytest.raises(SpecError) as info:
            self.load()
        message = str(info.value)
        assert "\n" not in message, "a spec error is one line"
        return message

    def expect_error(self, file: str, line: int, where: str, value: str, fix: str) -> None:
        """Loading fails with `<file>:<line>: <where>: <value>: ...<fix>...`."""
        message = self.error()
        prefix = f"{self.shown}/{file}:{line}: {where}: {value}: "
        assert message.startswith(prefix), f"\n{message}\ndoes not start with\n{prefix}"
        assert fix in message[len(prefix):], message


@pytest.fixture(autouse=True, scope="module")
def _no_jax():
    """Unit tests stay fast by never importing jax (the reference and the runner need it; these do not)."""
    already = "jax" in sys.modules
    yield
    assert already or "jax" not in sys.modules, "a unit test imported jax; keep jax out of tests/unit"


@pytest.fixture
def kata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KataCopy:
    """A copy of problems/se_block, with reference/ beside it so its relative `reference:` path holds.

    The working directory is the copy's root, so messages name files as
    `problems/se_block/cases.yaml`, as a user grading from a checkout sees them.
    """
    shutil.copytree(SE_BLOCK, tmp_path / "problems" / "se_block")
    shutil.copytree(REPO / "reference", tmp_path / "reference")
    monkeypatch.chdir(tmp_path)
    return KataCopy(tmp_path / "problems" / "se_block")


@pytest.fixture(scope="session")
def se_block() -> Problem:
    """The real se_block problem, loaded once."""
    return load_problem(SE_BLOCK)
