"""Every kata's own files, checked the same way for each kata in problems/: one shape for all
(reference/<id>/, submissions/<id>/), tagged and unchanged-but-for-their-mistake mutants,
a starter and hints that give nothing away, a statement that states the contract.

A check that fits one kata only (cbam_channel's edge cases) stays in that kata's file.
Loading a problem reads YAML only, so nothing here imports jax.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest

from judge.practice.starter import render_starter
from judge.problem.load import load_problem
from judge.problem.model import ArrayInput, Problem

from mutant_drift import MARK, drift

REPO = Path(__file__).resolve().parents[2]  # not `from conftest import`: tests/batch has a conftest too
KATAS = sorted(path.parent.name for path in (REPO / "problems").glob("*/problem.yaml"))


@pytest.fixture(scope="module", params=KATAS)
def problem(request) -> Problem:
    return load_problem(REPO / "problems" / request.param)


def test_there_are_katas_to_check():
    assert {"se_block", "cbam_channel"} <= set(KATAS)


# -- one shape ------------------------------------------------------------------------------
def test_the_kata_files_sit_in_the_kata_folders(problem):
    own = REPO / "reference" / problem.id
    assert problem.reference == own / f"{problem.id}.py"
    assert all(path.parent == own / "trivial" for path in problem.trivial_blocks)
    if problem.diagnosis:
        assert all(mutant.path.parent == own / "mutants" for mutant in problem.diagnosis.mutants)
        assert all(path.parent == own / "cheats" for path in problem.diagnosis.cheats)
    listed = {problem.reference, *problem.trivial_blocks}
    if problem.diagnosis:
        listed |= {m.path for m in problem.diagnosis.mutants} | set(problem.diagnosis.cheats)
    unlisted = sorted(str(p.relative_to(REPO)) for p in own.rglob("*.py") if p not in listed)
    assert not unlisted, f"files problem.yaml does not name: {unlisted}"


def test_the_examples_are_declared_and_complete(problem):
    assert problem.examples == REPO / "submissions" / problem.id
    assert (problem.examples / "expected.yaml").is_file()


# -- mutants --------------------------------------------------------------------------------
def test_each_mutant_names_its_own_diagnosis(problem):
    for mutant in problem.diagnosis.mutants:
        docstring = ast.get_docstring(ast.parse(mutant.path.read_text(encoding="utf-8"))) or ""

        assert docstring.startswith(f"Diagnosis: {mutant.diagnosis}."), mutant.name
        assert mutant.diagnosis in problem.diagnosis.catalog


def test_at_least_eight_mutants_of_distinct_mistakes(problem):
    assert len({m.diagnosis for m in problem.diagnosis.mutants}) >= 8


def test_each_mutant_differs_from_the_reference_by_its_marked_lines_only(problem):
    reference = problem.reference.read_text(encoding="utf-8")

    drifted = {mutant.name: found for mutant in problem.diagnosis.mutants
               if (found := drift(reference, mutant.path.read_text(encoding="utf-8")))}

    assert not drifted, "\n".join(f"{name}: {line}" for name, lines in drifted.items() for line in lines)


# The guard itself, on se_block's real files: it must fail when either side moves alone.
SE_REFERENCE = (REPO / "reference" / "se_block" / "se_block.py").read_text(encoding="utf-8")
SE_MUTANTS = REPO / "reference" / "se_block" / "mutants"


def test_the_drift_guard_fails_when_the_reference_changes_and_a_mutant_does_not():
    changed = SE_REFERENCE.replace("jnp.mean(x, axis=(0, 1))", "jnp.mean(x, axis=(0, 1), keepdims=False)")
    assert changed != SE_REFERENCE

    found = drift(changed, (SE_MUTANTS / "tanh_gate.py").read_text(encoding="utf-8"))

    assert len(found) == 1 and "squeezed = jnp.mean(x, axis=(0, 1))` differs from the reference" in found[0]


def test_the_drift_guard_fails_when_the_reference_takes_a_mutants_line():
    mutant = (SE_MUTANTS / "sum_pool.py").read_text(encoding="utf-8")
    changed = SE_REFERENCE.replace("jnp.mean(x, axis=(0, 1))", "jnp.sum(x, axis=(0, 1))")

    found = drift(changed, mutant)

    assert len(found) == 1 and "is the reference's line" in found[0]


def test_the_drift_guard_fails_on_an_unmarked_edit_or_deletion_in_a_mutant():
    mutant = (SE_MUTANTS / "tanh_gate.py").read_text(encoding="utf-8")
    assert drift(SE_REFERENCE, mutant) == []

    edited = drift(SE_REFERENCE, mutant.replace("return x * gates", "return x * gates * 1.0"))
    deleted = drift(SE_REFERENCE, mutant.replace("        hidden = nn.relu(hidden)\n", ""))
    unexplained = drift(SE_REFERENCE, mutant.replace("        return x * gates\n",
                                                     f"        {MARK} gone\n        return x * gates\n"))

    assert len(edited) == 1 and "without `# mutant:`" in edited[0]
    assert len(deleted) == 1 and "is missing here" in deleted[0]
    assert len(unexplained) == 1 and "nothing of the reference is missing" in unexplained[0]


def test_the_drift_guard_wants_a_reason():
    mutant = (SE_MUTANTS / "sum_pool.py").read_text(encoding="utf-8")
    bare = re.sub(r"# mutant: .*", "# mutant:", mutant)

    assert any("say why" in line for line in drift(SE_REFERENCE, bare))


# -- what the learner reads -----------------------------------------------------------------
def _solution_fragments(problem: Problem) -> set[str]:
    """The calls that compute the reference's block (in its classes' methods): none of them may
    appear in a starter or a hint. The entry point's own calls (init, apply) are the contract."""
    source = problem.reference.read_text(encoding="utf-8")
    tree = ast.parse(source)
    methods = [node for cls in tree.body if isinstance(cls, ast.ClassDef) for node in ast.walk(cls)
               if isinstance(node, ast.FunctionDef)]
    calls = {ast.get_source_segment(source, node) for method in methods for node in ast.walk(method)
             if isinstance(node, ast.Call)}
    return {call for call in calls if call and len(call) >= 12}


