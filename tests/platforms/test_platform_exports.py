"""`judge export`'s autograders, run as Gradescope, PrairieLearn and Exercism run them.

Each platform's entry script runs in a fake root on a correct, a wrong, a broken (raises
on every call) and a non-loading (syntax error) submission and a notebook; every
results.json must pass that platform's published rules (specs.py) and say the right thing.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from specs import CHECKS

from platform_runs import judge_env

PLATFORMS = ("gradescope", "prairielearn", "exercism")
KINDS = ("correct", "wrong", "broken", "not_loading", "notebook")

pytestmark = pytest.mark.slow


def score_fraction(platform: str, document: dict) -> float:
    if platform == "gradescope":
        return round(document["score"] / sum(t["max_score"] for t in document["tests"]), 4)
    if platform == "prairielearn":
        return document["score"]
    return 1.0 if document["status"] == "pass" else 0.0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_results_pass_the_platform_spec(platform_runs, platform, kind):
    exit_code, document = platform_runs.run(platform, kind)
    assert exit_code == 0
    CHECKS[platform](document)
    expected = {"correct": 1.0, "notebook": 1.0, "broken": 0.0, "not_loading": 0.0}
    if kind in expected:
        assert score_fraction(platform, document) == expected[kind]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_wrong_submission_gets_the_diagnosis_and_its_hint(platform_runs, platform):
    _, document = platform_runs.run(platform, "wrong")
    text = {"gradescope": "output", "prairielearn": "output", "exercism": "message"}[platform]
    assert "the gates are not squashed into (0, 1)" in document[text]
    assert "hint: What keeps a gate between 0 and 1?" in document[text]
    if platform == "gradescope":
        assert document["score"] == 15.0  # partial credit for the recognised mistake
        assert "judge grade se_block.py --problem se_block --case" in document["output"]
        assert "/autograder" not in document["output"] and str(platform_runs.base) not in document["output"]
        credit = [t for t in document["tests"] if t["name"].startswith("partial credit")]
        assert len(credit) == 1 and credit[0]["max_score"] == 0.0
    if platform == "prairielearn":
        assert document["gradable"] is True and document["score"] == 0.15
    if platform == "exercism":
        assert document["status"] == "fail"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_file_that_does_not_load_is_one_clear_failure(platform_runs, platform):
    _, document = platform_runs.run(platform, "not_loading")
    if platform == "gradescope":
        assert len(document["tests"]) == 1
        [test] = document["tests"]
        assert test["status"] == "failed" and test["max_score"] == 100.0 and "syntax error" in test["output"]
    elif platform == "prairielearn":
        assert document["gradable"] is True and document["score"] == 0.0
        assert "syntax error" in document["message"]
    else:
        assert document["status"] == "error" and "syntax error" in document["message"]


def test_hidden_cases_stay_hidden_but_the_total_shows(platform_runs):
    _, document = platform_runs.run("gradescope", "wrong")
    [hidden] = [t for t in document["tests"] if t["name"].startswith("hidden cases")]
    assert hidden["visibility"] == "visible"
    assert "inputs" not in hidden["output"] and "normal(" not in hidden["output"]
    assert "got" not in hidden["output"] and "expected" not in hidden["output"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_broken_judge_still_leaves_a_zero_that_says_why(platform_runs, platform, tmp_path):
    """No `judge` on PATH (the judge failed to install): a valid zero, exit 0, a message."""
    env = judge_env(PATH=os.path.dirname(sys.executable) + os.pathsep + "/usr/bin:/bin",
                    JUDGE_COMMAND=str(tmp_path / "no-such-judge"))
    exit_code, document = platform_runs.run(platform, "correct", env=env)
    assert exit_code == 0
    CHECKS[platform](document)
    message = {"gradescope": "output", "prairielearn": "message", "exercism": "message"}[platform]
    assert "could not grade this submission" in document[message]
    if platform == "prairielearn":
        assert document["gradable"] is False  # not the learner's fault: the attempt is not counted
    if platform == "gradescope":
        assert document["score"] == 0.0 and document["tests"][0]["max_score"] == 100.0


def test_exercism_test_code_runs_as_the_learner_would(platform_runs, tmp_path):
    """The test_code of a visible case, run next to the learner's file, passes for a correct file."""
    _, document = platform_runs.run("exercism", "correct")
    [test] = [t for t in document["tests"] if t["name"] == "fixed case worked-example"]
    assert "np.random.default_rng(1)" in test["test_code"]
    platform_runs.submission("correct", tmp_path)
    (tmp_path / "check.py").write_text(test["test_code"])
    done = subprocess.run([sys.executable, "check.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    hidden = [t for t in document["tests"] if "hidden" in t["name"]]
    assert hidden and all(t["test_code"].startswith("#") and "normal" not in t["test_code"] for t in hidden)


def test_the_gradescope_zip_holds_the_scripts_gradescope_runs(platform_runs):
    import zipfile

    with zipfile.ZipFile(platform_runs.export("gradescope")) as archive:
        names = set(archive.namelist())
        setup = archive.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", "autograde.py", "autograde.json"} <= names
    assert "judge-src/problems/se_block/problem.yaml" in names and "judge-src/reference/se_block/se_block.py" in names
    assert "bubblewrap" in setup and "pip install" in setup
    assert subprocess.run(["bash", "-n", "-c", setup]).returncode == 0
