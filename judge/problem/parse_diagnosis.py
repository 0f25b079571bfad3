"""Parsing the `diagnosis:` section of problem.yaml: known mistakes and how to spot them.

- `catalog`: each mistake's stable id, what it means, hints that teach without giving
  the solution (one, or a list from gentle to specific: the report shows the first,
  `judge hint` reveals the others one at a time), and the partial credit (a fraction of
  the maximum score) it still earns;
- `mutants`: known-wrong implementations, each tagged with its mistake; a submission whose
  outputs match one on `compare_cases` is diagnosed with it;
- `probes`: a Python module of behavioural checks that do not depend on the weights;
- `when_only_values_differ`: the mistake to name when no mutant matches, no probe finds a
  mistake, the probes affirm the architecture (`Holds`), and still some case's values differ;
- `cheats`: files that imitate a block without being one; `judge validate` grades each and
  fails when one earns partial credit or more than a tenth of the score.
"""

from __future__ import annotations

from pathlib import Path

from judge.problem.case import Case
from judge.problem.model import DiagnosisSpec, Mistake, Mutant
from judge.problem.yamlfile import Field


# A learner asks for hints one at a time; past a handful they stop teaching and start solving.
MAX_HINTS = 5


def _hints(field: Field) -> tuple[str, ...]:
    """`hint:` is one string, or a list of them from gentle to specific."""
    if not isinstance(field.value, list):
        return (field.text(),)
    items = field.items()
    if not items:
        raise field.fail("give at least one hint: a string, or a list from gentle to specific")
    if len(items) > MAX_HINTS:
        raise field.fail(f"at most {MAX_HINTS} hints; merge the most specific ones", value=f"{len(items)} hints")
    hints = []
    for item in items:
        text = item.text()
        if text in hints:
            raise item.fail("repeats an earlier hint; each level must say something new")
        hints.append(text)
    return tuple(hints)


def parse_diagnosis(field: Field, directory: Path, cases: "tuple[Case, ...]") -> DiagnosisSpec:
    field.mapping({"catalog", "mutants", "probes", "compare_cases", "when_only_values_differ", "cheats"},
                  required={"catalog"})
    catalog_field = field.child("catalog")
    catalog_field.mapping(set(catalog_field.value or {}))
    catalog = {}
    for key in catalog_field.value or {}:
        entry = catalog_field.child(key)
        entry.mapping({"message", "hint", "credit"}, required={"message", "hint", "credit"})
        credit = entry.child("credit").number(minimum=0)
        if credit > 1:
            raise entry.child("credit").fail("a fraction of the maximum score: between 0 and 1")
        catalog[key] = Mistake(key, entry.child("message").text(), _hints(entry.child("hint")), credit)
    if not catalog:
        raise catalog_field.fail("list at least one mistake")

    def known(item: Field) -> str:
        name = item.text()
        if name not in catalog:
            raise item.fail(f"not in diagnosis.catalog; known: {', '.join(sorted(catalog))}")
        return name

    mutants = []
    for item in field.child("mutants").items() if field.has("mutants") else []:
        item.mapping({"path", "diagnosis"}, required={"path", "diagnosis"})
        path = (directory / item.child("path").text()).resolve()
        if not path.is_file():
            raise item.child("path").fail(f"no such file ({path})")
        mutants.append(Mutant(path.stem, path, known(item.child("diagnosis"))))
    if len({m.name for m in mutants}) != len(mutants):
        raise field.child("mutants").fail("two mutants share a file name; names must be unique", value="...")
    probes = None
    if field.has("probes"):
        probes = directory / field.child("probes").text()
        if not probes.is_file():
            raise field.child("probes").fail(f"no such file ({probes})")
    ids = {case.id for case in cases}
    compare_cases = []
    for item in field.child("compare_cases").items() if field.has("compare_cases") else []:
        if item.text() not in ids:
            raise item.fail("not the id of a case in cases.yaml")
        compare_cases.append(item.value)
    if mutants and not compare_cases:
        raise field.fail("mutants need compare_cases: the fixed case ids their outputs are compared on", value="...")
    fallback = known(field.child("when_only_values_differ")) if field.has("when_only_values_differ") else None
    cheats = []
    for item in field.child("cheats").items() if field.has("cheats") else []:
        path = (directory / item.text()).resolve()
        if not path.is_file():
            raise item.fail(f"no such file ({path})")
        cheats.append(path)
    return DiagnosisSpec(catalog, tuple(mutants), probes, tuple(compare_cases), fallback, tuple(cheats))
