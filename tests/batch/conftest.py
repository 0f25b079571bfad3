"""Fixtures of the batch tests: nothing here grades or imports jax."""

from __future__ import annotations

import pytest

from batch_records import make_case, make_record


@pytest.fixture
def records() -> list[dict]:
    """One submission of each kind a report must handle, sorted by path."""
    return [
        make_record("subs/a_passed.py"),
        make_record("subs/b_failed.py", [
            make_case("visible", "failed", details=("max absolute difference: 4.1", "position | got | expected"),
                      output="debug print\x00\x1b[31m <tag> & \"quotes\"\n"),
            make_case("hidden-1", "failed", hidden=True,
                      message="mismatched elements: 1 / 4 (hidden case: values not shown)"),
            make_case("slow", "timeout", kind="generated", message="the call took longer than 10 s and was stopped"),
            make_case("raises", "error", kind="generated", message="raised ValueError: bad"),
            make_case("ok", kind="generated"),
        ], diagnoses=(("missing_sigmoid", "the gates are not squashed by a sigmoid"),)),
        make_record("subs/c_load_error.py", [make_case("a", "error", message="not run: the submission did not load")],
                    load_error="syntax error on line 3"),
        make_record("subs/d_judge_error.py", judge_error="grading took longer than the batch's limit of 5 s"),
    ]
