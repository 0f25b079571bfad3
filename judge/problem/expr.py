"""Tiny integer expressions over named dimensions, such as `H * W * C` or `2 * C`.

Specs use them for output shapes and input ranges. Only integer literals, declared
names and + - * // are allowed, so evaluating a spec can never run arbitrary code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b,
}


@dataclass(frozen=True)
class Expr:
    """A parsed expression; `evaluate(bindings)` gives its integer value."""

    source: str
    names: frozenset[str]
    _tree: ast.expr

    def evaluate(self, bindings: dict[str, int]) -> int:
        """The value under `bindings`; ValueError (a readable reason) when it divides by zero."""
        try:
            return _evaluate(self._tree, bindings)
        except ZeroDivisionError:
            shown = ", ".join(f"{name}={bindings[name]}" for name in sorted(self.names))
            raise ValueError(f"{self.source!r} divides by zero" + (f" when {shown}" if shown else "")) from None

    def __str__(self) -> str:
        return self.source


def parse_expr(source: str | int, allowed_names: set[str]) -> Expr:
    """Parse `source`; raise ValueError with a readable reason when it is not allowed."""
    if isinstance(source, bool):
        raise ValueError("expected an integer or an expression such as '2 * C'")
    if isinstance(source, int):
        source = str(source)
    if not isinstance(source, str):
        raise ValueError("expected an integer or an expression such as '2 * C'")
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        raise ValueError("not a valid expression; use integers, names and + - * //") from None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in allowed_names:
                raise ValueError(f"unknown name {node.id!r}; known: {', '.join(sorted(allowed_names)) or 'none'}")
            names.add(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int):
                raise ValueError("only integer constants are allowed")
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _OPERATORS:
                raise ValueError("only + - * // are allowed")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub):
                raise ValueError("only unary minus is allowed")
        elif not isinstance(node, (ast.operator, ast.unaryop, ast.Load)):
            raise ValueError("only integers, names and + - * // are allowed")
    return Expr(source, frozenset(names), tree)


def _evaluate(node: ast.expr, bindings: dict[str, int]) -> int:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return bindings[node.id]
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, bindings)
    left, right = _evaluate(node.left, bindings), _evaluate(node.right, bindings)
    return _OPERATORS[type(node.op)](left, right)
