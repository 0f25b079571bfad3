"""`judge validate`: the case set must kill every known mutant, and a gap must be reported.

Slow: these run the reference and the mutants for real (mutant outputs are cached on disk).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from judge.diagnose.mutants import observe
from judge.diagnose.subjects import same_observation
from judge.problem.load import load_problem
from judge.validation import validate_problem

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture()
def kata(tmp_path: Path) -> Path:
    """A private copy of the se_block problem, laid out like the repo so relative paths hold."""
    shutil.copytree(REPO / "problems" / "se_block", tmp_path / "problems" / "se_block")
    shutil.copytree(REPO / "reference", tmp_path / "reference")
    return tmp_path / "problems" / "se_block"


def killers(problem, mutant) -> list[str]:
    cases = list(problem.cases)
    expected = observe(problem, problem.reference, cases)
    theirs = observe(problem, mutant.path, cases)
    tol = problem.tolerance
    return [c.id for c in cases if not same_observation(theirs[c.id], expected[c.id], tol.rtol, tol.atol)]


def remove_cases(directory: Path, ids: set[str]) -> None:
    path = directory / "cases.yaml"
    data = yaml.safe_load(path.read_text())
    data["cases"] = [case for case in data["cases"] if case["id"] not in ids]
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def set_compare_cases(directory: Path, ids: list[str]) -> None:
    path = directory / "problem.yaml"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("compare_cases:"))
    lines[index] = f"  compare_cases: [{', '.join(ids)}]"
    path.write_text("\n".join(lines) + "\n")


def test_deleting_the_only_case_that_kills_a_mutant_fails_validate(kata):
    problem = load_problem(kata)
    mutant = next(m for m in problem.diagnosis.mutants if m.name == "no_clamp")
    kills = killers(problem, mutant)
    assert len(kills) > 1
    last, others = kills[0], set(kills[1:])
    # Leave `last` as the only case that kills the mutant; compare cases must survive the cut.
    set_compare_cases(kata, [c.id for c in problem.cases if c.id not in kills][:4])
    remove_cases(kata, others)

    before = validate_problem(load_problem(kata), correct=[])
    row = next(r for r in before.rows if r.name == mutant.name)
    assert row.killed_by == (last,)
    assert not any("not killed" in gap for gap in row.gaps)

    remove_cases(kata, {last})
    proc = subprocess.run([sys.executable, "-m", "judge", "validate", str(kata), "--correct"],
                          capture_output=True, text=True, cwd=REPO, timeout=900)
    assert proc.returncode == 1
    assert f"mutant {mutant.name} is not killed by any fixed case" in proc.stdout
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("kata", ["se_block", "cbam_channel"])
def test_the_real_problem_validates(kata):
    proc = subprocess.run([sys.executable, "-m", "judge", "validate", kata],
                          capture_output=True, text=True, cwd=REPO, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "OK: every mutant killed and diagnosed, no false alarm" in proc.stdout
    assert "reference graded as a submission: passed" in proc.stdout
    # Its own correct examples are probed, and only those (the folder its `examples:` key names).
    examples = REPO / "submissions" / kata
    passed = [n for n, e in yaml.safe_load((examples / "expected.yaml").read_text()).items() if e["status"] == "passed"]
    assert f"probed for false alarms: the reference and {len(passed)} correct submission(s)" in proc.stdout
