"""docs/authoring.md cannot silently go stale: its examples load, its lists are complete.

- the walk-through's kata, written out from the guide's `# file:` blocks and its mutant
  recipe, loads with the real loader, and its probe module names the right mistakes;
- every YAML block in the guide parses, and every problem.yaml fragment loads when laid over
  the walk-through's problem.yaml;
- every key the loader accepts, and every default it applies, is in part 2;
- every message the loader (and the code that runs trusted kata files) can raise, and
  every gap `judge validate` reports, is in part 3 or section 1.17. The messages are found
  by reading the judge's source, so a new one fails this test until the guide has it.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from judge.base.cache import Observation
from judge.base.errors import SpecError
from judge.problem.arrays import FILLS
from judge.problem.load import load_problem
from judge.problem.model import ARRAY_DTYPES
from judge.problem.yamlfile import load_yaml

from guide_blocks import GUIDE, KATA, REPO, TEXT, blocks, file_blocks, section, write_walkthrough_kata
from mutant_drift import drift


# Modules whose messages reach a problem author: the whole problem package (loading,
# finding, the kata's own trusted files) and running those files.
MESSAGE_SOURCES = [
    *sorted((REPO / "judge" / "problem").glob("*.py")),
    REPO / "judge" / "cases" / "expected.py",
    REPO / "judge" / "diagnose" / "probes.py",
    REPO / "judge" / "commands" / "show.py",  # the statement file
    REPO / "judge" / "commands" / "list_problems.py",
]
GAP_SOURCE = REPO / "judge" / "validation.py"
# The calls whose first argument is a message shown to the author (SpecError: the fix).
MESSAGE_ARGUMENT = {"fail": 0, "JudgeError": 0, "ValueError": 0, "SpecError": 3, "ConstructorError": 2}


def judge_error_subclasses() -> set[str]:
    """Names of the judge's exception classes derived from JudgeError (e.g. KataNotInferred):
    every positional argument of theirs is part of the message."""
    classes = {}
    for path in (REPO / "judge").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                classes[node.name] = {getattr(base, "id", getattr(base, "attr", None)) for base in node.bases}
    found = {"JudgeError"}
    while True:
        more = {name for name, bases in classes.items() if bases & found} - found
        if not more:
            return found - set(MESSAGE_ARGUMENT)
        found |= more


# -- the walk-through's kata ---------------------------------------------------------------------
def test_the_walkthrough_names_every_file_of_its_kata():
    assert set(file_blocks()) == {
        "reference/gap_dense/gap_dense.py", f"{KATA}/problem.yaml", f"{KATA}/cases.yaml",
        f"{KATA}/statement.md", f"{KATA}/probes.py",
    }


def test_the_walkthrough_kata_loads_with_the_real_loader(tmp_path, monkeypatch):
    directory = write_walkthrough_kata(tmp_path)
    monkeypatch.chdir(tmp_path)

    problem = load_problem(directory)

    assert problem.id == "gap_dense"
    assert problem.arg_names == ("seed", "x", "features")
    assert len(problem.cases) == 7
    made = sorted((tmp_path / "reference" / "gap_dense" / "mutants").glob("*.py"))
    assert sorted(m.path for m in problem.diagnosis.mutants) == [p.resolve() for p in made]
    reference = problem.reference.read_text(encoding="utf-8")
    for mutant in problem.diagnosis.mutants:
        assert mutant.path.read_text(encoding="utf-8") != reference, f"the recipe left {mutant.name} unchanged"
        # The recipe marks what it changes, so its mutants pass the drift guard every kata gets.
        assert drift(reference, mutant.path.read_text(encoding="utf-8")) == [], mutant.name


def test_the_walkthrough_python_files_compile():
    for name, text in file_blocks().items():
        if name.endswith(".py"):
            compile(text, name, "exec")


def test_every_yaml_block_parses(tmp_path):
    yaml_blocks = blocks("yaml")
    assert len(yaml_blocks) >= 10
    for number, text in enumerate(yaml_blocks):
        path = tmp_path / f"block{number}.yaml"
        path.write_text(text, encoding="utf-8")
        root = load_yaml(path)  # the judge's own reader: duplicate keys are errors too
        assert isinstance(root.value, dict), f"YAML block {number} is not a mapping:\n{text}"


def _merged(base, fragment):
    """`fragment` laid over `base`: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        return {**base, **{key: _merged(base.get(key), value) for key, value in fragment.items()}}
    return fragment


