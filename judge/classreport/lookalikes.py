"""Submissions of one kata whose code is suspiciously alike: pairs, clusters, matching regions.

This is evidence for a person to look at, never a verdict: two students may share an
idea from the same lecture, and one may have helped the other honestly. The report says so.

How pairs are found, in bounded memory for thousands of files:
1. each file is tokenised (tokens.py: names the student chose become V, comments and layout
   go) and kept only as the sorted hashes of its runs of tokens (fingerprints.py), minus the
   kata's boilerplate (starter and reference, the latter also without its docstrings and
   annotations);
2. a hash held by many submissions is the class's common idiom, not copying (like MOSS's
   -m option), and is dropped as boilerplate too;
3. an inverted index (every remaining hash, sorted, with the files holding it) gives each
   file the later files it shares hashes with; the pairs that share a good part of them are
   measured, and flagged when enough of one's code is found in the other; only the listed
   pairs are re-read, for their matching regions.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

from judge.classreport.fingerprints import RUN_TOKENS, Compact, Match, boilerplate_hashes, compact, match, similarity
from judge.classreport.sources import SourceReader

# A pair is listed when at least half of one file's own code (the tokens no run of the starter
# or the reference covers, see fingerprints.py) is found in the other, in runs covering at least
# two run lengths of own tokens (about two lines that at most COMMON_OVER students wrote).
# Counting run-covered tokens instead gave pairs on the reference's code: submissions/se_block/correct.py
# and wrong_tanh_gate.py (the reference give or take a line) shared 31 tokens through runs that
# straddle the reference's code and the changed line; they share 4 own tokens. Chosen on the
# benchmark's synthetic class of 5,000 (seed 18): its chance pairs share at most 19 own tokens.
FLAG_SIMILARITY = 0.5
MIN_OVERLAP = 2 * RUN_TOKENS
# A hash held by more than this many submissions is common idiom (MOSS drops passages found in
# more than 10 files by default). A fixed count, not a share of the class: in a class of 5,000,
# 5 % (250 students) let whole combinations of common idioms count as a pair's own code, and
# gave 220 chance pairs. The cost: more than 10 copies of one solution are not listed.
COMMON_OVER = 10
# Pairs sharing less than a quarter of the smaller file's hashes cannot reach FLAG_SIMILARITY
# in practice and are not compared at all.
PREFILTER = 0.25
SHOWN_PAIRS = 500  # pairs listed in the report; the count of the rest is given
CODE_CHARS = 20_000  # of each listed file's code shown in the HTML report


@dataclass(frozen=True)
class Pair:
    problem: str
    a: str
    b: str
    match: Match
    lines_a: tuple[tuple[int, int], ...]  # (first, last) lines of a that match b, 1-based
    lines_b: tuple[tuple[int, int], ...]

    @property
    def similarity(self) -> float:
        return max(self.match.similarity_a, self.match.similarity_b)


@dataclass(frozen=True)
class ProblemLookAlikes:
    problem: str
    compared: int  # files fingerprinted
    boilerplate: str  # what was removed as boilerplate, or why nothing was
    common_over: int  # hashes held by more submissions than this were dropped as common idiom
    pairs: tuple[Pair, ...]  # most similar first, at most SHOWN_PAIRS
    more_pairs: int  # flagged pairs not listed
    clusters: tuple[tuple[str, ...], ...]  # groups of 3 or more linked by flagged pairs, largest first


@dataclass(frozen=True)
class LookAlikes:
    problems: tuple[ProblemLookAlikes, ...]
    unread: tuple[tuple[str, str], ...]  # (path, why it was not compared)
    code: dict[str, str]  # source of every file in a listed pair (cut at CODE_CHARS) for the HTML report


def find_lookalikes(paths_by_problem: dict[str, list[str]], reader: SourceReader) -> LookAlikes:
    problems, unread, code = [], [], {}
    for problem in sorted(paths_by_problem):
        texts, note = kata_boilerplate(problem)
        boilerplate = boilerplate_hashes(texts)
        files: list[tuple[str, Compact]] = []
        for path in paths_by_problem[problem]:
            source = reader.read(path)
            if source.text is None:
                unread.append((path, source.reason))
            else:
                files.append((path, compact(source.text, boilerplate)))
        found = _flagged_pairs(problem, files, boilerplate, reader)
        problems.append(ProblemLookAlikes(problem, len(found.compared), note, found.common_over,
                                          tuple(found.pairs), found.more, _clusters(found.pairs)))
        for pair in found.pairs[:SHOWN_PAIRS]:
            for path in (pair.a, pair.b):
                if path not in code:
                    code[path] = (reader.read(path).text or "")[:CODE_CHARS]
    return LookAlikes(tuple(problems), tuple(unread), code)


def kata_boilerplate(problem_id: str) -> tuple[list[str], str]:
    """The kata's starter file and reference solution, and a note on what they are."""
    from judge.base.errors import JudgeError
    from judge.practice.starter import render_starter
    from judge.problem.find import resolve_problem

    try:
        problem = resolve_problem(problem_id)
        reference = problem.reference.read_text(encoding="utf-8")
    except (JudgeError, OSError, UnicodeDecodeError) as exc:
        return [], (f"kata {problem_id} is not found here ({exc}); its starter and reference were not removed, "
                    "so the skeleton every solution shares counts as similarity (set JUDGE_PROBLEMS_DIR)")
    return ([render_starter(problem, f"{problem.id}.py"), reference, *_bare(reference)],
            f"the starter of `judge init {problem.id}` and the reference solution")


