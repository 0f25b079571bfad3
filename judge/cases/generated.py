"""Generated cases: hypothesis draws them from the ranges in problem.yaml.

Drawing happens twice, with the same seed. `draw_fresh` records the first
`examples` inputs, so every one is graded and scored. Their shapes and static ints
cycle through every combination the palette offers, each in a shuffled order per round,
so every combination is drawn about equally often (hypothesis' own choice of an
entry favours the first, the smallest); a `keep` predicate may turn a draw down (one
that tests nothing), and the same combination is drawn again. When some fail,
`shrink_failure` replays a search over the whole palette with the failing check
inside, and hypothesis shrinks the first failure to a minimal input.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import random
import time
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, Verbosity, given, seed as hypothesis_seed, settings
from hypothesis import strategies as st

from judge.problem.arrays import ArraySpec
from judge.problem.case import Case
from judge.problem.model import ArrayDraw, ArrayInput, IntDraw, NumberRange, Problem

# Floats are rounded so a minimal example reads well and replays exactly from its text.
FLOAT_DIGITS = 3


def case_strategy(problem: Problem) -> st.SearchStrategy[dict[str, Any]]:
    """Argument dicts (input name -> int or ArraySpec) following problem.generated.

    Hypothesis shrinks a choice toward index 0, so palette entries are offered smallest
    first: a shrunk failure then has the smallest shape that still fails.
    """
    entries = sorted(problem.generated.palette, key=lambda entry: math.prod(v[0] for v in entry.values()))
    return _pick(entries).flatmap(lambda entry: _args_for_entry(problem, entry))


def _pick(values):
    """Like sampled_from, but always one choice, even for one value: without it an entry
    with fewer listed values looks "simpler" to the shrinker than a smaller entry."""
    values = list(values)
    return st.integers(0, len(values) - 1).map(values.__getitem__)


def _args_for_entry(problem: Problem, entry: dict[str, tuple[int, ...]]) -> st.SearchStrategy[dict[str, Any]]:
    dims = {name: values[0] for name, values in entry.items() if len(values) == 1}
    parts = {}
    for spec in problem.inputs:
        if isinstance(spec, ArrayInput):
            shape = tuple(dims[d] for d in spec.dims)
            parts[spec.name] = _array_strategy(problem.generated.draws[spec.name], shape)
        elif spec.name in entry:
            parts[spec.name] = _pick(entry[spec.name])
        else:
            draw: IntDraw = problem.generated.draws[spec.name]
            parts[spec.name] = st.integers(draw.minimum.evaluate(dims), draw.maximum.evaluate(dims))
    return st.fixed_dictionaries(parts)


def _array_strategy(draw: ArrayDraw, shape: tuple[int, ...]) -> st.SearchStrategy[ArraySpec]:
    params = {}
    for name, value in draw.params:
        if isinstance(value, NumberRange) and value.integer:
            params[name] = st.integers(int(value.minimum), int(value.maximum))
        elif isinstance(value, NumberRange):
            # + 0.0 turns -0.0 into 0.0
            params[name] = st.floats(value.minimum, value.maximum).map(lambda v: round(v, FLOAT_DIGITS) + 0.0)
        else:
            params[name] = st.just(value)
    names = [name for name, _ in draw.params]
    return st.fixed_dictionaries(params).map(
        lambda drawn: ArraySpec(shape, draw.fill, tuple((n, drawn[n]) for n in names))
    )


def _settings(max_examples: int, phases: tuple[Phase, ...]) -> settings:
    # Hypothesis' "ci" profile choices: no example database (nothing written to disk,
    # nothing remembered between grades), no deadline; the seed makes it reproducible.
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=phases,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        verbosity=Verbosity.quiet,  # hypothesis must never print into the judge's report
    )


def _to_case(problem: Problem, args: dict[str, Any], case_id: str) -> Case:
    return Case(id=case_id, kind="generated", args=tuple((name, args[name]) for name in problem.arg_names))


@contextlib.contextmanager
def only_hypothesis_own_constants():
    """Keep hypothesis from mixing constants found in our own source into its draws.

    Hypothesis (6.1xx) now and then draws a literal it found in the "local" modules
    imported so far: for an editable install, every module of the judge and the
    problem's probes. Generated cases then changed whenever the judge's code changed,
    depended on which modules happened to be imported, and differed between an
    editable and a regular install: scores were not reproducible. Its own, fixed
    table of interesting values stays. A hypothesis without this hook has no such
    feature to switch off (tests/unit/test_generated.py notices if the hook moves).
    """
    from hypothesis.internal.conjecture import providers

    original = getattr(providers, "_get_local_constants", None)
    if original is None:
        yield
        return
    nothing = type(providers._local_constants)()
    providers._get_local_constants = lambda: nothing
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()


# Draws of one combination per case wanted from it: `keep` may turn many down, and a
# combination on which almost nothing discriminates must not stall the draw.
ATTEMPTS_PER_CASE = 12


def palette_combinations(problem: Problem) -> list[dict[str, tuple[int, ...]]]:
    """Every palette entry split into one entry per combination of its listed values."""
    combinations = []
    for entry in problem.generated.palette:
        names = list(entry)
        for values in itertools.product(*(entry[name] for name in names)):
            combinations.append({name: (value,) for name, value in zip(names, values)})
    return combinations


def _plan(count: int, seed: int, slots: int) -> list[int]:
    """`slots` combination indices: rounds of all of them, each round in an order shuffled from the seed."""
    shuffle = random.Random(seed)
    plan: list[int] = []
    while len(plan) < slots:
        round_ = list(range(count))
        shuffle.shuffle(round_)
        plan += round_
    return plan[:slots]


def draw_fresh(problem: Problem, seed: int, examples: int,
               keep: Callable[[Case], bool] | None = None) -> list[Case]:
    """`examples` distinct generated inputs for this seed, spread evenly over the palette's combinations.

    `keep` turns down a drawn case (e.g. one that tests nothing): another is drawn from the
    same combination. A combination that cannot give its share leaves its slots to the next
    round's. The result depends only on the problem, the seed, `examples` and `keep`'s answers.
    """
    if examples == 0:
        return []
    combinations = palette_combinations(problem)
    plan = _plan(len(combinations), seed, examples + len(combinations))
    wanted = [plan.count(index) for index in range(len(combinations))]
    pools = [_draw_from(problem, combination, seed, count, keep) for combination, count in zip(combinations, wanted)]
    drawn: list[dict[str, Any]] = []
    for index in plan:
        if len(drawn) == examples:
            break
        if pools[index]:
            drawn.append(pools[index].pop(0))
    width = len(str(len(drawn)))
    return [_to_case(problem, args, f"gen-{i + 1:0{width}d}") for i, args in enumerate(drawn)]


def _draw_from(problem: Problem, combination: dict, seed: int, count: int,
               keep: Callable[[Case], bool] | None) -> list[dict[str, Any]]:
    """Up to `count` distinct kept inputs of one combination, in hypothesis' order."""
    drawn: list[dict[str, Any]] = []
    if count == 0:
        return drawn
    # Hypothesis begins every search with its simplest example (every range at its low end),
    # whatever the seed: with one search per combination, every grade would share those.
    first = [True]

    @hypothesis_seed(seed)
    @_settings(count * ATTEMPTS_PER_CASE, (Phase.generate,))
    @given(_args_for_entry(problem, combination))
    def record(args: dict[str, Any]) -> None:
        if first[0]:
            first[0] = False
            return
        if len(drawn) >= count:
            raise _Enough  # hypothesis has no other way to stop a search early
        if args not in drawn and (keep is None or keep(_to_case(problem, args, "candidate"))):
            drawn.append(args)

    with only_hypothesis_own_constants():
        try:
            record()
        except _Enough:
            pass
    return drawn[:count]


