"""The on-disk store of generated cases gives back exactly what hypothesis drew."""

from __future__ import annotations

import json

import pytest

from judge.cases import drawn_cache, generated


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("JUDGE_NO_SPEEDUPS", raising=False)
    return tmp_path


def stored_files(root):
    return sorted((root / "drawn").glob("*.json"))


def test_a_stored_draw_comes_back_identical(se_block, cache_home):
    first = drawn_cache.draw_cases(se_block, 3, 12)
    assert len(stored_files(cache_home)) == 1
    assert drawn_cache.draw_cases(se_block, 3, 12) == first == generated.draw_fresh(se_block, 3, 12)


def test_seed_and_count_are_part_of_the_key(se_block, cache_home):
    drawn_cache.draw_cases(se_block, 3, 12)
    other_seed = drawn_cache.draw_cases(se_block, 4, 12)
    assert len(stored_files(cache_home)) == 2
    assert other_seed == generated.draw_fresh(se_block, 4, 12)
    assert len(drawn_cache.draw_cases(se_block, 3, 5)) == 5


def test_a_tampered_file_is_ignored_and_redrawn(se_block, cache_home):
    honest = drawn_cache.draw_cases(se_block, 3, 12)
    [path] = stored_files(cache_home)
    stored = json.loads(path.read_text())
    stored["cases"][0]["args"][0][1] = 12345  # a different seed, digest left as it was
    path.write_text(json.dumps(stored))
    assert drawn_cache.draw_cases(se_block, 3, 12) == honest


def test_no_speedups_bypasses_the_store(se_block, cache_home, monkeypatch):
    monkeypatch.setenv("JUDGE_NO_SPEEDUPS", "1")
    assert drawn_cache.draw_cases(se_block, 3, 12) == generated.draw_fresh(se_block, 3, 12)
    assert stored_files(cache_home) == []