def test_every_hint_level_is_new_and_none_holds_the_solution(problem):
    fragments = _solution_fragments(problem)
    assert fragments, "the reference's block should make calls"

    for mistake in problem.diagnosis.catalog.values():
        assert len(set(mistake.hints)) == len(mistake.hints), mistake.id
        for hint in mistake.hints:
            given = [fragment for fragment in fragments if fragment in hint]
            assert not given, f"{mistake.id}: a hint holds the reference's {given}"


def test_the_starter_compiles_and_holds_no_solution(problem):
    source = render_starter(problem, f"{problem.id}.py")
    tree = ast.parse(source)

    function = next(node for node in tree.body
                    if isinstance(node, ast.FunctionDef) and node.name == problem.entry_point)
    assert [a.arg for a in function.args.args] == list(problem.arg_names)
    code = [node for node in function.body if not isinstance(node, ast.Expr)]  # the docstring is an Expr
    assert len(code) == 1 and isinstance(code[0], ast.Raise)
    given = [fragment for fragment in _solution_fragments(problem) if fragment in source]
    assert not given, f"the starter holds the reference's {given}"
    assert not re.search(r"jnp\.\w+\(|nn\.Dense\(", source)


def test_the_statement_states_the_signature_and_the_initialisation_contract(problem):
    statement = " ".join(problem.statement.read_text(encoding="utf-8").split())
    reference = problem.reference.read_text(encoding="utf-8")
    layers = reference.count("nn.Dense(")  # each creates one layer, named Dense_0, Dense_1, ... in order

    assert f"def {problem.entry_point}({', '.join(problem.arg_names)}): ..." in statement
    assert "jax.random.PRNGKey(seed)" in statement and "PRNGKey(seed)" in reference
    for number in range(layers):
        assert f"`Dense_{number}`" in statement, f"the statement should name Dense_{number}"


# -- cases ----------------------------------------------------------------------------------
def test_enough_fixed_cases_some_hidden(problem):
    hidden = [case for case in problem.cases if case.hidden]

    assert len(problem.cases) >= 20
    assert 0 < len(hidden) < len(problem.cases) / 2


def test_every_fixed_shape_is_in_the_palette(problem):
    """A fixed case outside the palette would cost one more compile per grade."""
    static = {i.name for i in problem.inputs if getattr(i, "static", False)}
    allowed = set()
    for entry in problem.generated.palette:
        names = sorted(entry)
        allowed |= {tuple(zip(names, values)) for values in itertools.product(*(entry[n] for n in names))}

    outside = []
    for case in problem.cases:
        args = dict(case.args)
        bound = {}
        for spec in problem.inputs:
            if isinstance(spec, ArrayInput):
                bound.update(zip(spec.dims, args[spec.name].shape))
            elif spec.name in static:
                bound[spec.name] = args[spec.name]
        if tuple(sorted(bound.items())) not in allowed:
            outside.append(case.id)

    assert not outside