def _bare(code: str) -> list[str]:
    """The reference without docstrings and type annotations, as most students write it.

    Fingerprints are runs of 25 tokens: an annotation or a docstring in the reference breaks
    every run across it, so a student's unannotated copy of those lines kept them as its own.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.returns = None
            for argument in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                argument.annotation = None
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                node.body = node.body[1:] or [ast.Pass()]
    return [ast.unparse(tree)]


@dataclass
class _Found:
    compared: list[str]
    common_over: int
    pairs: list[Pair]  # the listed ones, at most SHOWN_PAIRS
    more: int = 0  # flagged beyond those


def _flagged_pairs(problem: str, files: list[tuple[str, Compact]], boilerplate: np.ndarray,
                   reader: SourceReader) -> _Found:
    common_over = COMMON_OVER
    found = _Found([path for path, _ in files], common_over, [])
    if len(files) < 2:
        return found
    distinct = [np.unique(prints.hashes) for _, prints in files]
    every = np.concatenate(distinct)
    owner = np.repeat(np.arange(len(files)), [len(hashes) for hashes in distinct])
    values, counts = np.unique(every, return_counts=True)
    common = values[counts > common_over]
    kept = ~np.isin(every, common)
    order = np.argsort(every[kept], kind="stable")
    sorted_hashes, sorted_owner = every[kept][order], owner[kept][order]
    sizes = np.bincount(owner[kept], minlength=len(files))
    files = [(path, prints.without(common)) for path, prints in files]
    flagged = []
    for first, (path, prints) in enumerate(files):
        for second, shared in _partners(first, np.unique(prints.hashes), sorted_hashes, sorted_owner):
            if shared < 2 or shared < PREFILTER * min(sizes[first], sizes[second]):
                continue
            overlap, similarity_a, similarity_b = similarity(prints, files[second][1])
            if overlap >= MIN_OVERLAP and max(similarity_a, similarity_b) >= FLAG_SIMILARITY:
                flagged.append((-max(similarity_a, similarity_b), path, files[second][0]))
    flagged.sort()
    # Only the listed pairs are tokenised again, with each token's place, for their matching regions.
    for _, a, b in flagged[:SHOWN_PAIRS]:
        code_a, code_b = reader.read(a).text or "", reader.read(b).text or ""
        result = match(code_a, code_b, boilerplate, common)
        found.pairs.append(Pair(problem, a, b, result, line_ranges(code_a, result.spans_a),
                                line_ranges(code_b, result.spans_b)))
    found.pairs.sort(key=lambda pair: (-pair.similarity, pair.a, pair.b))
    found.more = len(flagged) - len(found.pairs)
    return found


def _partners(first: int, mine: np.ndarray, sorted_hashes: np.ndarray, sorted_owner: np.ndarray):
    """(file index, shared hashes) for every later file sharing a hash with file `first`."""
    left = np.searchsorted(sorted_hashes, mine, "left")
    lengths = np.searchsorted(sorted_hashes, mine, "right") - left
    if not lengths.sum():
        return []
    starts = np.repeat(left - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    holders = sorted_owner[starts + np.arange(lengths.sum())]
    partners, shared = np.unique(holders[holders > first], return_counts=True)
    return zip(partners.tolist(), shared.tolist())


def _clusters(pairs: list[Pair]) -> tuple[tuple[str, ...], ...]:
    """Groups of three or more submissions joined by flagged pairs (connected components)."""
    parent: dict[str, str] = {}

    def root(path: str) -> str:
        parent.setdefault(path, path)
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    for pair in pairs:
        parent[root(pair.a)] = root(pair.b)
    groups: dict[str, list[str]] = {}
    for path in parent:
        groups.setdefault(root(path), []).append(path)
    found = [tuple(sorted(group)) for group in groups.values() if len(group) >= 3]
    return tuple(sorted(found, key=lambda group: (-len(group), group)))


def line_ranges(code: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """The character spans of `code` as (first, last) line numbers, 1-based, merged when adjacent."""
    ranges: list[list[int]] = []
    for start, end in spans:
        first = code.count("\n", 0, start) + 1
        last = code.count("\n", 0, max(start, end - 1)) + 1
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1][1] = max(ranges[-1][1], last)
        else:
            ranges.append([first, last])
    return tuple((first, last) for first, last in ranges)


def describe_lines(ranges: tuple[tuple[int, int], ...]) -> str:
    """`lines 3-9, 14` for a reader."""
    if not ranges:
        return "no lines"
    parts = [str(first) if first == last else f"{first}–{last}" for first, last in ranges]
    return ("line " if len(parts) == 1 and "–" not in parts[0] else "lines ") + ", ".join(parts)
