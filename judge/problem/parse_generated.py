"""Parsing the `generated:` section of problem.yaml.

Generated cases take their shapes from a small palette (JAX compiles once per
distinct shape, so a palette keeps a grade fast) and draw everything else (seeds,
array contents) from declared ranges.
"""

from __future__ import annotations

from typing import Any

from judge.problem.arrays import FILLS
from judge.problem.expr import parse_expr
from judge.problem.model import ArrayDraw, ArrayInput, GeneratedSpec, IntDraw, IntInput, NumberRange, Problem
from judge.problem.yamlfile import Field


def parse_generated(field: Field, problem: "Problem") -> "GeneratedSpec":

    field.mapping({"examples", "palette", "draws"}, required={"examples", "palette", "draws"})
    examples = field.child("examples").integer(minimum=1, maximum=10_000)
    dims = {d for spec in problem.inputs if isinstance(spec, ArrayInput) for d in spec.dims}
    ints = {spec.name for spec in problem.inputs if not isinstance(spec, ArrayInput)}
    palette_field = field.child("palette")
    palette = tuple(_parse_palette_entry(item, dims, ints) for item in palette_field.items())
    if not palette:
        raise palette_field.fail("list at least one palette entry binding every dimension")
    draws_field = field.child("draws")
    draws_field.mapping({spec.name for spec in problem.inputs})
    draws: dict[str, Any] = {}
    for spec in problem.inputs:
        if not isinstance(spec, ArrayInput) and all(spec.name in entry for entry in palette):
            continue  # every entry binds it
        if not draws_field.has(spec.name):
            raise draws_field.fail(f"say how to draw input {spec.name!r} (or bind it in every palette entry)",
                                   value=sorted(draws_field.value or {}))
        child = draws_field.child(spec.name)
        draws[spec.name] = _parse_array_draw(child) if isinstance(spec, ArrayInput) else _parse_int_draw(child, dims)
    for index, entry in enumerate(palette):
        _check_entry_ranges(palette_field.child(index), draws_field, entry, draws, problem)
    return GeneratedSpec(examples, palette, draws)


def _check_entry_ranges(entry_field: Field, draws_field: Field, entry: dict, draws: dict, problem: "Problem") -> None:
    """Every int a palette entry can produce lies in its input's declared range."""

    bindings = {name: values[0] for name, values in entry.items() if len(values) == 1}
    for spec in problem.inputs:
        if not isinstance(spec, IntInput):
            continue
        try:  # a range that divides by zero for this entry's shapes
            low = spec.minimum.evaluate(bindings) if spec.minimum else None
            high = spec.maximum.evaluate(bindings) if spec.maximum else None
        except ValueError as exc:
            raise entry_field.fail(f"{exc}, in the range of input {spec.name}") from None
        if spec.name in entry:
            candidates, where = entry[spec.name], entry_field.child(spec.name)
        else:
            draw = draws[spec.name]
            where = draws_field.child(spec.name)
            try:
                first, last = draw.minimum.evaluate(bindings), draw.maximum.evaluate(bindings)
            except ValueError as exc:
                raise where.fail(f"{exc} for palette entry {dict(bindings)}") from None
            if first > last:
                raise where.fail(f"min exceeds max ({first} > {last}) for palette entry {dict(bindings)}")
            candidates = (first, last)
        for value in candidates:
            if (low is not None and value < low) or (high is not None and value > high):
                raise where.fail(f"gives {spec.name} = {value}, outside its declared range "
                                 f"[{low if low is not None else '-inf'}, {high if high is not None else 'inf'}] "
                                 f"for palette entry {dict(bindings)}")


def _parse_palette_entry(field: Field, dims: set[str], ints: set[str]) -> dict[str, tuple[int, ...]]:
    field.mapping(dims | ints, required=dims)
    entry = {}
    for key in field.value:
        child = field.child(key)
        values = ([item.integer(minimum=1) for item in child.items()] if isinstance(child.value, list)
                  else [child.integer(minimum=1)])
        if not values:
            raise child.fail("give a value or a non-empty list of values")
        entry[key] = tuple(values)
    for dim in dims:
        if len(entry[dim]) != 1:
            raise field.child(dim).fail("a dimension takes one value per palette entry; "
                                        "add another entry for another size")
    return entry


def _parse_int_draw(field: Field, dims: set[str]) -> IntDraw:
    field.mapping({"min", "max"}, required={"min", "max"})
    bounds = []
    for key in ("min", "max"):
        try:
            bounds.append(parse_expr(field.child(key).value, dims))
        except ValueError as exc:
            raise field.child(key).fail(str(exc)) from None
    return IntDraw(*bounds)


def _parse_array_draw(field: Field) -> ArrayDraw:
    field.mapping({"fill"} | {p for fill in FILLS.values() for p in fill.params}, required={"fill"})
    fill_name = field.child("fill").text(tuple(FILLS))
    fill = FILLS[fill_name]
    params = []
    for key in field.value:
        if key == "fill":
            continue
        kind = fill.params.get(key)
        if kind not in ("int", "number", "numbers"):
            raise field.child(key).fail(f"fill {fill_name!r} can draw: "
                                        f"{', '.join(k for k, v in fill.params.items() if v != 'values') or 'nothing'}",
                                        value=key)
        params.append((key, _parse_number_or_range(field.child(key), integer=kind == "int")))
    missing = fill.required - {k for k, _ in params}
    if missing:
        raise field.fail(f"fill {fill_name!r} needs {', '.join(sorted(missing))}", value=fill_name)
    return ArrayDraw(fill_name, tuple(params))


def _parse_number_or_range(field: Field, integer: bool) -> Any:
    if not isinstance(field.value, dict):
        return field.integer(minimum=0) if integer else field.number()
    field.mapping({"min", "max"}, required={"min", "max"})
    low, high = (field.child(k).integer(minimum=0) if integer else field.child(k).number() for k in ("min", "max"))
    if low > high:
        raise field.fail("min must not exceed max", value={"min": low, "max": high})
    return NumberRange(low, high, integer)
