"""Generated cases: hypothesis draws them from the ranges in problem.yaml.

Drawing happens twice, with the same seed. `draw_cases` records the first
`examples` inputs without running anything, so every one is graded and scored.
When some fail, `shrink_failure` replays the same search with the failing check
inside, and hypothesis shrinks the first failure to a minimal input.
"""

from __future__ import annotations

import contextlib
import math
import time
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, Verbosity, given, seed as hypothesis_seed, settings
from hypothesis import strategies as st

from judge.cases.arrays import ArraySpec
from judge.cases.model import Case
from judge.spec.generated import ArrayDraw, IntDraw, NumberRange
from judge.spec.problem import ArrayInput, Problem

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
            params[name] = st.floats(value.minimum, value.maximum).map(lambda v: round(v, FLOAT_DIGITS) + 0.0)  # + 0.0 turns -0.0 into 0.0
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


def draw_cases(problem: Problem, seed: int, examples: int) -> list[Case]:
    """The first `examples` distinct generated inputs for this seed, in hypothesis' order."""
    drawn: list[dict[str, Any]] = []
    if examples == 0:
        return []

    # Hypothesis repeats some inputs; drawing a few times more than needed still costs
    # well under a second and leaves `examples` distinct ones.
    @hypothesis_seed(seed)
    @_settings(examples * 3, (Phase.generate,))
    @given(case_strategy(problem))
    def record(args: dict[str, Any]) -> None:
        if len(drawn) < examples and args not in drawn:
            drawn.append(args)

    with only_hypothesis_own_constants():
        record()
    width = len(str(len(drawn)))
    return [_to_case(problem, args, f"gen-{i + 1:0{width}d}") for i, args in enumerate(drawn)]


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
