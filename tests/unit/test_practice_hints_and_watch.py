"""Progressive hints, the state the practice loop keeps, and what `grade --watch` says changed.

Grades are hand-made `GradeResult`s: nothing here starts a runner or imports jax.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from judge.base.errors import JudgeError
from judge.base.results import CaseResult, Diagnosis, GradeResult, Status
from judge.practice import watch as watching
from judge.practice.hints import reveal_next
from judge.practice.state import PracticeState, load_state, remember_grade, save_state


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path / "cache"))


def grade_result(score: float, statuses: dict[str, Status], diagnoses=(), status=None, load_error=None) -> GradeResult:
    cases = tuple(CaseResult(id=i, kind="fixed", status=s, message="", points=0.0, max_points=1.0)
                  for i, s in statuses.items())
    return GradeResult(problem="se_block", submission="mine.py",
                       status=status or ("passed" if score == 100 else "failed"), score=score, max_score=100.0,
                       cases=cases, seed=0, versions={}, duration_s=1.0, isolation="process", load_error=load_error,
                       diagnoses=tuple(Diagnosis(id=d, message="") for d in diagnoses))


@pytest.fixture
def submission(tmp_path) -> Path:
    path = tmp_path / "mine.py"
    path.write_text("def se_block_forward(seed, x, reduction):\n    return x\n")
    return path


def test_hints_are_revealed_one_at_a_time_then_say_there_are_no_more(se_block, submission):
    remember_grade(submission, grade_result(15, {"a": Status.FAILED}, ["missing_sigmoid"]))
    hints = se_block.diagnosis.catalog["missing_sigmoid"].hints
    assert len(hints) == 3, "the expectations below are written for three levels"
    seen = []
    for _ in range(4):
        state = load_state(submission)
        reply = reveal_next(se_block, state, submission)
        save_state(state)
        seen.append((len(reply.shown), reply.new, reply.exhausted))
    # The report showed the first; each request shows one more; past the last, nothing new.
    assert seen == [(2, True, False), (3, True, True), (3, False, True), (3, False, True)]
    assert reply.shown == hints


def test_a_new_grade_keeps_the_hints_already_revealed(se_block, submission):
    remember_grade(submission, grade_result(15, {"a": Status.FAILED}, ["missing_sigmoid"]))
    state = load_state(submission)
    reveal_next(se_block, state, submission)
    save_state(state)
    remember_grade(submission, grade_result(15, {"a": Status.FAILED}, ["missing_sigmoid"]))
    assert load_state(submission).revealed == {"missing_sigmoid": 2}


def test_hints_follow_the_chosen_mistake(se_block, submission):
    remember_grade(submission, grade_result(10, {"a": Status.FAILED}, ["missing_sigmoid", "missing_relu"]))
    reply = reveal_next(se_block, load_state(submission), submission, wanted="missing_relu")
    assert reply.mistake.id == "missing_relu"
    with pytest.raises(JudgeError, match="--mistake ignores_seed: not diagnosed in the last grade .*: "
                                         "missing_sigmoid, missing_relu"):
        reveal_next(se_block, load_state(submission), submission, wanted="ignores_seed")


def test_a_file_changed_since_its_grade_is_flagged(se_block, submission):
    remember_grade(submission, grade_result(15, {"a": Status.FAILED}, ["missing_sigmoid"]))
    assert not reveal_next(se_block, load_state(submission), submission).stale
    submission.write_text("# edited\n")
    assert reveal_next(se_block, load_state(submission), submission).stale


@pytest.mark.parametrize("result, expected", [
    (None, "not graded yet, so there is no diagnosis to give a hint for; run `judge grade"),
    (grade_result(100, {"a": Status.PASSED}), "passed its last grade (100 / 100): no hint needed"),
    (grade_result(0, {"a": Status.ERROR}, status="error", load_error="syntax"), "named no mistake (it did not load"),
    (grade_result(5, {"a": Status.FAILED}), "named no mistake (the judge recognised no known mistake"),
])
def test_no_hint_without_a_diagnosis(se_block, submission, result, expected):
    if result is not None:
        remember_grade(submission, result)
    with pytest.raises(JudgeError) as info:
        reveal_next(se_block, load_state(submission), submission)
    assert expected in str(info.value)


def test_state_of_another_file_or_a_damaged_state_is_ignored(submission, tmp_path):
    save_state(PracticeState(str(submission.resolve()), problem="se_block"))
    assert load_state(submission).problem == "se_block"
    assert load_state(tmp_path / "other.py") is None
    from judge.practice.state import state_path

    state_path(submission).write_text("{not json")
    assert load_state(submission) is None


# -- grade --watch -------------------------------------------------------------------------

def lines(before: GradeResult, after: GradeResult) -> list[str]:
    return [text for text, _ in watching.describe_change(before, after)]


def test_the_delta_names_score_cases_and_diagnoses():
    before = grade_result(15, {"a": Status.FAILED, "b": Status.PASSED, "c": Status.FAILED}, ["missing_sigmoid"])
    after = grade_result(60, {"a": Status.PASSED, "b": Status.FAILED, "c": Status.PASSED}, ["init_mismatch"])
    assert lines(before, after) == [
        "score 15 -> 60 (+45)", "fixed 2 cases: a, c", "broken 1 cases: b",
        "no longer diagnosed: missing_sigmoid", "newly diagnosed: init_mismatch",
    ]


def test_the_delta_of_an_unchanged_grade_says_so():
    same = grade_result(15, {"a": Status.FAILED}, ["missing_sigmoid"])
    assert lines(same, same) == ["no change: score 15, the same cases pass and the same mistakes are named"]


def test_the_delta_from_a_file_that_did_not_load():
    before = grade_result(0, {"a": Status.ERROR, "b": Status.ERROR}, status="error", load_error="syntax error")
    after = grade_result(100, {"a": Status.PASSED, "b": Status.PASSED})
    assert lines(before, after) == ["score 0 -> 100 (+100)", "status error -> passed", "fixed 2 cases: a, b",
                                    "the file loads again"]


def test_many_fixed_cases_are_counted_not_all_named():
    before = grade_result(0, {f"gen-{i}": Status.FAILED for i in range(10)})
    after = grade_result(100, {f"gen-{i}": Status.PASSED for i in range(10)})
    assert "fixed 10 cases: gen-0, gen-1, gen-2, gen-3, … (+6)" in lines(before, after)


class Clock:
    """A fake `sleep` that runs `actions` (one per call) to change the file between polls."""

    def __init__(self, actions):
        self.actions = list(actions)

    def __call__(self, seconds):
        if not self.actions:
            raise KeyboardInterrupt  # what Ctrl-C does to the real loop
        action = self.actions.pop(0)
        if action:
            action()


def test_watch_regrades_only_when_the_contents_change_and_stops_on_ctrl_c(submission, tmp_path):
    original = submission.read_text()
    results = iter([grade_result(15, {"a": Status.FAILED}, ["missing_sigmoid"]),
                    grade_result(100, {"a": Status.PASSED})])
    graded = []

    def grade_once():
        graded.append(submission.read_text())
        return next(results)

    def touch_unchanged():
        submission.write_text(original)
        import os

        os.utime(submission, ns=(1, 1))

    clock = Clock([touch_unchanged, None, None, lambda: submission.write_text("fixed = 1\n"), None, None])
    out = tmp_path / "out.txt"
    with open(out, "w") as stream:
        code = watching.watch(submission, grade_once, lambda r: stream.write(f"report {r.score}\n"),
                              Console(file=stream, width=100, soft_wrap=True), sleep=clock)
    text = out.read_text()
    assert graded == [original, "fixed = 1\n"]  # the unchanged save did not re-grade
    assert "score 15 -> 100 (+85)" in text and "no longer diagnosed: missing_sigmoid" in text
    assert text.rstrip().endswith(f"stopped watching {submission}")
    assert code == 0  # the last grade passed


def test_watch_waits_for_a_deleted_file_and_survives_a_judge_error(submission, tmp_path):
    calls = []

    def grade_once():
        calls.append(1)
        if len(calls) == 1:
            raise JudgeError("mine.py: no such file")
        return grade_result(15, {"a": Status.FAILED})

    clock = Clock([submission.unlink, None, None, lambda: submission.write_text("back = 1\n"), None])
    out = tmp_path / "out.txt"
    with open(out, "w") as stream:
        code = watching.watch(submission, grade_once, lambda r: None, Console(file=stream, width=100, soft_wrap=True),
                              sleep=clock)
    text = out.read_text()
    assert "judge: error: mine.py: no such file" in text
    assert text.count("is gone; waiting for it to come back") == 1
    assert len(calls) == 2 and code == 1
