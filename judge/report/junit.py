"""JUnit XML for CI test views: a testsuite per submission, a testcase per case.

Valid against the Jenkins junit-10 XSD (tests/data/junit-10.xsd, checked by the tests).
A wrong output is a <failure> carrying the mismatch summary; a case that raised,
crashed or was not run is an <error> (type "timeout" for a timeout). A submission
that did not load, or that the judge could not grade, gets one more testcase
("load" / "grade") whose <error> says why. Seed, scores, diagnoses and versions go
into each suite's <properties>.
"""

from __future__ import annotations

import re
from typing import Sequence
from xml.etree import ElementTree as ET

from judge.report.common import Report, case_text, path_of, points

# Characters XML 1.0 cannot carry at all (control characters a submission may print).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(reports: Sequence[Report]) -> str:
    suites = [_suite(report) for report in reports]
    root = ET.Element("testsuites", name="judge", tests=str(sum(int(s.get("tests")) for s in suites)),
                      failures=str(sum(int(s.get("failures")) for s in suites)),
                      errors=str(sum(int(s.get("errors")) for s in suites)),
                      time=_seconds(sum(r.get("duration_s", 0.0) for r in reports)))
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(report: Report) -> ET.Element:
    path = path_of(report)
    cases = [_testcase(path, case) for case in report["cases"]]
    if report.get("judge_error"):
        cases.insert(0, _problem_case(path, "grade", "judge-error", report["judge_error"]))
    elif report.get("load_error"):
        cases.insert(0, _problem_case(path, "load", "load-error", report["load_error"]))
    suite = ET.Element(
        "testsuite", name=_text(path), tests=str(len(cases)),
        failures=str(sum(c.find("failure") is not None for c in cases)),
        errors=str(sum(c.find("error") is not None for c in cases)),
        skipped="0", time=_seconds(report.get("duration_s", 0.0)), file=_text(path),
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in _properties(report):
        ET.SubElement(properties, "property", name=name, value=_text(value))
    suite.extend(cases)
    return suite


def _properties(report: Report) -> list[tuple[str, str]]:
    shown = [
        ("problem", report["problem"]), ("status", report["status"]),
        ("score", points(report["score"])), ("max_score", points(report["max_score"])),
        ("seed", str(report["seed"])), ("examples", str(report["examples"])),
        ("isolation", str(report.get("isolation", ""))),
    ]
    shown += [(f"diagnosis.{d['id']}", d.get("message", "")) for d in report["diagnoses"]]
    if report.get("minimal_failure"):
        shown.append(("minimal_failure.replay", report["minimal_failure"]["replay"]))
    shown += [(f"versions.{name}", version) for name, version in sorted(report["versions"].items())]
    return shown


def _testcase(path: str, case: dict) -> ET.Element:
    element = ET.Element("testcase", name=_text(case["id"]), classname=_classname(path, case["kind"]))
    status = case["status"]
    if status != "passed":
        tag = "failure" if status == "failed" else "error"
        outcome = ET.SubElement(element, tag, type=status, message=_text(case["message"]))
        outcome.text = _text(case_text(case))
    if case.get("output", "").strip():
        ET.SubElement(element, "system-out").text = _text(case["output"])
    return element


def _problem_case(path: str, name: str, kind: str, message: str) -> ET.Element:
    element = ET.Element("testcase", name=name, classname=_classname(path, "submission"))
    ET.SubElement(element, "error", type=kind, message=_text(message)).text = _text(message)
    return element


def _classname(path: str, group: str) -> str:
    # CI views split a classname at its last dot into package and class: keep the
    # path's own dots out of it, so "submissions/a.py" groups as submissions/a_py > fixed.
    return _text(path.replace(".", "_") + "." + group)


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)
