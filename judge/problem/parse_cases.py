"""Parsing fixed cases (cases.yaml, or one case given on the command line)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from judge.problem.arrays import FILLS, ArraySpec
from judge.problem.case import Case, CaseKind, dims_of
from judge.problem.model import CASE_KEYS, ArrayInput, IntInput, Problem
from judge.problem.yamlfile import Field


def parse_case_list(root: Field, problem: "Problem") -> tuple[Case, ...]:
    """The `cases:` list of a cases.yaml file; ids must be unique and the list non-empty."""
    root.mapping({"cases"}, required={"cases"})
    items = root.child("cases").items()
    if not items:
        raise root.child("cases").fail("the case list is empty; add at least one case")
    cases, seen = [], set()
    for item in items:
        case = parse_case(item, problem, kind="fixed")
        if case.id in seen:
            raise item.child("id").fail("duplicate case id; every id must be unique")
        seen.add(case.id)
        cases.append(case)
    return tuple(cases)


def parse_case(field: Field, problem: "Problem", kind: CaseKind, default_id: str | None = None) -> Case:
    """One case mapping: `id`, each input by name, optional `weight`, `visibility`, `note`."""

    required = set(problem.arg_names) | ({"id"} if default_id is None else set())
    field.mapping(set(problem.arg_names) | CASE_KEYS, required=required)
    case_id = field.child("id").text() if field.has("id") else default_id
    args: list[tuple[str, Any]] = []
    for spec in problem.inputs:
        value_field = field.child(spec.name)
        if isinstance(spec, ArrayInput):
            args.append((spec.name, _parse_array(value_field, len(spec.dims))))
        else:
            args.append((spec.name, value_field.integer()))
    case = Case(
        id=case_id,
        kind=kind,
        args=tuple(args),
        weight=field.child("weight").number(minimum=0) if field.has("weight") else 1.0,
        hidden=((field.child("visibility").text(("visible", "hidden")) == "hidden")
                if field.has("visibility") else False),
        note=field.child("note").text() if field.has("note") else "",
    )
    _check_consistent(case, field, problem)
    return case


def _parse_array(field: Field, rank: int) -> ArraySpec:
    field.mapping({"shape", "fill"} | {p for fill in FILLS.values() for p in fill.params}, required={"shape", "fill"})
    shape_field = field.child("shape")
    shape = tuple(item.integer() for item in shape_field.items())
    if len(shape) != rank:
        raise shape_field.fail(f"expected {rank} dimensions")
    if any(d < 1 for d in shape):
        raise shape_field.fail("dimensions must be >= 1")
    if math.prod(shape) > 1 << 24:
        raise shape_field.fail("too large: keep arrays under 16M elements")
    fill_name = field.child("fill").text(tuple(FILLS))
    fill = FILLS[fill_name]
    params = []
    for key in field.value:
        if key in ("shape", "fill"):
            continue
        if key not in fill.params:
            raise field.child(key).fail(f"fill {fill_name!r} takes: {', '.join(fill.params) or 'no parameters'}",
                                        value=key)
        params.append((key, _param_value(field.child(key), fill.params[key], shape)))
    missing = fill.required - {k for k, _ in params}
    if missing:
        raise field.fail(f"fill {fill_name!r} needs {', '.join(sorted(missing))}", value=field.value.get("fill"))
    return ArraySpec(shape, fill_name, tuple(params))


def _param_value(field: Field, kind: str, shape: tuple[int, ...]) -> Any:
    if kind == "int":
        return field.integer(minimum=0, maximum=2**32 - 1)
    if kind == "number":
        return _finite(field)
    if kind == "numbers":  # a number, or one per position of the last axis
        if isinstance(field.value, list):
            values = [_finite(item) for item in field.items()]
            if len(values) != shape[-1]:
                raise field.fail(f"give one value per position of the last axis ({shape[-1]}) or a single number")
            return tuple(values)
        return _finite(field)
    problem = f"literal values must be numbers nested exactly as the shape {list(shape)}"
    try:
        values = np.asarray(field.value, dtype=object)  # literal nested lists
    except ValueError:  # ragged nesting
        raise field.fail(problem, value="...") from None
    if values.shape != shape or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values.reshape(-1)):
        raise field.fail(problem, value="...")
    return field.value


def _finite(field: Field) -> float:
    value = field.number()
    if not math.isfinite(value):
        raise field.fail("must be a finite number")
    return value


def _check_consistent(case: Case, field: Field, problem: "Problem") -> None:
    """Shared dimension names agree, and int inputs lie in their declared ranges."""

    bindings: dict[str, int] = {}
    for name, value in case.args:
        if isinstance(value, ArraySpec):
            for dim, size in zip(problem.array_dims[name], value.shape):
                if bindings.setdefault(dim, size) != size:
                    raise field.child(name).child("shape").fail(
                        f"dimension {dim} is {bindings[dim]} elsewhere in this case")
    dims = dims_of(case, problem.array_dims)
    for spec in problem.inputs:
        if not isinstance(spec, IntInput):
            continue
        value_field = field.child(spec.name)
        try:
            low = spec.minimum.evaluate(dims) if spec.minimum is not None else None
            high = spec.maximum.evaluate(dims) if spec.maximum is not None else None
        except ValueError as exc:  # a range that divides by zero for this case's shapes
            raise value_field.fail(str(exc)) from None
        if low is not None and value_field.value < low:
            raise value_field.fail(f"must be >= {spec.minimum} (= {low} here)")
        if high is not None and value_field.value > high:
            raise value_field.fail(f"must be <= {spec.maximum} (= {high} here)")
