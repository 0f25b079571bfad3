"""Loading a problem: problem.yaml and cases.yaml read, validated and turned into a `Problem`.

Every field is checked at load (see README.md, "Problem format"); a bad one is a
`SpecError` naming the file, the line, the value and the fix. Each section has a parser
of its own (parse_cases, parse_generated, parse_diagnosis, parse_starter); the
dataclasses they build are in `judge.problem.model`.
"""

from __future__ import annotations

from pathlib import Path

from judge.base.errors import JudgeError
from judge.problem.expr import Expr, parse_expr
from judge.problem.model import (ARRAY_DTYPES, CASE_KEYS, ArrayInput, GeneratedSpec, Input, IntInput, Limits,
                                 OutputSpec,
                                 Problem, Tolerance)
from judge.problem.parse_cases import parse_case_list
from judge.problem.parse_diagnosis import parse_diagnosis
from judge.problem.parse_generated import parse_generated
from judge.problem.parse_starter import parse_starter
from judge.problem.yamlfile import Field, display_path, load_yaml

_TOP_KEYS = {
    "id", "title", "statement", "entry_point", "reference", "array_module", "inputs",
    "output", "tolerance", "limits", "scoring", "generated", "diagnosis", "starter",
    "trivial_blocks", "examples",
}
_DEFAULT_LIMITS = Limits(import_seconds=60, call_seconds=30, grade_seconds=900, memory_mib=4096)


# Problems already loaded in this process, by directory and the bytes of both YAML files:
# a batch worker grades many submissions of one problem, and validating it costs ~0.15 s.
_LOADED: dict[tuple, Problem] = {}


def load_problem(directory: Path) -> Problem:
    """Load and validate `directory/problem.yaml` and `directory/cases.yaml` (once per content)."""
    try:
        key = (str(directory), str(directory.resolve()), (directory / "problem.yaml").read_bytes(),
               (directory / "cases.yaml").read_bytes())
    except OSError:
        return _load_problem(directory)  # the loader says what is missing
    if key not in _LOADED:
        if len(_LOADED) >= 8:
            _LOADED.clear()  # a few problems at a time; never grow without bound
        _LOADED[key] = _load_problem(directory)
    return _LOADED[key]


def _load_problem(directory: Path) -> Problem:
    if not (directory / "problem.yaml").is_file():
        raise JudgeError(f"{display_path(directory)}: no problem.yaml here; "
                         "a problem directory needs problem.yaml and cases.yaml")
    root = load_yaml(directory / "problem.yaml")
    root.mapping(_TOP_KEYS, required={"id", "entry_point", "reference", "inputs", "output", "scoring", "generated"})
    inputs = _parse_inputs(root.child("inputs"))
    all_dims = {d for i in inputs if isinstance(i, ArrayInput) for d in i.dims}
    int_names = {i.name for i in inputs if isinstance(i, IntInput)}
    problem_id = root.child("id").text()
    if problem_id != directory.name:
        raise root.child("id").fail(f"must match the directory name {directory.name!r}")
    statement = directory / (root.child("statement").text() if root.has("statement") else "statement.md")
    reference = (directory / root.child("reference").text()).resolve()
    if not reference.is_file():
        raise root.child("reference").fail(f"no such file ({reference}); "
                                           f"give a path relative to {display_path(directory)}")
    fields = dict(
        id=problem_id,
        title=root.child("title").text() if root.has("title") else problem_id,
        directory=directory,
        statement=statement,
        entry_point=_identifier(root.child("entry_point")),
        reference=reference,
        array_module=root.child("array_module").text(("jax", "numpy")) if root.has("array_module") else "jax",
        inputs=inputs,
        output=_parse_output(root.child("output"), all_dims | int_names),
        tolerance=_parse_tolerance(root.child("tolerance")) if root.has("tolerance") else Tolerance(1e-5, 1e-6),
        limits=_parse_limits(root.child("limits")) if root.has("limits") else _DEFAULT_LIMITS,
        scoring=_parse_scoring(root.child("scoring")),
        trivial_blocks=(_parse_trivial_blocks(root.child("trivial_blocks"), directory)
                        if root.has("trivial_blocks") else ()),
        examples=(directory / root.child("examples").text()).resolve() if root.has("examples") else None,
    )
    partial = Problem(**fields, generated=GeneratedSpec(0, (), {}), cases=())
    generated = parse_generated(root.child("generated"), partial)
    cases = parse_case_list(load_yaml(directory / "cases.yaml"), partial)
    diagnosis = parse_diagnosis(root.child("diagnosis"), directory, cases) if root.has("diagnosis") else None
    starter = parse_starter(root.child("starter"), inputs) if root.has("starter") else None
    return Problem(**fields, generated=generated, cases=cases, diagnosis=diagnosis, starter=starter)


