"""Generated cases kept on disk: drawing 100 of them with hypothesis costs ~0.8 s of CPU.

The draw is a pure function of the problem's inputs and `generated:` section, the
seed, the number of examples and the drawing code, so its result is stored under a
hash of exactly those (problem.yaml as a whole stands for the first two) and of the
hypothesis version; a draw that turned cases down (`keep`) also under the files that
decided it (the reference and the trivial blocks). Each file carries a digest of its contents and is ignored when
it does not verify. JUDGE_NO_SPEEDUPS=1 bypasses it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable
from importlib.metadata import version

from judge.base.cache import cache_dir, cache_key, write_atomically
from judge.base.speedups import SpeedUps
from judge.problem.arrays import ArraySpec
from judge.problem.case import Case
from judge.problem.model import Problem

FORMAT = 3  # 2: drawn without hypothesis' local constants; 3: spread evenly over the palette
DRAWING_CODE = (Path(__file__).with_name("generated.py"), Path(__file__).parents[1] / "problem" / "arrays.py")


def draw_cases(problem: Problem, seed: int, examples: int, keep: Callable[[Case], bool] | None = None,
               keep_sources: tuple[Path, ...] = ()) -> list[Case]:
    """The generated cases for this seed (`judge.cases.generated.draw_fresh`), from the disk when drawn before.

    `keep_sources` are the files `keep`'s answers depend on. Hypothesis is imported only
    on a miss: a grade that needs no new draw and no shrinking never pays for importing it.
    """
    cached = SpeedUps.from_environment().caches
    if cached:
        path = cache_dir() / "drawn" / f"{_key(problem, seed, examples, keep_sources)}.json"
        stored = _load(path)
        if stored is not None:
            return stored
    from judge.cases import generated

    cases = generated.draw_fresh(problem, seed, examples, keep)
    if cached:
        _store(path, cases)
    return cases


def _key(problem: Problem, seed: int, examples: int, keep_sources: tuple[Path, ...] = ()) -> str:
    return cache_key(f"drawn-{FORMAT}", version("hypothesis"), str(seed), str(examples),
                     *[source.read_bytes() for source in (problem.directory / "problem.yaml", *DRAWING_CODE,
                                                          *keep_sources)])


def _encode(case: Case) -> dict:
    args = [[name, {"shape": list(v.shape), "fill": v.fill, "params": [list(p) for p in v.params]}
             if isinstance(v, ArraySpec) else v] for name, v in case.args]
    return {"id": case.id, "args": args}


def _decode(item: dict) -> Case:
    args = tuple((name, ArraySpec(tuple(v["shape"]), v["fill"], tuple((k, p) for k, p in v["params"]))
                  if isinstance(v, dict) else v) for name, v in item["args"])
    return Case(id=item["id"], kind="generated", args=args)


def _content_digest(items: list) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()


def _load(path: Path) -> list[Case] | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored["digest"] != _content_digest(stored["cases"]):
            return None
        return [_decode(item) for item in stored["cases"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(path: Path, cases: list[Case]) -> None:
    """Write atomically; failing to write only costs a new draw next time."""
    items = [_encode(case) for case in cases]
    try:
        write_atomically(path, json.dumps({"cases": items, "digest": _content_digest(items)}).encode())
    except OSError:
        pass
