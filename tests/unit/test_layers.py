"""The judge's imports follow its pipeline: downwards only, and never in a circle.

Every module under judge/ is parsed with `ast` (never imported) and every import it
holds is counted: at module level, inside functions and under `TYPE_CHECKING`, since
an import hidden in a function still ties the two modules together. Each module maps to
one layer of `LAYERS`; a module may import its own layer and the ones below it. Modules
of one layer may import each other, so the cycle check runs on modules, not on layers.
docs/architecture.md draws the same table.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "judge"

# Lowest first. A module belongs to the entry with the longest matching prefix; `judge`
# itself (the package's __init__) only holds the version, so it is a foundation.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundations", ("judge", "judge.base")),
    ("submission file", ("judge.submission",)),
    ("problem model", ("judge.problem",)),
    ("cases", ("judge.cases",)),
    ("sandbox", ("judge.sandbox",)),
    ("runner", ("judge.runner",)),
    ("compare", ("judge.compare",)),
    ("diagnose", ("judge.diagnose",)),
    ("scoring", ("judge.scoring",)),
    ("preparation", ("judge.prepare",)),
    ("report", ("judge.report",)),
    ("applications", ("judge.batch", "judge.practice", "judge.export", "judge.classreport")),
    ("validation", ("judge.validation",)),
    ("commands", ("judge.commands",)),
    ("cli", ("judge.cli", "judge.__main__")),
)


def _module_files() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _module_files()


def _known(name: str) -> str | None:
    """The module of judge/ that `name` (a module or a name inside one) lives in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(_known(alias.name) for alias in node.names if alias.name.split(".")[0] == "judge")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "judge":
                continue
            # `from judge.runner import session` imports the module judge.runner.session
            found.update(_known(f"{source}.{alias.name}") if f"{source}.{alias.name}" in MODULES
                         else _known(source) for alias in node.names)
    found.discard(None)
    found.discard(module)
    return found  # type: ignore[return-value]


GRAPH = {module: _imports(module) for module in MODULES}


def layer_of(module: str) -> int:
    best, best_length = None, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            # `judge` names the package's __init__ only: a loose module is in no layer
            matches = module == prefix or (prefix != "judge" and module.startswith(prefix + "."))
            if matches and len(prefix) > best_length:
                best, best_length = rank, len(prefix)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it (or its package) to LAYERS in {__file__}")
    return best


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(_cycle_within(sorted(component), graph))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _cycle_within(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A concrete cycle through the component's first module, for the failure message."""
    members, start = set(component), component[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & members):
                if target == start:
                    return paths[node] + [start]
                if target not in paths:
                    paths[target] = paths[node] + [target]
                    following.append(target)
        frontier = following
    return component


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


def test_no_module_imports_a_higher_layer():
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert not upward, "imports against the layer order:\n" + "\n".join(upward)


def test_no_import_cycle():
    found = cycles(GRAPH)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in found)


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c", "a"]]),
])
def test_cycles_are_found(graph, expected):
    assert cycles(graph) == expected

