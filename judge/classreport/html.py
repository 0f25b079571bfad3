"""The class report as one self-contained HTML file: inline style, script and SVG plots, no network.

Sections: scores, the comparison with an earlier round, mistakes, cases, look-alikes, and
every submission with an anchor (`#s-...`) that the other sections link to.
"""

from __future__ import annotations

from judge.classreport import plots, stats
from judge.classreport.build import ClassReport
from judge.classreport.escape import anchor
from judge.classreport.html_assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from judge.classreport.html_parts import (CODE_PAIRS, cell, e, e_code, highlighted_code, mistake_link, num,
                                          student_link, table)
from judge.classreport.lookalikes import describe_lines
from judge.classreport.wording import LOOKALIKE_CAVEAT, points, score_of, settings_line


def render_html(report: ClassReport) -> str:
    problems = ", ".join(s.problem for s in report.scores)
    sections = [("scores", "Scores", _scores(report))]
    if report.comparison is not None:
        sections.append(("compare", "Compared", _comparison(report)))
    sections += [("mistakes", "Mistakes", _mistakes(report)), ("cases", "Cases", _cases(report))]
    if report.lookalikes is not None:
        sections.append(("lookalikes", "Look-alikes", _lookalikes(report)))
    sections.append(("students", "Submissions", _students(report)))
    nav = "".join(f'<a href="#{key}">{title}</a>' for key, title, _ in sections)
    body = "\n".join(f'<section id="{key}"><h2>{title}</h2>\n{html}\n</section>' for key, title, html in sections)
    warnings = "".join(f'<p class="warning">{e(w, 1000)}</p>' for w in report.warnings)
    settings = " · ".join(e(settings_line(p, v), 400) for p, v in sorted(report.settings.items()))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class report: {e(problems)}</title>
<style>{STYLE}</style></head>
<body>
<h1>Class report: {e(problems)}</h1>
<p class="note">{len(report.submissions)} submissions from {", ".join(f"<code>{e(log, 500)}</code>"
                                                                for log in report.logs)}
