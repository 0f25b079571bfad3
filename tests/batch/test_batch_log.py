"""Discovery, sharding, the results log (torn lines, resume) and merging, without grading anything."""

from __future__ import annotations

import argparse
import json
import os

import pytest

from batch_records import make_record
from judge.base.errors import JudgeError
from judge.batch.discover import discover
from judge.batch.log import ResultsLog, read_log
from judge.batch.merge import merge_logs
from judge.batch.shard import Shard, parse_shard


# -- discovery and shards -------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("subs/b.py", "subs/a.py", "subs/deep/c.py", "subs/notes.txt", "subs/.hidden.py",
                 "subs/__pycache__/a.cpython-311.py", "subs/.git/x.py", "other/d.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    return tmp_path


def test_discover_folders_files_and_globs(tree):
    assert discover(["subs"]) == ["subs/a.py", "subs/b.py", "subs/deep/c.py"]
    assert discover(["./subs/b.py", "subs/notes.txt"]) == ["subs/b.py", "subs/notes.txt"]  # a named file is taken as is
    assert discover(["subs/*.py", "subs", "other/d.py"]) == ["other/d.py", "subs/a.py", "subs/b.py", "subs/deep/c.py"]
    assert discover(["**/c.py"]) == ["subs/deep/c.py"]


@pytest.mark.parametrize("argument, message", [
    ("missing.py", "missing.py: no such file or folder"),
    ("subs/*.rs", "subs/*.rs: the pattern matched no file"),
    ("empty", "empty: the folder holds no .py or .ipynb file"),
])
def test_discover_errors(tree, argument, message):
    (tree / "empty").mkdir()
    with pytest.raises(JudgeError, match=message.replace("*", r"\*").replace(".", r"\.")):
        discover([argument])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_discover_unreadable_file(tree):
    (tree / "subs" / "a.py").chmod(0)
    with pytest.raises(JudgeError, match="cannot be read"):
        discover(["subs"])


def test_shards_are_disjoint_balanced_and_cover_everything():
    paths = [f"s{i:02d}.py" for i in range(10)]
    parts = [Shard(k, 3).select(paths) for k in (1, 2, 3)]
    assert sorted(p for part in parts for p in part) == paths
    assert [len(part) for part in parts] == [4, 3, 3]
    assert parts[0][:2] == ["s00.py", "s03.py"]  # round-robin over the sorted paths
    assert Shard(4, 4).select(["only.py"]) == []


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "1/0", "-1/2"])
def test_parse_shard_rejects(text):
    with pytest.raises(argparse.ArgumentTypeError, match="K/N"):
        parse_shard(text)


# -- the results log -------------------------------------------------------------------------


def write_log(path, records, tail: bytes = b"") -> None:
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records) + tail)


def test_log_appends_durable_lines_and_reads_them_back(tmp_path):
    path = tmp_path / "log.jsonl"
    log = ResultsLog.open(path, resume=False, fresh=False)
    log.append(make_record("a.py"))
    log.append(make_record("b\udce9.py"))  # a file name that is not UTF-8 survives
    log.close()
    assert [r["path"] for r in read_log(path).records] == ["a.py", "b\udce9.py"]
    assert path.read_bytes().isascii()


@pytest.mark.parametrize("tail", [b'{"schema_version": 1, "path": "c.p', b"\x00\x00\x00\n", b"{"])
def test_a_torn_last_line_is_ignored_and_cut_on_resume(tmp_path, tail):
    path = tmp_path / "log.jsonl"
    write_log(path, [make_record("a.py"), make_record("b.py")], tail)
    contents = read_log(path)
    assert [r["path"] for r in contents.records] == ["a.py", "b.py"] and contents.torn

    log = ResultsLog.open(path, resume=True, fresh=False)
    assert [r["path"] for r in log.previous] == ["a.py", "b.py"]
    log.append(make_record("c.py"))
    log.close()
    assert [r["path"] for r in read_log(path).records] == ["a.py", "b.py", "c.py"]
    assert not read_log(path).torn


def test_a_bad_line_before_the_last_is_an_error(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text(json.dumps(make_record("a.py")) + "\nnot json\n" + json.dumps(make_record("b.py")) + "\n")
    with pytest.raises(JudgeError, match=r"log.jsonl:2: not a JSON line"):
        read_log(path)


def test_a_line_of_another_schema_is_an_error(tmp_path):
    path = tmp_path / "log.jsonl"
    write_log(path, [{**make_record("a.py"), "schema_version": 99}, make_record("b.py")])
    with pytest.raises(JudgeError, match="schema_version 99, but this judge reads 1"):
        read_log(path)


def test_an_existing_log_needs_resume_or_fresh(tmp_path):
    path = tmp_path / "log.jsonl"
    write_log(path, [make_record("a.py")])
    with pytest.raises(JudgeError, match="already holds results; pass --resume .* or --fresh"):
        ResultsLog.open(path, resume=False, fresh=False)
    ResultsLog.open(path, resume=False, fresh=True).close()
    assert path.read_bytes() == b""


# -- merging shards ---------------------------------------------------------------------------


def test_merge_sorts_the_union_and_reports_torn_lines(tmp_path):
    write_log(tmp_path / "1.jsonl", [make_record("c.py"), make_record("a.py")])
    write_log(tmp_path / "2.jsonl", [make_record("b.py")], tail=b'{"torn')
    records, warnings = merge_logs([tmp_path / "1.jsonl", tmp_path / "2.jsonl", tmp_path / "1.jsonl"])
    assert [r["path"] for r in records] == ["a.py", "b.py", "c.py"]
    assert len(warnings) == 1 and "2.jsonl: ignored a torn last line" in warnings[0]


def test_merge_rejects_overlapping_shards(tmp_path):
    write_log(tmp_path / "1.jsonl", [make_record("a.py")])
    write_log(tmp_path / "2.jsonl", [make_record("a.py")])
    with pytest.raises(JudgeError, match="a.py was graded in both .*1.jsonl and .*2.jsonl; shards must not overlap"):
        merge_logs([tmp_path / "1.jsonl", tmp_path / "2.jsonl"])


def test_merge_rejects_results_graded_differently(tmp_path):
    write_log(tmp_path / "1.jsonl", [make_record("a.py", seed=0)])
    write_log(tmp_path / "2.jsonl", [make_record("b.py", seed=7)])
    with pytest.raises(JudgeError, match="graded with different settings"):
        merge_logs([tmp_path / "1.jsonl", tmp_path / "2.jsonl"])


def test_merge_of_a_missing_file(tmp_path):
    with pytest.raises(JudgeError, match="no such results log"):
        merge_logs([tmp_path / "nope.jsonl"])
