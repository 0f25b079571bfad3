"""Parsing the `starter:` section of problem.yaml: what `judge init` writes for a learner.

The judge writes the signature and the shapes of every argument and of the result from
the spec itself; the author adds the words: a summary, what each argument is, what each
step of the computation does (each becomes a TODO in the body), and notes. The starter
never holds code beyond the imports, so it cannot give the solution away.
"""

from __future__ import annotations

import ast

from judge.problem.model import Input, StarterSpec, Step
from judge.problem.yamlfile import Field

# Past about eight steps a starter reads like a solution outline, not a kata.
MAX_STEPS = 8


def parse_starter(field: Field, inputs: "tuple[Input, ...]") -> StarterSpec:
    field.mapping({"summary", "imports", "arguments", "returns", "steps", "notes"}, required={"summary", "steps"})
    steps_field = field.child("steps")
    steps = []
    for item in steps_field.items():
        item.mapping({"name", "does", "shape"}, required={"name", "does"})
        shape = _words(item.child("shape")) if item.has("shape") else ""
        steps.append(Step(_words(item.child("name")), _words(item.child("does")), shape))
    if not steps:
        raise steps_field.fail("list at least one step: {name, does, shape}")
    if len(steps) > MAX_STEPS:
        raise steps_field.fail(f"at most {MAX_STEPS} steps; a starter outlines, it does not solve",
                               value=f"{len(steps)} steps")
    return StarterSpec(
        summary=_words(field.child("summary")),
        steps=tuple(steps),
        imports=tuple(_import(item) for item in field.child("imports").items()) if field.has("imports") else (),
        arguments=_arguments(field.child("arguments"), inputs) if field.has("arguments") else (),
        returns=_words(field.child("returns")) if field.has("returns") else "",
        notes=tuple(_words(item) for item in field.child("notes").items()) if field.has("notes") else (),
    )


def _words(field: Field) -> str:
    """Text that goes into the starter's docstring or a comment, so it must not break out of them."""
    text = field.text()
    if '"""' in text or "\\" in text:
        raise field.fail('starter text goes into a docstring: no triple quotes (""") and no backslashes')
    return " ".join(text.split())


def _import(field: Field) -> str:
    line = field.text()
    try:
        body = ast.parse(line).body
    except SyntaxError:
        body = []
    if len(body) != 1 or not isinstance(body[0], (ast.Import, ast.ImportFrom)):
        raise field.fail("expected one import statement, e.g. 'import jax.numpy as jnp'")
    return line.strip()


def _arguments(field: Field, inputs: "tuple[Input, ...]") -> tuple[tuple[str, str], ...]:
    names = [i.name for i in inputs]
    field.mapping(set(names))  # an unknown key names the inputs it could be
    return tuple((name, _words(field.child(name))) for name in names if field.has(name))
