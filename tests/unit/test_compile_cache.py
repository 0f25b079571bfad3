"""The runners' compilation cache: what it is prepared for, and when it is not trusted."""

from __future__ import annotations

import json
import stat

from judge.cases.signatures import call_signature, warmup_cases
from judge.prepare import compile_cache
from judge.sandbox.levels import PROCESS, Sandbox


def test_warmup_covers_every_shape_and_static_value_a_grade_uses(se_block):
    signatures = {call_signature(se_block, case) for case in warmup_cases(se_block)}
    assert {call_signature(se_block, case) for case in se_block.cases} <= signatures
    for entry in se_block.generated.palette:
        shape = (entry["H"][0], entry["W"][0], entry["C"][0])
        for reduction in entry["reduction"]:
            assert (None, shape, reduction) in signatures
    assert len(signatures) == len(warmup_cases(se_block))  # one call per signature


def seal(directory):
    directory.mkdir()
    (directory / "jit_a-cache").write_bytes(b"executable a")
    (directory / "jit_b-cache").write_bytes(b"executable b")
    compile_cache._manifest_path(directory).write_text(json.dumps(compile_cache._seal(directory)))


def test_a_sealed_cache_is_intact(tmp_path):
    seal(tmp_path / "c")
    assert compile_cache._intact(tmp_path / "c")


def test_a_changed_added_or_removed_entry_is_not_trusted(tmp_path):
    for damage in ("change", "add", "remove", "subdir"):
        directory = tmp_path / damage
        seal(directory)
        if damage == "change":
            (directory / "jit_a-cache").write_bytes(b"planted")
        elif damage == "add":
            (directory / "jit_c-cache").write_bytes(b"planted")
        elif damage == "remove":
            (directory / "jit_b-cache").unlink()
        else:
            (directory / "nested").mkdir()
        assert not compile_cache._intact(directory), damage


def test_a_cache_found_intact_is_still_checked_after_a_same_size_change(tmp_path, monkeypatch):
    """A process remembers an intact cache, but a planted file of the same size is seen at once."""
    monkeypatch.setattr(compile_cache, "SETTLED_NS", 0)  # files just written count as settled
    directory = tmp_path / "c"
    seal(directory)
    assert compile_cache._intact(directory)
    (directory / "jit_a-cache").write_bytes(b"planted    a")  # same length as b"executable a"
    assert not compile_cache._intact(directory)


def test_files_changed_just_before_a_check_are_hashed_again_next_time(tmp_path):
    directory = tmp_path / "c"
    seal(directory)
    assert compile_cache._intact(directory)
    assert directory not in compile_cache._VERIFIED  # written within SETTLED_NS: not remembered


def test_a_sealed_cache_can_be_entered_but_not_listed(tmp_path):
    """Its entries are the reference compiled per shape: listing them would hand a submission an oracle."""
    seal(tmp_path / "c")
    assert stat.S_IMODE((tmp_path / "c").stat().st_mode) == 0o111
    assert compile_cache.sealed_files(tmp_path / "c") == [tmp_path / "c" / "jit_a-cache",
                                                          tmp_path / "c" / "jit_b-cache"]


def test_a_loosened_directory_or_an_old_manifest_is_not_trusted(tmp_path):
    seal(tmp_path / "c")
    (tmp_path / "c").chmod(0o755)
    assert not compile_cache._intact(tmp_path / "c")
    seal(tmp_path / "old")
    manifest = compile_cache._manifest_path(tmp_path / "old")
    manifest.write_text(json.dumps({"files": json.loads(manifest.read_text())["files"]}))  # no "directory"
    assert not compile_cache._intact(tmp_path / "old")


def test_a_sealed_cache_is_removed_whole(tmp_path):
    seal(tmp_path / "c")
    compile_cache._remove(tmp_path / "c")
    assert not (tmp_path / "c").exists()


def test_no_manifest_means_not_prepared(tmp_path):
    (tmp_path / "c").mkdir()
    assert not compile_cache._intact(tmp_path / "c")


def test_only_sandboxed_runners_with_speedups_get_a_cache(se_block, monkeypatch):
    assert compile_cache.runner_cache_for(se_block, PROCESS) is None  # a runner there could write it
    monkeypatch.setenv("JUDGE_NO_SPEEDUPS", "1")
    assert compile_cache.runner_cache_for(se_block, Sandbox("bwrap", "/usr/bin/bwrap")) is None


def test_a_ready_full_tier_serves_a_lone_grade_without_preparing_anything(se_block, tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("JUDGE_NO_SPEEDUPS", raising=False)
    full = compile_cache._directory(se_block, "full")
    full.parent.mkdir(parents=True)
    seal(full)
    said = []
    assert compile_cache.runner_cache_for(se_block, Sandbox("bwrap", "/usr/bin/bwrap"), said.append) == full
    assert said == []


def test_tiers_and_implementations_get_their_own_directories(se_block, tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    assert compile_cache._directory(se_block, "full") != compile_cache._directory(se_block, "reference")
    assert compile_cache._directory(se_block, "full").parent == tmp_path / "xla-runner"


def test_prepare_refuses_an_unknown_problem_and_explains_a_process_level_machine(capsys):
    from judge.cli import main

    assert main(["prepare", "no_such_kata"]) == 2
    assert "unknown problem 'no_such_kata'" in capsys.readouterr().err
    assert main(["prepare", "se_block", "--sandbox", "process"]) == 0
    assert "nothing to prepare" in capsys.readouterr().err


def test_preparing_a_tier_forgets_that_tiers_older_versions_and_caches_of_vanished_katas(tmp_path):
    root = tmp_path / "xla-runner"
    root.mkdir()
    here, copy, gone = (tmp_path / "repo" / "x", tmp_path / "elsewhere" / "se_block", tmp_path / "deleted")
    here.mkdir(parents=True)
    copy.mkdir(parents=True)
    owners = {"se_block-full-old": here, "se_block-reference-old": here, "cbam_channel-full-old": here,
              "se_block-full-copy": copy, "cbam_channel-full-temporary": gone, "se_block-full-new": here}
    for name, owner in owners.items():
        seal(root / name)
        (root / f"{name}.lock").touch()
        manifest = compile_cache._manifest_path(root / name)
        manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "problem": str(owner)}))
    compile_cache._forget_older(root / "se_block-full-new", str(here))
    left = sorted(entry.name for entry in root.iterdir() if not entry.name.endswith((".json", ".lock")))
    assert left == ["cbam_channel-full-old", "se_block-full-copy", "se_block-full-new", "se_block-reference-old"]
    assert sorted(entry.name for entry in root.glob("*.lock")) == [f"{name}.lock" for name in left]