def test_every_problem_yaml_fragment_loads_in_the_walkthrough_kata(tmp_path, monkeypatch):
    from judge.problem.load import _TOP_KEYS

    directory = write_walkthrough_kata(tmp_path)
    whole = yaml.safe_load((directory / "problem.yaml").read_text(encoding="utf-8"))
    fragments = [data for data in map(yaml.safe_load, blocks("yaml"))
                 if data != whole and set(data) <= _TOP_KEYS]
    assert len(fragments) >= 6  # generated, tolerance, limits, scoring, diagnosis (twice), starter
    monkeypatch.chdir(tmp_path)
    for fragment in fragments:
        (directory / "problem.yaml").write_text(yaml.safe_dump(_merged(whole, fragment)), encoding="utf-8")

        load_problem(directory)  # raises SpecError, naming the key, if a fragment is wrong


# -- the walk-through's probe module, on NumPy stand-ins -------------------------------------------
def _head(pool, key=lambda seed: seed, noise=None):
    """A gap_dense stand-in: `pool` the map, then a seed-drawn linear layer."""
    def forward(seed, x, features):
        kernel = np.random.default_rng(key(seed)).normal(size=(x.shape[-1], features))
        out = pool(np.asarray(x, dtype=np.float64)) @ kernel
        return out + (noise() if noise else 0.0)
    return forward


def _call(function):
    def call(*args):
        try:
            return Observation(np.asarray(function(*args), dtype=np.float32))
        except Exception as exc:  # noqa: BLE001 - as the judge's in-process call does
            return Observation(None, type(exc).__name__)
    return call


def _raises(seed, x, features):
    raise ValueError("not written yet")


STAND_INS = {
    "correct": (_head(lambda x: x.mean(axis=(0, 1))), set()),
    "sum pooling": (_head(lambda x: x.sum(axis=(0, 1))), {"wrong_pooling_op"}),
    "rows only": (_head(lambda x: x.mean(axis=0)), {"wrong_pooling_axes"}),
    "fixed seed": (_head(lambda x: x.mean(axis=(0, 1)), key=lambda seed: 0), {"ignores_seed"}),
    "random noise": (_head(lambda x: x.mean(axis=(0, 1)), noise=lambda: np.random.default_rng().normal()),
                     {"nondeterministic", "wrong_pooling_axes", "wrong_pooling_op"}),
    "raises": (_raises, set()),
}


