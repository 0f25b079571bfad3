"""Every string from a submission is escaped in the class report, and the Markdown fits a step summary."""

from __future__ import annotations

import re

from class_records import record, small_class, write_log
from judge.classreport.build import build_report
from judge.classreport.escape import anchor, markdown_code, markdown_fence, markdown_text
from judge.classreport.html import render_html
from judge.classreport.markdown import render_markdown

HOSTILE_PATH = "s/<script>alert(1)</script>|*x*`y`\x1b[31m\u202e.py"
HOSTILE_MESSAGE = '<img src=x onerror=alert(2)> [link](javascript:alert(3)) | `code` & "quotes"'
MATH_CASE = r"$\frac{1}{2}$-case"


def hostile_report(tmp_path):
    records = [record(HOSTILE_PATH, 10.0, failing=("a", MATH_CASE), likely=("<b>bold</b>",), message=HOSTILE_MESSAGE,
                      hint=HOSTILE_MESSAGE, cases=("a", MATH_CASE)),
               record("s/ok.py", 100.0, cases=("a", MATH_CASE))]
    return build_report([write_log(tmp_path / "r.jsonl", records)], lookalikes=False)


def test_html_escapes_paths_messages_and_ids(tmp_path):
    page = render_html(hostile_report(tmp_path))
    assert page.count("<script>") == 1  # only the report's own script
    for raw in ("<script>alert", "<img src=x", "<b>bold</b>", "\x1b", "\u202e"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    # A case id with dollar signs reaches the plot as text, not as mathtext.
    assert "$\\frac{1}{2}$-case" in page


def test_markdown_escapes_and_keeps_table_columns(tmp_path):
    document = render_markdown(hostile_report(tmp_path))
    assert "\x1b" not in document and "\u202e" not in document
    assert "``s/<script>alert(1)</script>\\|*x*`y`?[31m?.py``" in document  # in a code span HTML is text
    outside_code = re.sub(r"(`+)(.+?)\1", "", document)
    for raw in ("<script", "<img", "<b>", "](javascript"):
        assert raw not in outside_code
    rows = [line for line in document.splitlines() if line.startswith("| ")]
    columns = None
    for line in document.splitlines() + [""]:  # every row of a table has its header's number of cells
        if line.startswith("| "):
            cells = len(re.findall(r"(?<!\\)\|", line))
            columns = columns or cells
            assert cells == columns, line
        else:
            columns = None
    assert rows


def test_escape_helpers():
    assert markdown_text("*a* _b_ <c> [d](e) # f | g") == r"\*a\* \_b\_ &lt;c\> \[d\]\(e\) \# f \| g"
    assert markdown_code("a`b|c") == "``a`b\\|c``"
    assert markdown_fence("x\n```\ny") == "````\nx\n```\ny\n````"
    assert re.fullmatch(r"s-[A-Za-z0-9_.-]+", anchor("s", HOSTILE_PATH))
    assert anchor("s", "a/b.py") != anchor("s", "a-b.py")  # readable parts alike, digests apart


def test_markdown_is_cut_to_the_step_summary_limit_with_a_notice(tmp_path):
    records = [record(f"students/{'x' * 150}/{number:05}.py", 50.0, failing=("a",), likely=("missing_sigmoid",))
               for number in range(4000)]
    report = build_report([write_log(tmp_path / "r.jsonl", records)], lookalikes=False)
    whole = render_markdown(report, limit=10**9)
    assert len(whole.encode()) > 200_000
    cut = render_markdown(report, limit=200_000)
    assert len(cut.encode()) <= 200_000
    assert "**Cut here:**" in cut and f"{len(whole.encode()):,} bytes" in cut
    assert sum(1 for line in cut.splitlines() if line.startswith("```")) % 2 == 0  # no fence left open
    assert render_markdown(build_report([write_log(tmp_path / "s.jsonl", small_class())], lookalikes=False)).count(
        "Cut here") == 0
