"""Look-alikes: near-copies with renamed variables are flagged, independent solutions are not,
and a source that cannot be read safely is named with the reason, never read or crashed on."""

from __future__ import annotations

import os
import shutil

import pytest

from class_records import DATA, REPO, record, write_log
from judge.classreport.build import build_report
from judge.classreport.lookalikes import find_lookalikes
from judge.classreport.sources import SOURCE_BYTES, SourceReader

LOOKALIKES = DATA / "lookalikes"


@pytest.fixture(scope="module")
def found():
    paths = sorted(p.name for p in LOOKALIKES.glob("*.py"))
    return find_lookalikes({"se_block": paths}, SourceReader(LOOKALIKES))


def test_near_copies_with_renamed_variables_are_flagged(found):
    [problem] = found.problems
    pairs = {(p.a, p.b): p for p in problem.pairs}
    copy = pairs[("copied_original.py", "copied_renamed.py")]
    assert copy.similarity >= 0.9
    assert copy.match.similarity_a >= 0.9 and copy.match.similarity_b >= 0.9
    # The matching regions cover the helpers and the module, not the lines the starter gives.
    assert copy.lines_a and copy.lines_b
    original = (LOOKALIKES / "copied_original.py").read_text()
    matched = "".join(original[start:end] for start, end in copy.match.spans_a)
    assert "einsum" in matched and "bottleneck_width" in matched


def test_independent_correct_solutions_are_not_flagged(found):
    [problem] = found.problems
    flagged = {frozenset((p.a, p.b)) for p in problem.pairs}
    assert frozenset(("independent_compact.py", "independent_mlp_only.py")) not in flagged
    assert all("independent" not in path for pair in flagged for path in pair)
    assert problem.boilerplate.startswith("the starter of `judge init se_block`")
    assert found.unread == ()


def test_the_reference_and_starter_do_not_count(tmp_path):
    """Two copies of the reference share only boilerplate: nothing is left to match."""
    for name in ("one.py", "two.py"):
        shutil.copy(REPO / "reference" / "se_block" / "se_block.py", tmp_path / name)
    found = find_lookalikes({"se_block": ["one.py", "two.py"]}, SourceReader(tmp_path))
    assert found.problems[0].pairs == ()