@pytest.fixture(scope="module")
def guide_probe(tmp_path_factory):
    path = tmp_path_factory.mktemp("probes") / "probes.py"
    path.write_text(file_blocks()[f"{KATA}/probes.py"], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("_guide_probes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.probe


@pytest.mark.parametrize("name", STAND_INS)
def test_the_walkthrough_probes_name_the_mistake(guide_probe, name):
    function, expected = STAND_INS[name]

    found = {item.diagnosis for item in guide_probe(_call(function), np.random.default_rng(0))
             if hasattr(item, "diagnosis")}

    assert found == expected


# -- part 2: every key and default ----------------------------------------------------------------
def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    return {node.targets[0].id: node.value for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)}


def accepted_keys() -> set[str]:
    """Every key some `Field.mapping(...)` call in judge/problem allows, read from the source."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in (REPO / "judge" / "problem").glob("*.py")]
    constants = {name: value for tree in trees for name, value in _module_constants(tree).items()}  # e.g. CASE_KEYS
    keys = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "mapping":
                for part in ast.walk(node.args[0]):
                    if isinstance(part, ast.Name) and part.id in constants:
                        part = constants[part.id]
                    keys |= {c.value for c in ast.walk(part)
                             if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return keys


def documented_words(text: str) -> set[str]:
    spans = re.findall(r"`([^`]+)`", text)
    return {word for span in spans for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", span)}


def test_the_source_scan_finds_the_known_keys():
    assert {"id", "entry_point", "palette", "compare_cases", "visibility", "shape", "static"} <= accepted_keys()


def test_every_key_fill_and_dtype_is_in_the_reference():
    documented = documented_words(section("2. Reference"))
    wanted = accepted_keys() | set(FILLS) | {p for fill in FILLS.values() for p in fill.params} | set(ARRAY_DTYPES)

    assert not wanted - documented, f"part 2 of {GUIDE.name} does not mention: {sorted(wanted - documented)}"


def _row(key: str) -> str:
    rows = [line for line in section("2. Reference").splitlines() if line.startswith(f"| `{key}` |")]
    assert len(rows) == 1, f"part 2 should have one row for `{key}`"
    return rows[0]


def test_defaults_in_the_reference_are_the_loaders(tmp_path, monkeypatch):
    directory = write_walkthrough_kata(tmp_path)
    spec = yaml.safe_load((directory / "problem.yaml").read_text(encoding="utf-8"))
    for key in ("tolerance", "limits", "array_module", "title"):
        spec.pop(key, None)
    (directory / "problem.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    problem = load_problem(directory)

    for name, value in vars(problem.limits).items():
        assert f"default {value:g}" in _row(f"limits.{name}")
    for name in ("rtol", "atol"):
        shown = re.search(rf"{name}: ([0-9.e+-]+)", _row("tolerance")).group(1)
        assert float(shown) == getattr(problem.tolerance, name)
    assert f"default `{problem.array_module}`" in _row("array_module")
    assert problem.title == problem.id and "default: the id" in _row("title")
    case = problem.cases[1]  # no weight, no visibility
    assert f"default {case.weight:g}" in _row("cases[].weight") and not case.hidden


def test_the_reference_states_the_hint_and_step_limits():
    from judge.problem.parse_diagnosis import MAX_HINTS
    from judge.problem.parse_starter import MAX_STEPS

    assert f"1 to {MAX_HINTS}" in _row("diagnosis.catalog.<id>.hint")
    assert f"1 to {MAX_STEPS}" in _row("starter.steps")


# -- part 3: every message ----------------------------------------------------------------------
def _enclosing_functions(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    """Each node's innermost enclosing function (ast.walk visits outer functions first)."""
    owner = {}
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            owner.update((node, function) for node in ast.walk(function))
    return owner


def _templates(node: ast.expr, function: ast.AST | None) -> list[list[str | None]] | None:
    """The message `node` builds, as literal parts with None for each interpolated value.

    [] means the message is passed through from elsewhere (a parameter, `str(exc)`),
    whose own source is scanned where it is raised; None means it cannot be read here.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [[node.value]]
    if isinstance(node, ast.JoinedStr):
        return [[part.value if isinstance(part, ast.Constant) else None for part in node.values]]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":
        return []
    if isinstance(node, ast.IfExp):  # either branch may be the message
        found = [_templates(node.body, function), _templates(node.orelse, function)]
        return None if None in found else found[0] + found[1]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "a" + (b if c else "")
        left, right = _templates(node.left, function), _templates(node.right, function)
        return None if left is None or right is None else [a + b for a in left for b in right]
    if isinstance(node, ast.Name) and function is not None:
        assigned = [n.value for n in ast.walk(function) if isinstance(n, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)]
        if assigned:
            found = [_templates(value, function) for value in assigned]
            return None if any(f is None for f in found) else [t for f in found for t in f]
        parameters = [a.arg for a in function.args.args + function.args.kwonlyargs]
        return [] if node.id in parameters else None
    return None


def _pattern(template: list[str | None]) -> re.Pattern:
    """Literal parts must appear in order; an interpolated value may be any placeholder."""
    parts = [r"[^`|]+?" if part is None else re.escape(re.sub(r"\s+", " ", part)) for part in template]
    return re.compile("".join(parts))


def message_templates(paths, wanted) -> tuple[list[tuple[str, list]], list[str]]:
    """(where, template) for every message built at the call sites `wanted` picks, and the
    call sites whose message cannot be read from the source."""
    found, unreadable = [], []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owner = _enclosing_functions(tree)
        for node in ast.walk(tree):
            for argument in wanted(node):
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                templates = _templates(argument, owner.get(node))
                if templates is None:
                    unreadable.append(where)
                found += [(where, template) for template in templates or []]
    return found, unreadable


ERROR_SUBCLASSES = judge_error_subclasses()


def _message_arguments(node: ast.AST) -> list[ast.expr]:
    if not isinstance(node, ast.Call):
        return []
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    if name in ERROR_SUBCLASSES:
        return list(node.args)
    index = MESSAGE_ARGUMENT.get(name)
    return [node.args[index]] if index is not None and len(node.args) > index else []


def _gap_arguments(node: ast.AST) -> list[ast.expr]:
    """`gaps.append(MESSAGE)` and `gaps += [MESSAGE for ...]` in judge/validation.py."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "gaps"):
        return [node.args[0]]
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == "gaps" \
            and isinstance(node.value, ast.ListComp):
        return [node.value.elt]
    return []


def _code_spans() -> list[str]:
    """The guide's inline code spans, whitespace normalised: where it quotes messages."""
    prose = re.sub(r"^```.*?^```$", "", TEXT, flags=re.DOTALL | re.MULTILINE)
    spans = re.findall(r"``\s?(.+?)\s?``|`([^`]+)`", prose)  # ``a `quoted` word`` holds backticks
    return [" ".join((double or single).split()) for double, single in spans]


def quoted(template: list[str | None], spans: list[str]) -> bool:
    """Is the message quoted in some code span? (Its longest literal part picks the candidates.)"""
    longest = max((re.sub(r"\s+", " ", p).strip() for p in template if p is not None), key=len, default="")
    pattern = _pattern(template)
    return any(pattern.search(span) for span in spans if longest in span)


def test_the_source_scan_reads_every_message():
    messages, unreadable = message_templates(MESSAGE_SOURCES, _message_arguments)

    assert not unreadable, f"messages built in a way this test cannot read; extend _templates: {unreadable}"
    assert len(messages) >= 60  # the loader raises dozens; far fewer means the scan broke


def test_every_spec_message_is_in_the_guide():
    spans = _code_spans()
    messages, _ = message_templates(MESSAGE_SOURCES, _message_arguments)

    missing = [f"{where}: {''.join(p if p is not None else '<…>' for p in template)}"
               for where, template in messages if not quoted(template, spans)]

    assert not missing, "docs/authoring.md, part 3, lacks these messages:\n" + "\n".join(missing)


def test_every_validate_gap_is_in_the_guide():
    spans = _code_spans()
    gaps, unreadable = message_templates([GAP_SOURCE], _gap_arguments)

    assert not unreadable and len(gaps) >= 5
    missing = [where for where, template in gaps if not quoted(template, spans)]
    assert not missing, f"section 1.17 lacks the gaps raised at {missing}"


def test_a_message_missing_from_the_guide_is_noticed():
    spans = _code_spans()

    assert quoted(["must match the directory name ", None], spans)
    assert not quoted(["must match the directory name ", None, " or else"], spans)


# -- links ----------------------------------------------------------------------------------------
def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_into_the_guide_finds_its_heading():
    prose = re.sub(r"^```.*?^```$", "", TEXT, flags=re.DOTALL | re.MULTILINE)  # `# file:` lines are no headings
    anchors = {_anchor(h) for h in re.findall(r"^#+ (.+)$", prose, flags=re.MULTILINE)}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(#([^)]+)\)", TEXT) + re.findall(r"\]\(docs/authoring\.md#([^)]+)\)", readme)

    assert "docs/authoring.md" in readme, "README should point problem authors to the guide"
    assert links and not set(links) - anchors, f"links to missing headings: {sorted(set(links) - anchors)}"


@pytest.mark.parametrize(("text", "kind"), [("[1.0, 2.0]", "list"), ("{min: 1}", "mapping"), ("", "nothing"),
                                           ("'x'", "str")])
def test_a_wrong_type_is_named_in_yamls_words(tmp_path, text, kind):
    path = tmp_path / "spec.yaml"
    path.write_text(f"value: {text}\n", encoding="utf-8")

    with pytest.raises(SpecError) as error:
        load_yaml(path).child("value").number()

    assert str(error.value).endswith(f"expected a number, got {kind}")
    assert f"`{kind}`" in section("3. Error messages")


# -- an expression that divides by zero is a spec error, wherever it is evaluated ------------------
PALETTE_WITHOUT_ONES = [  # only a fixed case then has H = C = 1
    ("{name: seed, type: int, min: 0, max: 2147483647}",
     "{name: seed, type: int, min: 0, max: 'H // (C - 1) + 2147483646'}"),
    ("    - {H: 1, W: 1, C: 1, features: 1}\n", ""),
    ("seed: {min: 0, max: 2147483647}\n    x:", "seed: {min: 0, max: 2}\n    x:"),
]


@pytest.mark.parametrize(("edits", "where", "fix"), [
    ([("max: 64, static: true}", "max: 'C // (H - 1)', static: true}")],
     "generated.palette[0]", "'C // (H - 1)' divides by zero when C=1, H=1, in the range of input features"),
    ([("seed: {min: 0, max: 2147483647}\n    x:", "seed: {min: 0, max: 'H // (W - 1)'}\n    x:")],
     "generated.draws.seed", "'H // (W - 1)' divides by zero when H=1, W=1 for palette entry {'H': 1,"),
    (PALETTE_WITHOUT_ONES, "cases[2].seed", "'H // (C - 1) + 2147483646' divides by zero when C=1, H=1"),
])
def test_a_range_that_divides_by_zero_is_a_spec_error(tmp_path, monkeypatch, edits, where, fix):
    directory = write_walkthrough_kata(tmp_path)
    for old, new in edits:
        _replace(directory / "problem.yaml", old, new)
    monkeypatch.chdir(tmp_path)

    with pytest.raises(SpecError) as error:
        load_problem(directory)

    assert f": {where}: " in str(error.value) and fix in str(error.value), str(error.value)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_probe_api_in_the_guide_is_the_judges():
    import dataclasses

    from judge.diagnose.api import Finding

    fields = [f.name if f.default is dataclasses.MISSING else f"{f.name}={f.default!r}"
              for f in dataclasses.fields(Finding)]
    assert f"Finding({', '.join(fields)})" in TEXT
    for field in dataclasses.fields(Observation):
        assert f"`.{field.name}`" in TEXT
