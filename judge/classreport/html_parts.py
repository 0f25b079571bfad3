"""Pieces of the HTML report: tables, links to students, highlighted code. Everything escaped here."""

from __future__ import annotations

import html
import re

from judge.classreport.escape import anchor, clean_block, html_text

# The HTML report shows the code of at most this many pairs side by side (each file's code
# once per pair, highlighted for that pair); the rest are listed with their matching lines.
CODE_PAIRS = 50


def e(text: object, limit: int = 300) -> str:
    return html_text(text, limit)


def e_code(text: object, limit: int = 300) -> str:
    """`e`, with our own `backticked` words set as code (the report's notes are written in Markdown's way)."""
    return re.sub(r"`([^`\n]+)`", r"<code>\1</code>", e(text, limit))


def student_link(path: str) -> str:
    return f'<a href="#{anchor("s", path)}"><code>{e(path, 1000)}</code></a>'


def mistake_link(problem: str, mistake_id: str) -> str:
    return f'<a href="#{anchor("m", problem + "/" + mistake_id)}"><code>{e(mistake_id)}</code></a>'


def num(value: float | None, shown: str) -> str:
    """A numeric cell: sorted by `value`, showing `shown` (already escaped or safe)."""
    sort = "" if value is None else f' data-sort="{value:.6g}"'
    return f'<td class="num"{sort}>{shown}</td>'


def cell(html: str) -> str:
    return f"<td>{html}</td>"


def table(table_id: str, headers: list[tuple[str, bool]], rows: list[str], row_ids: list[str] | None = None) -> str:
    """A sortable table; `headers` are (label, numeric); each row is its cells' HTML."""
    head = "".join(f'<th{" class=num" if numeric else ""}>{e(label)}</th>' for label, numeric in headers)
    ids = row_ids or [""] * len(rows)
    body = "\n".join(f"<tr{_id_attribute(row_id)}>{row}</tr>" for row, row_id in zip(rows, ids))
    return (f'<table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table>")


def highlighted_code(code: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`code` in a <pre> with line numbers, the characters in `spans` marked."""
    code = clean_block(code)
    code = code[:-1] if code.endswith("\n") else code  # no empty numbered line after the last one
    marked = [False] * (len(code) + 1)
    for start, end in spans:
        for position in range(max(0, start), min(end, len(code))):
            marked[position] = True
    lines, parts, run_start = [], [], 0
    for position in range(len(code) + 1):
        at_end = position == len(code)
        if at_end or code[position] == "\n" or marked[position] != marked[run_start]:
            if position > run_start:
                piece = html.escape(code[run_start:position], quote=True)
                parts.append(f"<mark>{piece}</mark>" if marked[run_start] else piece)
            if at_end or code[position] == "\n":
                lines.append("".join(parts))
                parts = []
                run_start = position + 1
            else:
                run_start = position
    return '<pre class="code">' + "\n".join(
        f'<span class="ln">{number}</span>{line}' for number, line in enumerate(lines, start=1)) + "</pre>"


def _id_attribute(row_id: str) -> str:
    return f' id="{row_id}"' if row_id else ""
