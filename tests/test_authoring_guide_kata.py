"""The walk-through kata of docs/authoring.md passes `judge validate`, printing what the guide shows.

Slow: validate grades the reference through a runner and runs every mutant (about 20 s
each run). The fast checks of the guide are in tests/unit/test_authoring_guide.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from unit.guide_blocks import TEXT, write_walkthrough_kata

pytestmark = pytest.mark.slow


def validate(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "judge", "validate", str(directory), "--correct"],
                          capture_output=True, text=True, timeout=600, cwd=directory.parent.parent)


def _plain_blocks(text: str) -> list[str]:
    """The guide's fenced blocks without a language, read fence by fence: a regex pairing
    fences would take the closing fence of a ```yaml block for an opening one."""
    blocks, language, lines = [], None, []
    for line in text.splitlines():
        if line.startswith("```"):
            if language is None:
                language, lines = line[3:].strip(), []
            else:
                if language == "":
                    blocks.append("\n".join(lines) + "\n")
                language = None
        elif language is not None:
            lines.append(line)
    return blocks


def shown_output(starting: str) -> list[str]:
    """The lines of the guide's plain fenced block that starts with `starting`, `...` left out."""
    block = next(b for b in _plain_blocks(TEXT) if b.startswith(starting))
    return [line for line in block.splitlines() if line != "..."]


def test_the_walkthrough_kata_validates_as_the_guide_shows(tmp_path):
    directory = write_walkthrough_kata(tmp_path)

    run = validate(directory)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    for line in shown_output("gap_dense: reference graded as a submission"):
        assert line in run.stdout, f"the guide shows {line!r}; validate printed:\n{run.stdout}"


def test_the_gaps_the_guide_shows_are_the_ones_validate_reports(tmp_path):
    directory = write_walkthrough_kata(tmp_path)
    cases = yaml.safe_load((directory / "cases.yaml").read_text(encoding="utf-8"))
    cases["cases"] = [c for c in cases["cases"] if c["id"] in ("single-pixel", "all-zero")]
    (directory / "cases.yaml").write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    spec = (directory / "problem.yaml").read_text(encoding="utf-8")
    (directory / "problem.yaml").write_text(
        spec.replace("compare_cases: [worked-example, distinct-dims]", "compare_cases: [single-pixel]"),
        encoding="utf-8")

    run = validate(directory)

    assert run.returncode == 1, run.stdout + run.stderr
    for line in shown_output("│ sum_pool"):
        assert line in run.stdout, f"the guide shows {line!r}; validate printed:\n{run.stdout}"