def test_unreadable_sources_are_named_with_their_reason(tmp_path):
    root = tmp_path / "batch"
    root.mkdir()
    (root / "big.py").write_text("x = 1\n" * (SOURCE_BYTES // 6 + 10))
    (root / "latin1.py").write_bytes(b"# caf\xe9\nx = 1\n")
    (tmp_path / "secret.py").write_text("password = 'hunter2'\n")
    os.symlink(tmp_path / "secret.py", root / "link.py")
    os.mkfifo(root / "fifo.py")
    reader = SourceReader(root)
    reasons = {path: reader.read(path).reason for path in
               ("missing.py", "big.py", "latin1.py", "link.py", "fifo.py", "../secret.py", str(tmp_path / "secret.py"))}
    assert reasons["missing.py"].startswith("missing")
    assert reasons["big.py"].startswith("larger than 256 KiB")
    assert reasons["latin1.py"].startswith("not UTF-8 (byte 0xe9")
    assert reasons["link.py"].startswith("a symbolic link to") and "outside the batch root" in reasons["link.py"]
    assert reasons["fifo.py"] == "not a regular file: not read"
    assert reasons["../secret.py"].startswith("outside the batch root")
    assert reasons[str(tmp_path / "secret.py")].startswith("outside the batch root")
    assert reader.read("latin1.py").text is None


def test_a_report_whose_files_are_gone_says_so(tmp_path):
    records = [record("s/a.py", 100.0), record("s/b.py", 50.0, failing=("a",))]
    report = build_report([write_log(tmp_path / "r.jsonl", records)], root=tmp_path)
    assert [path for path, _ in report.lookalikes.unread] == ["s/a.py", "s/b.py"]
    assert report.lookalikes.problems[0].compared == 0


def test_copies_reordered_inlined_or_with_renamed_modules_are_flagged(found):
    """Hand-written copies of copied_original.py: helpers moved around, a helper inlined, other module aliases."""
    [problem] = found.problems
    similar = {frozenset((p.a, p.b)): p.similarity for p in problem.pairs}
    for copy in ("copied_reordered.py", "copied_module_alias.py", "copied_inlined.py"):
        assert similar.get(frozenset(("copied_original.py", copy)), 0) >= 0.5, copy


def test_tokens_ignore_names_comments_and_layout_but_keep_library_calls():
    from judge.classreport.tokens import normalised_tokens

    one, _ = normalised_tokens("import jax.numpy as jnp\n\ndef f(x):\n    return jnp.mean(x, axis=0)  # pool\n")
    two, _ = normalised_tokens("import jax.numpy as np\ndef pool(feat):\n    return np.mean(\n        feat, axis=0)\n")
    other, _ = normalised_tokens("import jax.numpy as jnp\n\ndef f(x):\n    return jnp.max(x, axis=0)\n")
    assert one == two and one != other
    assert normalised_tokens("s = f'{a}' + 'b'\n")[0] == ["V", "=", "S", "+", "S"]
    # Code that stops tokenising (an unclosed bracket) keeps what came before; no error.
    assert normalised_tokens("x = (1,\n")[0] == ["V", "=", "(", "1", ","]
    _, spans = normalised_tokens("total = 10  # note\n")
    assert [("total = 10  # note\n")[start:end] for start, end in spans] == ["total", "=", "10"]


def test_the_compact_measure_counts_shared_tokens():
    """Pairs are flagged from sorted hashes and positions; that must equal counting own tokens run by run."""
    from judge.classreport.fingerprints import RUN_TOKENS, boilerplate_hashes, compact, match, run_hashes, similarity
    from judge.classreport.lookalikes import kata_boilerplate
    from judge.classreport.tokens import normalised_tokens, token_ids

    boilerplate = boilerplate_hashes(kata_boilerplate("se_block")[0])
    texts = [p.read_text() for p in sorted(LOOKALIKES.glob("*.py"))] + [
        (REPO / "submissions" / "se_block" / name).read_text() for name in ("correct.py", "wrong_tanh_gate.py")]

    bp = set(boilerplate.tolist())

    def runs(text):  # ({token where a kept run starts: its hash}, the tokens no boilerplate run covers)
        hashes = run_hashes(token_ids(normalised_tokens(text)[0])).tolist()
        kata = {token for start, value in enumerate(hashes) if value in bp
                for token in range(start, start + RUN_TOKENS)}
        tokens = set(range(len(hashes) + RUN_TOKENS - 1)) if hashes else set()
        return {start: value for start, value in enumerate(hashes) if value not in bp}, tokens - kata

    def tokens_covered(starts, own):
        return len({token for start in starts for token in range(start, start + RUN_TOKENS)} & own)

    for a in texts:
        for b in texts:
            (runs_a, own_a), (runs_b, own_b) = runs(a), runs(b)
            shared_a = [start for start, value in runs_a.items() if value in set(runs_b.values())]
            shared_b = [start for start, value in runs_b.items() if value in set(runs_a.values())]
            expected = (tokens_covered(shared_a, own_a),
                        tokens_covered(shared_a, own_a) / max(tokens_covered(runs_a, own_a), 1),
                        tokens_covered(shared_b, own_b) / max(tokens_covered(runs_b, own_b), 1))
            assert similarity(compact(a, boilerplate), compact(b, boilerplate)) == pytest.approx(expected)
            found = match(a, b, boilerplate)
            assert (found.overlap, found.similarity_a, found.similarity_b) == pytest.approx(expected)


def test_the_html_note_sets_the_starter_command_as_code(tmp_path):
    from judge.classreport.html import render_html

    shutil.copy(LOOKALIKES / "copied_original.py", tmp_path / "a.py")
    shutil.copy(LOOKALIKES / "copied_renamed.py", tmp_path / "b.py")
    page = render_html(build_report([write_log(tmp_path / "r.jsonl", [record("a.py", 100.0), record("b.py", 100.0)])],
                                    root=tmp_path))
    assert "<code>judge init se_block</code>" in page and "`judge init" not in page