· {settings}</p>
{warnings}
<nav>{nav}</nav>
{body}
<script>{SCRIPT}</script>
</body></html>
"""


def _scores(report: ClassReport) -> str:
    rows = [cell(f"<code>{e(s.problem)}</code>") + num(s.submissions, str(s.submissions)) + num(s.passed, str(s.passed))
            + num(s.pass_rate, stats.percent(s.pass_rate)) + num(s.mean, f"{points(s.mean)} / {points(s.max_score)}")
            + num(s.median, points(s.median)) + num(s.did_not_load, str(s.did_not_load))
            + num(s.not_graded, str(s.not_graded)) for s in report.scores]
    headers = [("problem", False), ("submissions", True), ("passed", True), ("pass rate", True), ("mean", True),
               ("median", True), ("did not load", True), ("not graded", True)]
    return (table("scores-table", headers, rows)
            + f'<div class="plot" id="plot-scores">{plots.scores_svg(report.scores, report.old_scores)}</div>')


def _comparison(report: ClassReport) -> str:
    comparison = report.comparison
    old = {s.problem: s for s in report.old_scores}
    rows = []
    for s in report.scores:
        if s.problem in old:
            then = old[s.problem]
            rows.append(cell(f"<code>{e(s.problem)}</code>") + num(then.pass_rate, stats.percent(then.pass_rate))
                        + num(s.pass_rate, stats.percent(s.pass_rate)) + num(then.mean, points(then.mean))
                        + num(s.mean, points(s.mean)) + num(then.median, points(then.median))
                        + num(s.median, points(s.median)))
    parts = [f'<p>Earlier round: {", ".join(f"<code>{e(log, 500)}</code>" for log in report.old_logs)}. '
             f"<b>{len(comparison.improved)}</b> improved, <b>{len(comparison.regressed)}</b> regressed, "
             f"{comparison.unchanged} unchanged; {len(comparison.only_new)} only in this round, "
             f"{len(comparison.only_old)} only in the earlier one.</p>",
             table("compare-scores", [("problem", False), ("pass rate then", True), ("now", True), ("mean then", True),
                                      ("now", True), ("median then", True), ("now", True)], rows)]
    for key, title, changes in (("improved", "Improved", comparison.improved),
                                ("regressed", "Regressed", comparison.regressed)):
        rows = [cell(student_link(c.path)) + num(c.old.score, score_of(c.old)) + num(c.new.score, score_of(c.new))
                + num(c.delta, f"{c.delta * 100:+.0f} %") for c in changes]
        parts.append(f"<h3>{title} ({len(changes)})</h3>" + (table(f"compare-{key}", [
            ("submission", False), ("then", True), ("now", True), ("change", True)], rows) if rows else "<p>None.</p>"))
    rows = [cell(f"<code>{e(m.problem)}</code>") + cell(f"<code>{e(m.id)}</code>") + cell(e(m.message))
            + num(m.old, str(m.old)) + num(m.new, str(m.new))
            + cell("disappeared" if m.old and not m.new else "new" if m.new and not m.old else "")
            for m in comparison.mistakes]
    if rows:
        parts.append("<h3>Mistakes then and now</h3>" + table("compare-mistakes", [
            ("problem", False), ("mistake", False), ("message", False), ("then", True), ("now", True),
            ("", False)], rows))
    return "\n".join(parts)


def _mistakes(report: ClassReport) -> str:
    parts = []
    if report.mistakes:
        parts.append(f'<div class="plot" id="plot-mistakes">{plots.mistakes_svg(report.mistakes)}</div>')
        rows, ids = [], []
        for m in report.mistakes:
            who = [student_link(p) for p in m.likely] + [student_link(p) + " (possible)" for p in m.possible]
            listed = (", ".join(who) if len(who) <= 10
                      else f"<details><summary>{len(who)} submissions</summary>{', '.join(who)}</details>")
            rows.append(num(m.count, str(m.count)) + num(len(m.likely), str(len(m.likely)))
                        + cell(f"<code>{e(m.problem)}</code>") + cell(f"<code>{e(m.id)}</code>")
                        + cell(e(m.message)) + cell(e(m.hint)) + cell(listed))
            ids.append(anchor("m", m.problem + "/" + m.id))
        parts.append(table("mistakes-table", [("submissions", True), ("likely", True), ("problem", False),
                                              ("mistake", False),
                                              ("message", False), ("first hint", False), ("who", False)], rows, ids))
    else:
        parts.append("<p>No submission was diagnosed with a known mistake.</p>")
    parts.append("<h3>Not passed, no mistake identified</h3>")
    if not report.unexplained:
        parts.append("<p>Every submission below full marks has an identified mistake.</p>")
    else:
        rows = [cell(student_link(u.submission.path)) + cell(f"<code>{e(u.submission.problem)}</code>")
                + num(u.submission.score, score_of(u.submission)) + cell(e(u.reason)) + cell(e(u.submission.note))
                for u in report.unexplained]
        parts.append("<p>Where the catalog of known mistakes could grow next.</p>" + table(
            "unexplained-table", [("submission", False), ("problem", False), ("score", True), ("why no mistake", False),
                                  ("first failure", False)], rows))
    return "\n".join(parts)


def _cases(report: ClassReport) -> str:
    parts = []
    for p in report.cases:
        slug = anchor("cases", p.problem)
        groups = [cell(g.kind) + num(g.cases, str(g.cases)) + num(g.failure_rate, stats.percent(g.failure_rate))
                  for g in p.groups]
        rows = []
        for c in p.cases:
            top = c.mistakes.most_common(1)
            rows.append(cell(f"<code>{e(c.id)}</code>" + (" (hidden)" if c.hidden else "")) + cell(c.kind)
                        + num(c.failed, f"{c.failed} / {c.runs}") + num(c.failure_rate, stats.percent(c.failure_rate))
                        + cell(mistake_link(p.problem, top[0][0]) + f" ({top[0][1]})" if top else ""))
        nobody = ", ".join(f"<code>{e(c.id)}</code>" for c in p.nobody_passes) or "none"
        everybody = ", ".join(f"<code>{e(c.id)}</code>" for c in p.everybody_passes) or "none"
        parts.append(
            f"<h3><code>{e(p.problem)}</code>: {p.loaded} submissions ran the cases</h3>"
            + table(f"{slug}-groups", [("group", False), ("cases", True), ("failure rate", True)], groups)
            + (f'<div class="plot" id="plot-{slug}">{plots.cases_svg(p)}</div>' if p.cases else "")
            + f"<p><b>No one passes</b> ({len(p.nobody_passes)}): {nobody}"
            + (" — a case no one passes may be wrong, or the statement unclear." if p.nobody_passes else "") + "</p>"
            + f"<p><b>Everyone passes</b> ({len(p.everybody_passes)}): {everybody}</p>"
            + table(f"{slug}-table", [("case", False), ("group", False), ("failed", True), ("failure rate", True),
                                      ("most common mistake among them", False)], rows))
    return "\n".join(parts)


def _lookalikes(report: ClassReport) -> str:
    found = report.lookalikes
    parts = [f'<p class="caveat">{e(LOOKALIKE_CAVEAT, 2000)}</p>']
    shown_code = 0
    for p in found.problems:
        parts.append(f"<h3><code>{e(p.problem)}</code>: {p.compared} files compared</h3>"
                     f'<p class="note">Not counted: {e_code(p.boilerplate, 1000)}, and passages found in more than '
                     f"{p.common_over} submissions (common idiom).</p>")
        if not p.pairs:
            parts.append("<p>No pair of submissions stands out.</p>")
            continue
        rows = [num(pair.similarity, stats.percent(pair.similarity)) + cell(student_link(pair.a))
                + cell(student_link(pair.b))
                + num(pair.match.similarity_a, stats.percent(pair.match.similarity_a))
                + num(pair.match.similarity_b, stats.percent(pair.match.similarity_b))
                + cell(e(describe_lines(pair.lines_a))) + cell(e(describe_lines(pair.lines_b))) for pair in p.pairs]
        parts.append(table(anchor("pairs", p.problem), [
            ("similarity", True), ("submission A", False), ("submission B", False), ("A found in B", True),
            ("B found in A", True), ("matching lines of A", False), ("of B", False)], rows))
        if p.more_pairs:
            parts.append(f"<p>… and {p.more_pairs} more pairs above the threshold, not listed.</p>")
        for cluster in p.clusters:
            parts.append(f"<p>Cluster of {len(cluster)}: {', '.join(student_link(path) for path in cluster)}</p>")
        for pair in p.pairs:
            if shown_code >= CODE_PAIRS:
                break
            shown_code += 1
            parts.append(f"<details><summary>{stats.percent(pair.similarity)}: <code>{e(pair.a, 1000)}</code> and "
                         f"<code>{e(pair.b, 1000)}</code> side by side</summary><div class=\"pair\">"
                         f"<div>{student_link(pair.a)}"
                         f"{highlighted_code(found.code.get(pair.a, ''), pair.match.spans_a)}</div>"
                         f"<div>{student_link(pair.b)}"
                         f"{highlighted_code(found.code.get(pair.b, ''), pair.match.spans_b)}</div>"
                         "</div></details>")
    if found.unread:
        items = "".join(f"<li>{student_link(path)}: {e(reason, 500)}</li>" for path, reason in found.unread)
        parts.append(f"<h3>Not compared ({len(found.unread)})</h3><ul>{items}</ul>")
    return "\n".join(parts)


def _students(report: ClassReport) -> str:
    partners: dict[str, list[str]] = {}
    for p in report.lookalikes.problems if report.lookalikes else ():
        for pair in p.pairs:
            partners.setdefault(pair.a, []).append(pair.b)
            partners.setdefault(pair.b, []).append(pair.a)
    rows, ids = [], []
    for row in report.submissions:
        mistakes = [mistake_link(row.problem, i) for i in row.likely] + [mistake_link(row.problem, i) + " (possible)"
                                                                         for i in row.possible]
        failed = num(row.cases_failed, f"{row.cases_failed} / {row.cases_run}") if row.cases_run else cell(e(row.note))
        alike = ", ".join(student_link(other) for other in partners.get(row.path, ()))
        rows.append(cell(f"<code>{e(row.path, 1000)}</code>") + cell(f"<code>{e(row.problem)}</code>")
                    + cell(f'<span class="{e(row.status, 20)}">{e(row.status, 20)}</span>')
                    + num(stats.fraction(row.score, row.max_score), score_of(row)) + cell(", ".join(mistakes))
                    + failed + cell(alike))
        ids.append(anchor("s", row.path))
    return table("students-table", [("submission", False), ("problem", False), ("status", False), ("score", True),
                                    ("mistakes", False), ("cases failed", True), ("looks like", False)], rows, ids)
