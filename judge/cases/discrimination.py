"""Cases that test something: a case a block doing none of the work passes is worth nothing.

A problem lists its trivial blocks in problem.yaml (`trivial_blocks`: for the SE katas the
identity, `x * 0.5` and zeros; `x * 0.5` is what the reference itself returns when its
whole hidden layer is dead). A case on which one of them matches the reference within the
case's tolerance cannot tell a solution from it:

- generated cases: the draw turns such a case down and draws another of the same shape
  (`draw_graded_cases`, deterministic from the seed, cached with the draw);
- fixed cases: `judge validate` names them (`non_discriminating_cases`), and fails.

Trivial blocks are trusted files of the problem, run in the judge's process like the
reference; the reference's answers computed here go to the same cache the grade reads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np

from judge.cases.expected import ExpectedOutputs
from judge.cases.reference import compile_ahead, configure_jax, shared_reference
from judge.cases.signatures import warmup_cases
from judge.problem.case import Case, materialise_args
from judge.problem.implementation import load_function
from judge.problem.model import Problem


class TrivialBlocks:
    """The problem's trivial blocks, and which of them pass a case."""

    def __init__(self, problem: Problem, expected: ExpectedOutputs):
        self._problem = problem
        self._expected = expected
        self._blocks = [(path.stem, load_function(path, problem.entry_point)) for path in problem.trivial_blocks]

    def passing(self, case: Case) -> list[str]:
        """Names of the trivial blocks whose output matches the reference's on `case`."""
        if not self._blocks:
            return []
        expected = self._expected.get(case)
        tolerance = self._expected.tolerance(case)
        args = materialise_args(case, self._problem.array_dtypes)
        if self._problem.array_module == "jax":
            import jax.numpy as jnp

            args = [jnp.asarray(v) if isinstance(v, np.ndarray) else v for v in args]
        names = []
        for name, block in self._blocks:
            try:
                got = np.asarray(block(*args))
            except Exception:  # noqa: BLE001 - a trivial block that cannot run this case does not pass it
                continue
            if got.shape == expected.shape and got.dtype.kind == "f" and np.allclose(
                    got.astype(np.float64), expected.astype(np.float64), rtol=tolerance.rtol, atol=tolerance.atol):
                names.append(name)
        return names


def draw_graded_cases(problem: Problem, seed: int, examples: int,
                      say: Callable[[str], None] | None = None) -> list[Case]:
    """The generated cases a grade uses: drawn evenly over the palette, none a trivial block passes.

    JAX and the reference are started only when the draw is not on disk already; then the
    reference is first compiled for every signature a grade uses, on every core, and `say`
    (as for `judge.prepare.compile_cache.runner_cache_for`) hears what is being done.
    """
    from judge.cases.drawn_cache import draw_cases

    if not problem.trivial_blocks:
        return draw_cases(problem, seed, examples)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        started: list[tuple[ExpectedOutputs, TrivialBlocks]] = []

        def keep(case: Case) -> bool:
            if not started:
                configure_jax()  # import JAX here first: two threads importing it at once can break the import
                expected = ExpectedOutputs(problem, pool, [])
                started.append((expected, TrivialBlocks(problem, expected)))
                _compile_reference_ahead(problem, say)
            return not started[0][1].passing(case)

        try:
            return draw_cases(problem, seed, examples, keep=keep,
                              keep_sources=(problem.reference, *problem.trivial_blocks))
        finally:
            if started:
                started[0][0].save()


def _compile_reference_ahead(problem: Problem, say: Callable[[str], None] | None) -> None:
    cases = warmup_cases(problem)
    if say:
        say(f"drawing the generated cases for {problem.id} (once per machine, seed and version): "
            f"compiling the reference for the {len(cases)} shapes a grade uses")
    compile_ahead(problem, shared_reference(problem), cases, problem.tolerance.float64_margin > 0,
                  getattr(say, "step", None))


def non_discriminating_cases(problem: Problem) -> list[tuple[str, list[str]]]:
    """(case id, trivial blocks passing it) for each fixed case a trivial block passes."""
    if not problem.trivial_blocks:
        return []
    configure_jax()  # import JAX here first: two threads importing it at once can break the import
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        expected = ExpectedOutputs(problem, pool, list(problem.cases))
        trivial = TrivialBlocks(problem, expected)
        found = [(case.id, names) for case in problem.cases if (names := trivial.passing(case))]
        expected.save()
    return found
