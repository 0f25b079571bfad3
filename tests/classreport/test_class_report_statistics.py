"""The class report's numbers from hand-made records: statistics, mistakes, cases, comparison, logs."""

from __future__ import annotations

import json

import pytest

from class_records import record, small_class, write_log
from judge.base.errors import JudgeError
from judge.classreport import stats
from judge.classreport.build import build_report


@pytest.mark.parametrize("values, expected", [([], None), ([3.0], 3.0), ([5.0, 1.0, 3.0], 3.0),
                                              ([4.0, 1.0, 3.0, 2.0], 2.5)])
def test_median(values, expected):
    assert stats.median(values) == expected


@pytest.mark.parametrize("score, top, expected", [(0, 100, 0), (9.99, 100, 0), (10, 100, 1), (99.9, 100, 9),
                                                  (100, 100, 10), (120, 100, 10), (-5, 100, 0), (3, 0, 10)])
def test_score_bins_keep_full_marks_apart(score, top, expected):
    assert stats.score_bin(score, top) == expected


@pytest.mark.parametrize("value, shown", [(None, "—"), (0.0, "0 %"), (0.004, "0.4 %"), (0.0001, "0.1 %"),
                                          (0.5, "50 %"), (0.9996, "99.9 %"), (1.0, "100 %")])
def test_percent_never_rounds_a_few_to_none_or_all(value, shown):
    assert stats.percent(value) == shown


def test_rate_of_nothing_is_none_not_zero():
    assert stats.rate(0, 0) is None
    assert stats.rate(1, 4) == 0.25


def test_scores_mistakes_and_cases_of_a_small_class(tmp_path):
    report = build_report([write_log(tmp_path / "r.jsonl", small_class())], lookalikes=False)
    [scores] = report.scores
    assert (scores.submissions, scores.graded, scores.passed, scores.did_not_load, scores.not_graded) == (6, 5, 2, 1, 1)
    assert scores.pass_rate == pytest.approx(2 / 5)
    assert scores.mean == pytest.approx((100 + 100 + 15 + 60 + 0) / 5)
    assert scores.median == 60.0
    assert (scores.histogram[10] == 2 and scores.histogram[1] == 1 and scores.histogram[6] == 1
            and scores.histogram[0] == 1)
    # Mistakes by frequency: missing_sigmoid (carol likely, dave possible) before init_mismatch (dave).
    assert [(m.id, m.likely, m.possible) for m in report.mistakes] == [
        ("missing_sigmoid", ["s/carol.py"], ["s/dave.py"]), ("init_mismatch", ["s/dave.py"], [])]
    assert report.mistakes[0].message == "the message (missing_sigmoid)"
    assert report.mistakes[0].hint == "the first hint (missing_sigmoid)"
    # Below full marks without an identified mistake: erin (did not load) and frank (not graded).
    assert {u.submission.path: u.reason for u in report.unexplained} == {
        "s/erin.py": "did not load", "s/frank.py": "not graded: the judge could not grade it"}
    # Cases count only the four submissions that ran them (not erin's "not run", not frank).
    [cases] = report.cases
    assert cases.loaded == 4
    by_id = {c.id: c for c in cases.cases}
    assert (by_id["b"].failed, by_id["b"].runs) == (2, 4) and (by_id["a"].failed, by_id["gen-1"].failed) == (1, 1)
    assert by_id["b"].mistakes == {"missing_sigmoid": 1, "init_mismatch": 1}
    assert [c.id for c in cases.cases][0] == "b"  # hardest first
    groups = {g.kind: (g.cases, g.runs, g.failed) for g in cases.groups}
    assert groups == {"fixed": (2, 8, 3), "generated": (1, 4, 1)}
    assert cases.nobody_passes == () and cases.everybody_passes == ()


def test_cases_no_one_passes_and_everyone_passes(tmp_path):
    records = [record(f"s/{n}.py", 50.0, failing=("b",), likely=("x",)) for n in "pqr"]
    report = build_report([write_log(tmp_path / "r.jsonl", records)], lookalikes=False)
    [cases] = report.cases
    assert [c.id for c in cases.nobody_passes] == ["b"]
    assert [c.id for c in cases.everybody_passes] == ["a", "gen-1"]


