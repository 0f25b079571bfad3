"""problem.yaml's `starter:` section and progressive hints: loading, errors, and the starter file.

The starter is checked as a learner receives it: it compiles, defines the entry point with
the kata's arguments, documents every shape, lists a TODO per step and solves nothing.
"""

from __future__ import annotations

import ast

import pytest

from judge.practice.starter import render_starter


def test_se_block_hints_go_from_gentle_to_specific(se_block):
    catalog = se_block.diagnosis.catalog
    assert catalog["missing_sigmoid"].hint == catalog["missing_sigmoid"].hints[0]
    assert all(len(m.hints) >= 2 for m in catalog.values()), "every se_block mistake has a second hint"


FLATTEN_ORDER_HINTS = (
    "      hint:\n"
    "        - >-\n"
    "          Flatten the (H, W, C) result directly, in row-major order, without moving its axes first.\n"
    "        - >-\n"
    "          Look for a transpose, swapaxes or moveaxis (or an order= argument) between the scaling and the\n"
    "          flattening: the values are right, only their order is not.\n"
)


def test_a_single_hint_string_is_one_level(kata):
    kata.edit("problem.yaml", FLATTEN_ORDER_HINTS, "      hint: look at the order of your axes\n")
    assert kata.load().diagnosis.catalog["wrong_flatten_order"].hints == ("look at the order of your axes",)


def test_an_empty_hint_list_is_rejected(kata):
    line = kata.edit("problem.yaml", FLATTEN_ORDER_HINTS, "      hint: []\n")
    kata.expect_error("problem.yaml", line, "diagnosis.catalog.wrong_flatten_order.hint", "[]",
                      "give at least one hint")


def test_a_hint_that_is_not_text_is_rejected(kata):
    line = kata.edit("problem.yaml", FLATTEN_ORDER_HINTS, "      hint: [look at the order, 42]\n")
    kata.expect_error("problem.yaml", line, "diagnosis.catalog.wrong_flatten_order.hint[1]", "42",
                      "expected a non-empty string")


def test_a_repeated_hint_is_rejected(kata):
    text = (kata.directory / "problem.yaml").read_text()
    first = "          Flatten the (H, W, C) result directly, in row-major order, without moving its axes first.\n"
    assert first in text
    kata.edit("problem.yaml", first + "        - >-\n          Look for a transpose",
              first + "        - >-\n" + first + "        - >-\n          Look for a transpose")
    message = kata.error()
    assert "diagnosis.catalog.wrong_flatten_order.hint[1]" in message
    assert "repeats an earlier hint" in message


def test_starter_step_without_words_is_rejected(kata):
    line = kata.edit("problem.yaml", "    - name: Squeeze\n",
                     "    - name: Squeeze\n      shape: 7\n      does: ''\n    - name: Other\n")
    message = kata.error()
    assert message.startswith(f"{kata.shown}/problem.yaml:{line + 1}: starter.steps[1].shape: 7: "
                              "expected a non-empty string")


def test_starter_argument_that_is_not_an_input(kata):
    line = kata.edit("problem.yaml", "  arguments:\n    seed:", "  arguments:\n    sed: typo\n    seed:")
    message = kata.error()
    assert message.startswith(f"{kata.shown}/problem.yaml:{line + 1}: starter.arguments.sed: 'sed': unknown key 'sed'")
    assert "reduction, seed, x" in message


def test_starter_import_must_be_an_import(kata):
    line = kata.edit("problem.yaml", "    - import jax.numpy as jnp\n", "    - print('hello')\n")
    kata.expect_error("problem.yaml", line, "starter.imports[1]", "\"print('hello')\"", "expected one import statement")


def test_starter_text_cannot_break_out_of_the_docstring(kata):
    line = kata.edit("problem.yaml", "  returns: the scaled", '  returns: \'""" oops\' #')
    kata.expect_error("problem.yaml", line, "starter.returns", "'\"\"\" oops'", "no triple quotes")


def test_starter_needs_steps(kata):
    kata.edit("problem.yaml", "  steps:\n    - name: A module", "  steps: []\n  notes_:\n    - name: A module")
    message = kata.error()
    assert "starter.notes_" in message  # unknown keys are found first, as everywhere in the spec


def _entry_point(source: str, name: str) -> ast.FunctionDef:
    tree = ast.parse(source)
    found = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    assert len(found) == 1
    return found[0]


def test_se_block_starter_documents_shapes_and_steps_and_solves_nothing(se_block):
    text = render_starter(se_block, "mine.py")
    function = _entry_point(text, "se_block_forward")
    assert [a.arg for a in function.args.args] == ["seed", "x", "reduction"]
    doc = ast.get_docstring(function)
    assert "x (float32 array of shape (H, W, C))" in doc
    assert "float32 array of shape (H * W * C,)" in doc
    assert "1 <= reduction" not in doc and "reduction (int >= 1)" in doc
    assert text.count("# TODO") == len(se_block.starter.steps)
    # No solution: the body is the docstring, comments and a raise; nothing gives widths or axes away.
    assert [type(n) for n in function.body] == [ast.Expr, ast.Raise]
    for giveaway in ("axis=", "(0, 1)", "C // ", "// reduction", "max(", "sigmoid(", "relu("):
        assert giveaway not in text, giveaway
    assert "judge grade mine.py" in text


def test_a_kata_without_a_starter_section_still_gets_a_starter(kata):
    text = (kata.directory / "problem.yaml").read_text()
    kata.edit("problem.yaml", text[text.index("\n# What `judge init se_block` writes"):], "\n")
    problem = kata.load()
    assert problem.starter is None
    source = render_starter(problem, "x.py")
    function = _entry_point(source, "se_block_forward")
    assert "x (float32 array of shape (H, W, C))" in ast.get_docstring(function)
    assert source.count("# TODO") == 1
    compile(source, "x.py", "exec")


@pytest.mark.parametrize("title", ["A kata", "Kata with 'quotes'"])
def test_starter_compiles_whatever_the_title(kata, title):
    kata.edit("problem.yaml", "title: Squeeze-and-Excitation block", f'title: "{title}"')
    compile(render_starter(kata.load(), "x.py"), "x.py", "exec")
