"""Code fingerprints with copydetect (winnowing over tokenised code), minus a kata's boilerplate.

copydetect tokenises Python with pygments and replaces every name by V, every function
name by F, every class name by O and every string by S, dropping comments and whitespace:
renaming variables, reformatting or rewording comments changes nothing. It then hashes
every run of NOISE_CHARS such characters. Hashes of the boilerplate (the kata's starter
file and reference solution, and what the class has in common) are removed before any
comparison, so the skeleton every solution shares does not count as copying.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

# copydetect's default noise threshold: a common run shorter than 25 tokenised characters
# (about one line of code) is noise. Every run that long is hashed (window 1, copydetect's
# default guarantee threshold): the same files give the same similarity on every run.
NOISE_CHARS = 25
WINDOW = 1


@dataclass(frozen=True)
class Match:
    """How much of two files' fingerprinted code they share, and where."""

    overlap: int  # tokenised characters of the first file found in the second
    similarity_a: float  # share of a's fingerprinted code found in b
    similarity_b: float
    spans_a: tuple[tuple[int, int], ...]  # character ranges of a's source that match b
    spans_b: tuple[tuple[int, int], ...]


def fingerprint(code: str, excluded: frozenset[int] = frozenset()):
    """copydetect's fingerprint of Python `code`, without the hashes in `excluded`."""
    from copydetect import CodeFingerprint
    from copydetect.utils import get_token_coverage

    # `fp` hands copydetect the text we read (it never opens the file); the name only tells
    # it the language, which `language` fixes anyway, whatever the submission is called.
    found = CodeFingerprint("submission.py", NOISE_CHARS, WINDOW, language="python", fp=io.StringIO(code))
    # Removed here rather than through copydetect's `boilerplate` argument, which keeps one
    # copy of a boilerplate run that occurs twice in a file.
    dropped = found.hashes & excluded
    if dropped:
        found.hashes -= dropped
        for value in dropped:
            del found.hash_idx[value]
        found.token_coverage = get_token_coverage(found.hash_idx, found.k, len(found.filtered_code))
    return found


@dataclass(frozen=True)
class Compact:
    """All the comparison needs of a file: each fingerprint hash with where it starts, by hash."""

    hashes: np.ndarray  # int64, sorted, repeated when a run occurs twice
    positions: np.ndarray  # int32, where each starts in the tokenised code

    def without(self, dropped: np.ndarray) -> "Compact":
        keep = ~np.isin(self.hashes, dropped)
        return Compact(self.hashes[keep], self.positions[keep])


def compact(code: str, excluded: frozenset[int] = frozenset()) -> Compact:
    found = fingerprint(code, excluded)
    pairs = sorted((int(value), int(position)) for value, where in found.hash_idx.items() for position in where)
    return Compact(np.array([v for v, _ in pairs], dtype=np.int64), np.array([p for _, p in pairs], dtype=np.int32))


def similarity(a: Compact, b: Compact) -> tuple[int, float, float]:
    """copydetect's (overlap of a, similarity of a, similarity of b), computed from the compact forms.

    As in `copydetect.compare_files`: a file's matched code is the union of the runs starting
    where a shared hash does, its fingerprinted code the union of all its runs.
    """
    shared = np.intersect1d(a.hashes, b.hashes)
    if not shared.size:
        return 0, 0.0, 0.0
    overlap_a = _covered(a.positions[np.isin(a.hashes, shared)])
    overlap_b = _covered(b.positions[np.isin(b.hashes, shared)])
    return overlap_a, overlap_a / max(_covered(a.positions), 1), overlap_b / max(_covered(b.positions), 1)


def _covered(starts: np.ndarray) -> int:
    """How many characters the runs of NOISE_CHARS starting at `starts` cover together."""
    if not starts.size:
        return 0
    ordered = np.unique(starts)
    return int(np.minimum(np.diff(ordered), NOISE_CHARS).sum()) + NOISE_CHARS


def boilerplate_hashes(texts: list[str]) -> frozenset[int]:
    """Every hash of the boilerplate files (the starter, the reference)."""
    found: set[int] = set()
    for text in texts:
        found |= fingerprint(text).hashes
    return frozenset(found)


def match(a, b) -> Match:
    """copydetect's comparison of two fingerprints, as plain character spans."""
    from copydetect import compare_files

    overlap, (similarity_a, similarity_b), (slices_a, slices_b) = compare_files(a, b)
    return Match(int(overlap), float(similarity_a), float(similarity_b),
                 _spans(slices_a, len(a.raw_code)), _spans(slices_b, len(b.raw_code)))


def _spans(slices: np.ndarray, length: int) -> tuple[tuple[int, int], ...]:
    """copydetect's 2 x N start/end array as sorted, merged (start, end) pairs within the text."""
    if slices.size == 0:
        return ()
    spans: list[list[int]] = []
    for start, end in sorted(zip(slices[0].tolist(), slices[1].tolist())):
        start, end = max(0, int(start)), min(length, int(end))
        if end <= start:
            continue
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return tuple((start, end) for start, end in spans)