def test_comparing_rounds(tmp_path):
    old = [record("s/alice.py", 40.0, failing=("a",), likely=("missing_sigmoid",)),
           record("s/bob.py", 100.0), record("s/carol.py", 60.0, failing=("b",), likely=("init_mismatch",)),
           record("s/gone.py", 0.0, load_error="empty")]
    new = [record("s/alice.py", 100.0), record("s/bob.py", 60.0, failing=("b",), likely=("init_mismatch",)),
           record("s/carol.py", 60.0, failing=("b",), likely=("init_mismatch",)), record("s/late.py", 100.0)]
    report = build_report([write_log(tmp_path / "new.jsonl", new)], compare=[write_log(tmp_path / "old.jsonl", old)],
                          lookalikes=False)
    comparison = report.comparison
    assert [(c.path, c.delta) for c in comparison.improved] == [("s/alice.py", pytest.approx(0.6))]
    assert [(c.path, c.delta) for c in comparison.regressed] == [("s/bob.py", pytest.approx(-0.4))]
    assert comparison.unchanged == 1
    assert (comparison.only_new, comparison.only_old) == (("s/late.py",), ("s/gone.py",))
    assert [(m.id, m.old, m.new) for m in comparison.disappeared] == [("missing_sigmoid", 1, 0)]
    assert {m.id: (m.old, m.new) for m in comparison.mistakes}["init_mismatch"] == (1, 2)
    assert report.old_scores[0].passed == 1 and report.scores[0].passed == 2


def test_shards_are_read_together_and_must_not_overlap(tmp_path):
    records = small_class()
    first = write_log(tmp_path / "1.jsonl", records[:3])
    second = write_log(tmp_path / "2.jsonl", records[3:])
    report = build_report([second, first], lookalikes=False)
    assert [s.path for s in report.submissions] == sorted(r["path"] for r in records)
    with pytest.raises(JudgeError, match="graded in both"):
        build_report([first, write_log(tmp_path / "3.jsonl", records[2:])], lookalikes=False)


def test_a_torn_last_line_is_a_warning_and_any_other_bad_line_an_error(tmp_path):
    log = write_log(tmp_path / "r.jsonl", small_class())
    with open(log, "a", encoding="ascii") as handle:
        handle.write('{"schema_version": 1, "pa')
    report = build_report([log], lookalikes=False)
    assert len(report.submissions) == 6 and "torn last line" in report.warnings[0]
    lines = log.read_text().splitlines()
    log.write_text("\n".join([lines[0], "not json", *lines[1:6]]) + "\n")
    with pytest.raises(JudgeError, match=r"r\.jsonl:2: not a JSON line"):
        build_report([log], lookalikes=False)


def test_bad_logs_are_errors_that_say_what_to_do(tmp_path):
    with pytest.raises(JudgeError, match="no such results log"):
        build_report([tmp_path / "missing.jsonl"], lookalikes=False)
    with pytest.raises(JudgeError, match="no records"):
        build_report([write_log(tmp_path / "empty.jsonl", [])], lookalikes=False)
    mixed = [record("s/a.py", 100.0), {**record("s/b.py", 100.0), "seed": 7}]
    with pytest.raises(JudgeError, match="graded with seed 7"):
        build_report([write_log(tmp_path / "mixed.jsonl", mixed)], lookalikes=False)
    (tmp_path / "other.jsonl").write_text(json.dumps({"hello": 1}) + "\n")
    with pytest.raises(JudgeError, match="missing"):
        build_report([tmp_path / "other.jsonl"], lookalikes=False)


def test_a_record_of_the_wrong_shape_is_an_error_naming_its_line(tmp_path):
    broken = {**record("s/b.py", 50.0), "cases": 7}
    with pytest.raises(JudgeError, match=r"r\.jsonl:2: a record of an unexpected shape"):
        build_report([write_log(tmp_path / "r.jsonl", [record("s/a.py", 100.0), broken])], lookalikes=False)
