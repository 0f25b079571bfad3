"""The starter file `judge init` writes: signature, documented shapes, steps as TODOs, no solution.

Shapes and the signature come from the problem spec (so they always match what the judge
calls); the words come from problem.yaml's `starter:` section when the kata has one.
"""

from __future__ import annotations

import textwrap

from judge.problem.model import ArrayInput, Input, IntInput, Problem

WIDTH = 92  # columns of the docstring's prose; fits beside a line-number gutter


def render_starter(problem: Problem, shown_path: str) -> str:
    """The starter file's text for `problem`, to be saved as `shown_path`."""
    starter = problem.starter
    signature = f"def {problem.entry_point}({', '.join(problem.arg_names)}):"
    commands = [(f"judge grade {shown_path}", "grade it (add --watch to re-grade on every save)"),
                (f"judge show {problem.id}", "the full statement")]
    width = max(len(command) for command, _ in commands) + 3
    lines = [
        f'"""{problem.title}: a starter file written by `judge init {problem.id}`.',
        "",
        "Fill in the TODOs. Then:",
        *(f"    {command:<{width}}{what}" for command, what in commands),
        '"""',
        "",
    ]
    if starter and starter.imports:
        lines += [*starter.imports, "", ""]
    lines += [signature, *_indent(_docstring(problem), 4), *_indent(_todos(problem), 4)]
    lines.append(f'    raise NotImplementedError("{problem.entry_point} is not written yet: follow the TODOs")')
    return "\n".join(lines) + "\n"


def _docstring(problem: Problem) -> list[str]:
    starter = problem.starter
    described = dict(starter.arguments) if starter else {}
    lines = ['"""' + (starter.summary if starter else f"The {problem.title} kata: see `judge show {problem.id}`.")]
    lines = _wrap(lines[0]) + ["", "Args:"]
    for spec in problem.inputs:
        text = f"{spec.name} ({_input_type(spec)})" + (f": {described[spec.name]}" if spec.name in described else "")
        lines += _wrap(text, indent="    ", hang="        ")
    output = problem.output
    shape = ", ".join(str(e) for e in output.shape) + ("," if len(output.shape) == 1 else "")
    returns = (f"{output.dtype} array of shape ({shape})"
               + (f": {starter.returns}" if starter and starter.returns else ""))
    lines += ["", "Returns:", *_wrap(returns, indent="    ", hang="    ")]
    if starter:
        lines += ["", "Steps:"]
        for number, step in enumerate(starter.steps, start=1):
            shape_note = f" [{step.shape}]" if step.shape else ""
            lines += _wrap(f"{number}. {step.name}{shape_note}: {step.does}", indent="    ", hang="       ")
        for note in starter.notes:
            lines += [""] + _wrap(note)
    return lines + ['"""']


def _todos(problem: Problem) -> list[str]:
    if problem.starter is None:
        return ["# TODO: compute the result the statement describes, and return it."]
    todos = []
    for number, step in enumerate(problem.starter.steps, start=1):
        todos.append(f"# TODO {number}. {step.name}" + (f"  {step.shape}" if step.shape else ""))
    return todos


def _input_type(spec: Input) -> str:
    if isinstance(spec, ArrayInput):
        return f"{spec.dtype} array of shape ({', '.join(spec.dims)}{',' if len(spec.dims) == 1 else ''})"
    assert isinstance(spec, IntInput)
    if spec.minimum is not None and spec.maximum is not None:
        return f"int, {spec.minimum} <= {spec.name} <= {spec.maximum}"
    if spec.minimum is not None:
        return f"int >= {spec.minimum}"
    if spec.maximum is not None:
        return f"int <= {spec.maximum}"
    return "int"


def _wrap(text: str, indent: str = "", hang: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hang or indent,
                         break_long_words=False, break_on_hyphens=False)


def _indent(lines: list[str], spaces: int) -> list[str]:
    return [(" " * spaces + line) if line else "" for line in lines]
