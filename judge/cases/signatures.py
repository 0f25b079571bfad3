"""The distinct calls a grade makes: one per (array shapes, static values).

JAX compiles a program per call signature, so these are what anything that prepares
compiled programs ahead of a grade walks over: the runner's compilation cache and the
judge's own reference.
"""

from __future__ import annotations

import itertools

from judge.problem.arrays import ArraySpec
from judge.problem.case import Case
from judge.problem.model import ArrayInput, IntInput, Problem


def warmup_cases(problem: Problem) -> list[Case]:
    """One case per distinct (array shapes, static values) a grade can call the entry point with."""
    cases, seen = [], set()
    for case in [*problem.cases, *_palette_cases(problem)]:
        signature = call_signature(problem, case)
        if signature not in seen:
            seen.add(signature)
            cases.append(case)
    return cases


def call_signature(problem: Problem, case: Case) -> tuple:
    """What decides the compiled program: each array's shape and each static int's value."""
    static = {spec.name for spec in problem.inputs if isinstance(spec, IntInput) and spec.static}
    return tuple(value.shape if isinstance(value, ArraySpec) else (value if name in static else None)
                 for name, value in case.args)


def _palette_cases(problem: Problem) -> list[Case]:
    """Zero-filled cases for every palette entry and every combination of its listed ints."""
    cases = []
    for number, entry in enumerate(problem.generated.palette):
        dims = {name: values[0] for name, values in entry.items() if len(values) == 1}
        listed = [spec.name for spec in problem.inputs if isinstance(spec, IntInput) and spec.name in entry]
        for values in itertools.product(*(entry[name] for name in listed)):
            bound = {**dims, **dict(zip(listed, values))}
            args = []
            for spec in problem.inputs:
                if isinstance(spec, ArrayInput):
                    args.append((spec.name, ArraySpec(tuple(dims[d] for d in spec.dims), "zeros")))
                elif spec.name in bound:
                    args.append((spec.name, bound[spec.name]))
                else:  # a traced int: its value does not change the program
                    args.append((spec.name, problem.generated.draws[spec.name].minimum.evaluate(dims)))
            cases.append(Case(id=f"warmup-{number}-{'-'.join(map(str, values))}", kind="generated", args=tuple(args)))
    return cases