class _Enough(Exception):
    """Raised inside a search once it has drawn all it needs."""


def shrink_failure(
    problem: Problem, seed: int, examples: int, fails: Callable[[Case], bool], budget_s: float
) -> Case | None:
    """Re-run the search with `fails` as the property; return the smallest failing case seen.

    Past `budget_s` every candidate counts as passing, which ends shrinking early
    with the best failure found so far.
    """
    failures: list[Case] = []
    stop_at = time.monotonic() + budget_s

    @hypothesis_seed(seed)
    @_settings(examples, (Phase.generate, Phase.shrink))
    @given(case_strategy(problem))
    def prop(args: dict[str, Any]) -> None:
        if time.monotonic() > stop_at:
            return
        case = _to_case(problem, args, "gen-minimal")
        if fails(case):
            failures.append(case)
            raise AssertionError(case.id)

    try:
        with only_hypothesis_own_constants():
            prop()
    except Exception:  # noqa: BLE001 - hypothesis re-raises the failure (or reports flakiness); we only want the case
        pass
    return min(failures, key=_size) if failures else None


def _size(case: Case) -> tuple:
    """Smaller means easier to read: fewer array elements first, then smaller ints."""
    elements = sum(math.prod(v.shape) for _, v in case.args if isinstance(v, ArraySpec))
    ints = sum(abs(v) for _, v in case.args if isinstance(v, int))
    return elements, ints, len(case.as_yaml_flow())