def _identifier(field: Field) -> str:
    name = field.text()
    if not name.isidentifier():
        raise field.fail("must be a Python identifier")
    return name


def _parse_inputs(field: Field) -> tuple[Input, ...]:
    items = field.items()
    if not items:
        raise field.fail("list at least one input of the entry point")
    inputs: list[Input] = []
    for item in items:
        item.mapping({"name", "type", "min", "max", "static", "dtype", "dims"}, required={"name", "type"})
        name = _identifier(item.child("name"))
        if name in CASE_KEYS or name in {i.name for i in inputs}:
            raise item.child("name").fail(f"is reserved or repeated; "
                                          f"input names must be unique and not one of {sorted(CASE_KEYS)}")
        kind = item.child("type").text(("int", "array"))
        if kind == "array":
            dims = item.child("dims")
            names = [_identifier(d) for d in dims.items()]
            if not names:
                raise dims.fail("name at least one dimension, e.g. [H, W, C]")
            dtype = item.child("dtype").text(ARRAY_DTYPES) if item.has("dtype") else "float32"
            inputs.append(ArrayInput(name, dtype, tuple(names)))
        else:
            inputs.append(IntInput(name, None, None, item.child("static").boolean() if item.has("static") else False))
    # Int ranges may refer to array dimensions (e.g. max: 2 * C), so parse them once all are known.
    dims = {d for i in inputs if isinstance(i, ArrayInput) for d in i.dims}
    for index, item in enumerate(items):
        if isinstance(inputs[index], IntInput):
            bounds = {key: _expr(item.child(key), dims) for key in ("min", "max") if item.has(key)}
            inputs[index] = IntInput(inputs[index].name, bounds.get("min"), bounds.get("max"), inputs[index].static)
    return tuple(inputs)


def _expr(field: Field, names: set[str]) -> Expr:
    try:
        return parse_expr(field.value, names)
    except ValueError as exc:
        raise field.fail(str(exc)) from None


def _parse_output(field: Field, names: set[str]) -> OutputSpec:
    field.mapping({"dtype", "shape", "index"}, required={"shape"})
    shape = tuple(_expr(item, names) for item in field.child("shape").items())
    index = tuple(_identifier(item) for item in field.child("index").items()) if field.has("index") else ()
    for position, name in enumerate(index):
        if name not in names:
            raise field.child("index").child(position).fail(f"unknown dimension; known: {', '.join(sorted(names))}")
    dtype = field.child("dtype").text(ARRAY_DTYPES) if field.has("dtype") else "float32"
    return OutputSpec(dtype, shape, index)


def _parse_tolerance(field: Field) -> Tolerance:
    field.mapping({"rtol", "atol", "float64_margin", "max_rtol"}, required={"rtol", "atol"})
    rtol, atol = field.child("rtol").number(minimum=0), field.child("atol").number(minimum=0)
    margin = field.child("float64_margin").number(minimum=0) if field.has("float64_margin") else 0.0
    max_rtol = field.child("max_rtol").number(minimum=0) if field.has("max_rtol") else None
    if max_rtol is not None and max_rtol < rtol:
        raise field.child("max_rtol").fail(f"must be at least rtol ({rtol:g})")
    if margin and max_rtol is None:
        raise field.fail("float64_margin needs max_rtol, the most a case's rtol may be widened to "
                         "(e.g. max_rtol: 1.0e-3): a tolerance is never loosened without a bound")
    return Tolerance(rtol, atol, margin, max_rtol)


def _parse_trivial_blocks(field: Field, directory: Path) -> tuple[Path, ...]:
    """Files with the entry point that do none of the work; validate and the draw reject cases they pass."""
    paths = []
    for item in field.items():
        path = (directory / item.text()).resolve()
        if not path.is_file():
            raise item.fail(f"no such file ({path}); give a path relative to {display_path(directory)}")
        paths.append(path)
    return tuple(paths)


def _parse_limits(field: Field) -> Limits:
    keys = ("import_seconds", "call_seconds", "grade_seconds", "memory_mib")
    field.mapping(set(keys))
    values = {}
    for key in keys:
        if field.has(key):
            child = field.child(key)
            values[key] = child.integer(minimum=64) if key == "memory_mib" else child.number(minimum=0.1)
        else:
            values[key] = getattr(_DEFAULT_LIMITS, key)
    return Limits(**values)


def _parse_scoring(field: Field) -> dict[str, float]:
    field.mapping({"fixed", "generated"}, required={"fixed", "generated"})
    points = {key: field.child(key).number(minimum=0) for key in ("fixed", "generated")}
    if sum(points.values()) <= 0:
        raise field.fail("give the case groups some points, e.g. {fixed: 60, generated: 40}")
    return points


