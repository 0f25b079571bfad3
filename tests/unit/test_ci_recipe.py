"""docs/ci/github-actions-matrix.yml, the CI recipe courses copy, keeps its safety and its caches.

Student code runs on the CI machine, so each job must get the full sandbox and a token that
can only read, never keep the token in the checkout, and stop after a time limit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

RECIPE = Path(__file__).resolve().parents[2] / "docs" / "ci" / "github-actions-matrix.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(RECIPE.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def test_the_token_can_only_read(workflow):
    assert workflow["permissions"] == {"contents": "read"}


def test_every_job_has_a_time_limit_and_a_checkout_without_credentials(workflow):
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 120, name
        checkouts = [s for s in steps(job) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts, name
        assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts), name


def test_grading_installs_bubblewrap_and_requires_the_sandbox(workflow):
    grade = workflow["jobs"]["grade"]
    script = runs(grade)
    assert "apt-get install -y -q bubblewrap" in script
    batch = next(s["run"] for s in steps(grade) if "judge batch" in s.get("run", ""))
    assert "--sandbox required" in batch
    # bubblewrap is installed before the judge grades anything
    names = [s.get("name", "") + s.get("run", "") for s in steps(grade)]
    assert (min(i for i, n in enumerate(names) if "bubblewrap" in n)
            < min(i for i, n in enumerate(names) if "judge batch" in n))


def test_pip_and_the_judge_s_cache_are_cached_by_os_cpu_and_versions(workflow):
    grade = workflow["jobs"]["grade"]
    python = next(s for s in steps(grade) if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    cached = next(s for s in steps(grade) if s.get("uses", "").startswith("actions/cache@"))
    assert ".judge-cache" in cached["with"]["path"] and "!.judge-cache/xla-runner" in cached["with"]["path"]
    assert workflow["env"]["JUDGE_CACHE_DIR"].endswith("/.judge-cache")
    key_step = next(s for s in steps(grade) if s.get("id") == "judge-key")
    assert "runner.os" in key_step["run"] and "judge --version" in key_step["run"]  # --version names the CPU too
    assert cached["with"]["key"].startswith("${{ steps.judge-key.outputs.key }}")


def test_the_recipe_says_how_a_course_copies_it():
    head = RECIPE.read_text(encoding="utf-8").split("\nname:")[0]
    assert "How a course copies it" in head and ".github/workflows/" in head
