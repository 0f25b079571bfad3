"""Checks on what an attack got into the reports (expected.yaml keys beyond the common ones).

    absent:           strings that must appear in no format: the JSON report the attack test
                      printed, every other format rendered from it (junit, exercism,
                      gradescope, markdown, csv), and the text report when `also_text` is set
    also_text:        grade a second time with --format text and check that report too
    max_report_bytes: the JSON report's size bound
    markdown_inert:   the Markdown summary of the report has no link, image or raw HTML
"""

from __future__ import annotations

import json

from markdown_it import MarkdownIt

from judge.report.csv_report import render_csv
from judge.report.formats import ONE

# Markdown tokens through which text would act instead of being read.
_LIVE_TOKENS = {"link_open", "image", "html_inline", "html_block"}


KEYS = ("absent", "also_text", "max_report_bytes", "markdown_inert")


def check(attack: str, expected: dict, json_report: str, text_report: str | None) -> None:
    """The checks `expected` names; none for an attack that names none (its report may not
    even be one JSON document, as under a known gap of the process fallback)."""
    if not any(key in expected for key in KEYS):
        return
    if "max_report_bytes" in expected:
        size = len(json_report.encode("utf-8", errors="replace"))
        assert size <= expected["max_report_bytes"], f"{attack}: JSON report of {size} bytes"
    reports = rendered(json_report)
    if text_report is not None:
        reports["text"] = text_report
    for needle in expected.get("absent", ()):
        leaked = [name for name, text in reports.items() if needle in text]
        assert not leaked, f"{attack}: {needle!r} reached the {', '.join(leaked)} report(s)"
    if expected.get("markdown_inert"):
        live = live_markdown(reports["markdown"])
        assert not live, f"{attack}: the Markdown summary has live {sorted(live)}\n{reports['markdown']}"


def rendered(json_report: str) -> dict[str, str]:
    """The JSON report as printed, and every format the judge renders from the same document."""
    document = json.loads(json_report)
    reports = {"json": json_report, "csv": render_csv([document])}
    reports.update({name: render(document) for name, render in ONE.items()})
    return reports


def live_markdown(text: str) -> set[str]:
    """Which live constructs (links, images, raw HTML, bare URLs GitHub would link) `text` has."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found = {t.type for t in tokens if t.type in _LIVE_TOKENS}
    for token in tokens:
        found |= {child.type for child in token.children or () if child.type in _LIVE_TOKENS}
        plain = "".join(child.content for child in token.children or () if child.type == "text")
        if "://" in plain or "www." in plain:
            found.add("autolink")
    return found
