"""Code fingerprints: hashes of every run of RUN_TOKENS normalised tokens, minus a kata's boilerplate.

The tokens come from tokens.py (names the student chose become V, comments and layout go).
Each run of RUN_TOKENS consecutive tokens is hashed with a polynomial hash over the tokens'
numbers, computed for the whole file at once with numpy. Every run is kept (no winnowing:
a solution here has a few hundred tokens, so keeping all of them costs little and makes a
file's similarity exact rather than sampled). Hashes of the boilerplate are removed before
any comparison, so the skeleton every solution shares does not count as copying.

A file's own tokens are those no boilerplate run covers. Its similarity to another is the
share of its own tokens covered by its runs that runs it shares with the other file also
cover: copydetect's measure, counted in own tokens instead of characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from judge.classreport.tokens import normalised_tokens, token_ids

# One run is about one line of code: the example submissions and references have 8 tokens a
# logical line at the median, 10 on average. A shared run shorter than that is noise.
RUN_TOKENS = 10
_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd, so every power is odd and no token's weight vanishes
_POWERS = np.array([1], dtype=np.uint64)
for _ in range(RUN_TOKENS - 1):
    _POWERS = np.append(_POWERS * _BASE, np.uint64(1))  # BASE^(K-1), ..., BASE, 1


_NOTHING = np.empty(0, dtype=np.uint64)  # no hash excluded


@dataclass(frozen=True)
class Match:
    """How much of two files' fingerprinted code they share, and where."""

    overlap: int  # fingerprinted tokens of the first file found in the second
    similarity_a: float  # share of a's fingerprinted tokens found in b
    similarity_b: float
    spans_a: tuple[tuple[int, int], ...]  # character ranges of a's source that match b
    spans_b: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Compact:
    """All the comparison needs of a file: each run's hash with the token it starts at, by hash."""

    hashes: np.ndarray  # uint64, sorted, repeated when a run occurs twice
    positions: np.ndarray  # int32, the token each run starts at
    own_before: np.ndarray  # int32: own_before[i] = the file's own tokens (see _compact) among tokens 0..i-1

    def without(self, dropped: np.ndarray) -> Compact:
        keep = ~np.isin(self.hashes, dropped)
        return Compact(self.hashes[keep], self.positions[keep], self.own_before)


def run_hashes(ids: np.ndarray) -> np.ndarray:
    """The hash of every run of RUN_TOKENS consecutive token numbers (uint64 arithmetic wraps)."""
    if len(ids) < RUN_TOKENS:
        return np.empty(0, dtype=np.uint64)
    windows = np.lib.stride_tricks.sliding_window_view(ids, RUN_TOKENS)
    return (windows * _POWERS).sum(axis=1, dtype=np.uint64)


def compact(code: str, boilerplate: np.ndarray = _NOTHING) -> Compact:
    """The fingerprint of Python `code`, without the hashes in `boilerplate`."""
    texts, _ = normalised_tokens(code)
    return _compact(run_hashes(token_ids(texts)), boilerplate)


def _compact(hashes: np.ndarray, boilerplate: np.ndarray) -> Compact:
    """The runs not in `boilerplate`, and which tokens are the file's own.

    A token inside any boilerplate run is the kata's, not the student's, even when a run
    that is kept (one straddling the reference's code and a line the student changed) covers
    it: only the student's own tokens are counted, so such straddling runs weigh little.
    """
    positions = np.arange(len(hashes), dtype=np.int32)
    tokens = len(hashes) + RUN_TOKENS - 1 if len(hashes) else 0
    ours = np.ones(tokens, dtype=np.int32)
    if boilerplate.size and tokens:
        in_boilerplate = np.isin(hashes, boilerplate)
        starts = positions[in_boilerplate]
        edges = np.zeros(tokens + 1, dtype=np.int32)
        np.add.at(edges, starts, 1)
        np.add.at(edges, starts + RUN_TOKENS, -1)
        ours = (np.cumsum(edges[:-1]) == 0).astype(np.int32)
        hashes, positions = hashes[~in_boilerplate], positions[~in_boilerplate]
    order = np.argsort(hashes, kind="stable")
    own_before = np.concatenate(([0], np.cumsum(ours))).astype(np.int32)
    return Compact(hashes[order], positions[order], own_before)


def similarity(a: Compact, b: Compact) -> tuple[int, float, float]:
    """(overlap of a in own tokens, share of a's own tokens found in b, share of b's found in a)."""
    shared = np.intersect1d(a.hashes, b.hashes)
    if not shared.size:
        return 0, 0.0, 0.0
    overlap_a = covered(a.positions[np.isin(a.hashes, shared)], a.own_before)
    overlap_b = covered(b.positions[np.isin(b.hashes, shared)], b.own_before)
    return (overlap_a, overlap_a / max(covered(a.positions, a.own_before), 1),
            overlap_b / max(covered(b.positions, b.own_before), 1))


def covered(starts: np.ndarray, own_before: np.ndarray) -> int:
    """How many of the file's own tokens the runs starting at `starts` cover together."""
    if not starts.size:
        return 0
    ordered = np.unique(starts)
    gaps = np.nonzero(np.diff(ordered) > RUN_TOKENS)[0]  # where one stretch of touching runs ends
    first = ordered[np.concatenate(([0], gaps + 1))]
    end = ordered[np.concatenate((gaps, [len(ordered) - 1]))] + RUN_TOKENS
    return int((own_before[end] - own_before[first]).sum())


def boilerplate_hashes(texts: list[str]) -> np.ndarray:
    """Every run hash of the boilerplate files (the starter, the reference), sorted."""
    found = [run_hashes(token_ids(normalised_tokens(text)[0])) for text in texts]
    return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.uint64)


def match(code_a: str, code_b: str, boilerplate: np.ndarray, common: np.ndarray = _NOTHING) -> Match:
    """The comparison of two files, with the character ranges of each that the other shares."""
    sides = []
    for code in (code_a, code_b):
        texts, spans = normalised_tokens(code)
        sides.append((_compact(run_hashes(token_ids(texts)), boilerplate).without(common), spans))
    (a, spans_a), (b, spans_b) = sides
    overlap, similarity_a, similarity_b = similarity(a, b)
    shared = np.intersect1d(a.hashes, b.hashes)
    return Match(overlap, similarity_a, similarity_b, _character_spans(a.positions[np.isin(a.hashes, shared)], spans_a),
                 _character_spans(b.positions[np.isin(b.hashes, shared)], spans_b))


def _character_spans(starts: np.ndarray, token_spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The runs starting at `starts`, merged where they touch, as (start, end) characters of the source."""
    merged: list[list[int]] = []
    for start in np.unique(starts).tolist():
        end = start + RUN_TOKENS - 1  # last token of the run
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((token_spans[first][0], token_spans[last][1]) for first, last in merged)
