"""`--shard K/N`: the K-th of N disjoint parts of a batch, for CI matrices.

The split is round-robin over the sorted paths: shard K takes the paths at sorted
positions K-1, K-1+N, K-1+2N, ... Every machine of a matrix that is given the same
PATH arguments on the same checkout computes the same list, so the N shards are
disjoint, their union is the whole batch, and their sizes differ by at most one.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass


@dataclass(frozen=True)
class Shard:
    index: int  # K, 1-based as in a CI matrix `shard: [1, 2, 3]`
    count: int  # N

    def select(self, sorted_paths: list[str]) -> list[str]:
        return sorted_paths[self.index - 1::self.count]

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """argparse type for `K/N` with 1 <= K <= N."""
    index, slash, count = text.partition("/")
    try:
        shard = Shard(int(index), int(count))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected K/N such as 1/4, got {text!r}") from None
    if not slash or shard.count < 1 or not 1 <= shard.index <= shard.count:
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N (e.g. 1/4), got {text!r}")
    return shard
