"""A broken problem spec is rejected at load with `<file>:<line>: <key path>: <value>: <fix>`.

Each test breaks one thing in a private copy of problems/se_block (see conftest.py).
Cases are broken by appending one to cases.yaml, so the tests do not depend on the
cases already there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from judge.base.errors import JudgeError, SpecError

# -- YAML itself ----------------------------------------------------------------


def test_yaml_syntax_error_names_file_and_line(kata):
    line = kata.edit("problem.yaml", "title: Squeeze-and-Excitation block", "title: Squeeze: and: Excitation")

    message = kata.error()

    assert message.startswith(f"{kata.shown}/problem.yaml:{line}: YAML syntax: ")
    assert "mapping values are not allowed here" in message
    assert "fix the YAML at that line" in message


def test_duplicate_yaml_key_names_its_line(kata):
    line = kata.append("cases.yaml", "  - id: twice\n    note: first\n    note: second\n") + 2

    message = kata.error()

    assert message.startswith(f"{kata.shown}/cases.yaml:{line}: YAML syntax: ")
    assert "duplicate key 'note'" in message


# -- keys -------------------------------------------------------------------------


def test_unknown_top_level_key(kata):
    line = kata.append("problem.yaml", "colour: red\n")

    kata.expect_error("problem.yaml", line, "colour", "'colour'", "unknown key 'colour'; allowed keys here: ")


def test_unknown_key_in_a_case(kata):
    index, lines = kata.add_case(colour="red")

    kata.expect_error("cases.yaml", lines["colour"], f"cases[{index}].colour", "'colour'",
                      "unknown key 'colour'; allowed keys here: id, note, reduction, seed, visibility, weight, x")


def test_id_must_match_the_directory(kata):
    line = kata.edit("problem.yaml", "id: se_block", "id: se-block")

    kata.expect_error("problem.yaml", line, "id", "'se-block'", "must match the directory name 'se_block'")


def test_missing_reference_file(kata):
    text = (kata.directory / "problem.yaml").read_text(encoding="utf-8")
    reference = yaml.safe_load(text)["reference"]
    (kata.directory / reference).unlink()
    line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("reference:"))

    kata.expect_error("problem.yaml", line, "reference", repr(reference), "no such file")


def test_unknown_name_in_output_shape(kata):
    line = kata.edit("problem.yaml", "shape: [H * W * C]", "shape: [H * W * K]")

    kata.expect_error("problem.yaml", line, "output.shape[0]", "'H * W * K'", "unknown name 'K'; known: C, H, W")


# -- types and ranges -----------------------------------------------------------------


def test_examples_must_be_an_integer(kata):
    line = kata.edit("problem.yaml", "examples: 100", 'examples: "ten"')

    kata.expect_error("problem.yaml", line, "generated.examples", "'ten'", "expected an integer, got str")


def test_weight_must_be_a_number(kata):
    index, lines = kata.add_case(weight='"x"')

    kata.expect_error("cases.yaml", lines["weight"], f"cases[{index}].weight", "'x'", "expected a number, got str")


def test_dimension_below_one(kata):
    index, lines = kata.add_case(x="{shape: [4, -1, 8], fill: normal, seed: 1}")

    kata.expect_error("cases.yaml", lines["x"], f"cases[{index}].x.shape", "[4, -1, 8]", "dimensions must be >= 1")


def test_shape_of_the_wrong_rank(kata):
    index, lines = kata.add_case(x="{shape: [4, 4], fill: normal, seed: 1}")

    kata.expect_error("cases.yaml", lines["x"], f"cases[{index}].x.shape", "[4, 4]", "expected 3 dimensions")


def test_reduction_below_its_minimum(kata):
    index, lines = kata.add_case(reduction="0")

    kata.expect_error("cases.yaml", lines["reduction"], f"cases[{index}].reduction", "0", "must be >= 1")


# -- the case list -----------------------------------------------------------------------


def test_empty_case_list(kata):
    (kata.directory / "cases.yaml").write_text("cases: []\n", encoding="utf-8")

    kata.expect_error("cases.yaml", 1, "cases", "[]", "the case list is empty")


def test_duplicate_case_id(kata):
    taken = kata.load().cases[0].id
    index, lines = kata.add_case(id=taken)

    kata.expect_error("cases.yaml", lines["id"], f"cases[{index}].id", repr(taken), "duplicate case id")


# -- fills --------------------------------------------------------------------------------


def test_unknown_fill(kata):
    index, lines = kata.add_case(x="{shape: [4, 4, 4], fill: gaussian, seed: 1}")

    kata.expect_error("cases.yaml", lines["x"], f"cases[{index}].x.fill", "'gaussian'", "must be one of: zeros, ones")


def test_missing_fill_parameter(kata):
    index, lines = kata.add_case(x="{shape: [4, 4, 4], fill: full}")

    kata.expect_error("cases.yaml", lines["x"], f"cases[{index}].x", "'full'", "fill 'full' needs value")


def test_loc_list_of_the_wrong_length(kata):
    index, lines = kata.add_case(x="{shape: [4, 4, 4], fill: normal, seed: 1, loc: [1.0, 2.0]}")

    kata.expect_error("cases.yaml", lines["x"], f"cases[{index}].x.loc", "[1.0, 2.0]",
                      "give one value per position of the last axis (4)")


# -- the generated section ------------------------------------------------------------------


def test_palette_entry_missing_a_dimension(kata):
    palette = kata.load().generated.palette
    index = next(i for i, entry in enumerate(palette) if entry["H"] == (7,) and entry["W"] == (1,))
    line = kata.edit("problem.yaml", "{H: 7, W: 1, C: 6, reduction: [5]}", "{H: 7, C: 6, reduction: [5]}")

    kata.expect_error("problem.yaml", line, f"generated.palette[{index}]", "['C', 'H', 'reduction']",
                      "missing required key 'W'")


def test_input_bound_by_only_some_palette_entries_needs_a_draw(kata):
    kata.edit("problem.yaml", "{H: 7, W: 1, C: 6, reduction: [5]}", "{H: 7, W: 1, C: 6}")

    message = kata.error()

    assert message.startswith(f"{kata.shown}/problem.yaml:")
    assert "reduction" in message


def test_int_draw_with_min_above_max(kata):
    line = kata.edit("problem.yaml", "seed: {min: 0, max: 2147483647}", "seed: {min: 10, max: 5}")

    message = kata.error()

    assert message.startswith(f"{kata.shown}/problem.yaml:{line}: generated.draws.seed")


def test_int_draw_outside_the_inputs_range(kata):
    line = kata.edit("problem.yaml", "seed: {min: 0, max: 2147483647}", "seed: {min: -10, max: 5}")

    message = kata.error()

    assert message.startswith(f"{kata.shown}/problem.yaml:{line}: generated.draws.seed")


# -- non-finite numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("weight", [".nan", ".inf"])
def test_non_finite_weight(kata, weight):
    index, lines = kata.add_case(weight=weight)

    message = kata.error()

    assert message.startswith(f"{kata.shown}/cases.yaml:{lines['weight']}: cases[{index}].weight: ")


@pytest.mark.parametrize(("old", "new", "where"), [
    ("rtol: 1.0e-5", "rtol: .nan", "tolerance.rtol"),
    ("fixed: 60", "fixed: .inf", "scoring.fixed"),
    ("loc: {min: -2.0, max: 2.0}", "loc: {min: -2.0, max: .inf}", "generated.draws.x.loc"),
])
def test_non_finite_problem_number(kata, old, new, where):
    line = kata.edit("problem.yaml", old, new)

    message = kata.error()

    assert message.startswith(f"{kata.shown}/problem.yaml:{line}: {where}")


# -- the real kata -------------------------------------------------------------------------------


def test_the_real_problem_loads(se_block):
    assert len(se_block.cases) >= 30
    assert se_block.generated.examples == 100


def _dims(case) -> dict[str, int]:
    args = dict(case.args)
    height, width, channels = args["x"].shape
    return {"H": height, "W": width, "C": channels, "r": args["reduction"], "seed": args["seed"]}


EDGE_CASES = {
    "one channel": lambda d, case: d["C"] == 1,
    "reduction > C": lambda d, case: d["r"] > d["C"],
    "C % reduction != 0": lambda d, case: d["C"] % d["r"] != 0,
    "C // reduction == 1": lambda d, case: d["C"] // d["r"] == 1,
    "seed 0": lambda d, case: d["seed"] == 0,
    "seed 2**31 - 1": lambda d, case: d["seed"] == 2**31 - 1,
    # No all-zero x: every block returns zeros there, so such a case tests nothing (trivial_blocks).
    "H == 1 or W == 1": lambda d, case: d["H"] == 1 or d["W"] == 1,
    "H, W, C all different": lambda d, case: len({d["H"], d["W"], d["C"]}) == 3,
    "the (4, 4, 4), r=2 worked example": lambda d, case: (d["H"], d["W"], d["C"], d["r"]) == (4, 4, 4, 2),
}


@pytest.mark.parametrize("edge", EDGE_CASES)
def test_the_real_problem_covers_the_edge_case(se_block, edge):
    covering = [case.id for case in se_block.cases if EDGE_CASES[edge](_dims(case), case)]

    assert covering, f"no fixed case has {edge}"


def test_spec_error_reads_file_place_value_fix():
    error = SpecError("cases.yaml:3", "cases[0].x", [1], "fix it")

    assert isinstance(error, JudgeError)
    assert str(error) == "cases.yaml:3: cases[0].x: [1]: fix it"


def test_libyaml_reads_every_kata_as_the_python_parser_does():
    from judge.problem.yamlfile import _FastLineLoader, _LineLoader

    def same(fast, slow) -> None:
        assert fast == slow and type(fast) is type(slow)
        if isinstance(slow, dict):
            assert fast.key_lines == slow.key_lines
            for key in slow:
                same(fast[key], slow[key])
        elif isinstance(slow, list):
            assert fast.item_lines == slow.item_lines
            for a, b in zip(fast, slow):
                same(a, b)

    files = sorted((Path(__file__).resolve().parents[2] / "problems").glob("*/*.yaml"))
    assert len(files) >= 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        same(yaml.load(text, Loader=_FastLineLoader), yaml.load(text, Loader=_LineLoader))
