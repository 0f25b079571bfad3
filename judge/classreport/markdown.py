"""The class report as Markdown: the text subset of the HTML report, for a CI step summary.

GitHub shows at most 1 MiB of a step summary, so long lists are cut first (with how many
were left out) and the whole document is cut at a line if it is still too long, with a
notice that says where the full report is. Every string from a record or a file is escaped.
"""

from __future__ import annotations

from judge.classreport import stats
from judge.classreport.build import ClassReport
from judge.classreport.escape import markdown_code as code
from judge.classreport.escape import markdown_text as text
from judge.classreport.lookalikes import describe_lines
from judge.classreport.wording import LOOKALIKE_CAVEAT, points, score_of, settings_line

# GitHub's limit on one step's summary (GITHUB_STEP_SUMMARY): 1 MiB.
STEP_SUMMARY_BYTES = 1024 * 1024
_NOTICE_BYTES = 600  # kept free for the truncation notice
LISTED = 50  # rows of a long list (improved, unexplained, hardest cases, pairs) before "and N more"
NAMES_PER_MISTAKE = 20  # submissions named beside one mistake
HISTOGRAM_WIDTH = 30


def render_markdown(report: ClassReport, limit: int = STEP_SUMMARY_BYTES) -> str:
    lines = [f"# Class report: {', '.join(code(s.problem) for s in report.scores)}", "",
             f"{len(report.submissions)} submissions from {', '.join(code(log) for log in report.logs)} · "
             + " · ".join(text(settings_line(problem, values), 400)
                          for problem, values in sorted(report.settings.items()))]
    for warning in report.warnings:
        lines += ["", f"> {text(warning)}"]
    lines += _scores(report) + _comparison(report) + _mistakes(report) + _cases(report)
    lines += _lookalikes(report) + _submissions(report)
    return _cap("\n".join(lines) + "\n", limit)


def _scores(report: ClassReport) -> list[str]:
    lines = ["", "## Scores", "",
             "| problem | submissions | passed | pass rate | mean | median | did not load | not graded |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in report.scores:
        lines.append(f"| {code(s.problem)} | {s.submissions} | {s.passed} | {stats.percent(s.pass_rate)} | "
                     f"{points(s.mean)} / {points(s.max_score)} | {points(s.median)} | {s.did_not_load} | "
                     f"{s.not_graded} |")
    for s in report.scores:
        widest = max(s.histogram) or 1
        lines += ["", f"Score distribution, {code(s.problem)} (share of {points(s.max_score)} points):", "", "```"]
        for label, count in zip(stats.BIN_LABELS, s.histogram):
            lines.append(f"{label:>10}  {'█' * round(HISTOGRAM_WIDTH * count / widest)} {count}".rstrip())
        lines.append("```")
    return lines


def _comparison(report: ClassReport) -> list[str]:
    comparison = report.comparison
    if comparison is None:
        return []
    lines = ["", "## Compared with the earlier round", "",
             f"Earlier round: {', '.join(code(log) for log in report.old_logs)}.",
             "", "| problem | pass rate then | now | mean then | now | median then | now |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    old = {s.problem: s for s in report.old_scores}
    for s in report.scores:
        before = old.get(s.problem)
        if before:
            lines.append(f"| {code(s.problem)} | {stats.percent(before.pass_rate)} | {stats.percent(s.pass_rate)} | "
                         f"{points(before.mean)} | {points(s.mean)} | {points(before.median)} | {points(s.median)} |")
    lines += ["", f"**{len(comparison.improved)}** improved, **{len(comparison.regressed)}** regressed, "
                  f"{comparison.unchanged} unchanged; {len(comparison.only_new)} only in this round, "
                  f"{len(comparison.only_old)} only in the earlier one."]
    for title, changes in (("Improved", comparison.improved), ("Regressed", comparison.regressed)):
        if changes:
            lines += ["", f"### {title}", "", "| submission | then | now |", "| --- | ---: | ---: |"]
            lines += [f"| {code(c.path)} | {score_of(c.old)} | {score_of(c.new)} |" for c in changes[:LISTED]]
            lines += _more(len(changes) - LISTED)
    if comparison.mistakes:
        lines += ["", "### Mistakes then and now", "", "| problem | mistake | then | now |",
                  "| --- | --- | ---: | ---: |"]
        for m in comparison.mistakes:
            gone = " (disappeared)" if m.old and not m.new else " (new)" if m.new and not m.old else ""
            lines.append(f"| {code(m.problem)} | {code(m.id)}{gone} | {m.old} | {m.new} |")
    return lines


def _mistakes(report: ClassReport) -> list[str]:
    lines = ["", "## Mistakes", ""]
    if not report.mistakes:
        lines.append("No submission was diagnosed with a known mistake.")
    else:
        lines += ["Each diagnosis, most frequent first: *likely* when the judge identified it, *possible* when it only "
                  "fits the failure.", "",
                  "| submissions | problem | mistake | message | first hint | who |",
                  "| ---: | --- | --- | --- | --- | --- |"]
        for m in report.mistakes:
            counts = f"{m.count}" + (f" ({len(m.likely)} likely, {len(m.possible)} possible)" if m.possible else "")
            who = [code(p) for p in m.likely[:NAMES_PER_MISTAKE]]
            who += [code(p) + " (possible)" for p in m.possible[:max(0, NAMES_PER_MISTAKE - len(who))]]
            rest = m.count - len(who)
            lines.append(f"| {counts} | {code(m.problem)} | {code(m.id)} | {text(m.message)} | {text(m.hint)} | "
                         f"{', '.join(who)}{f', and {rest} more' if rest > 0 else ''} |")
    lines += ["", "### Not passed, no mistake identified", ""]
    if not report.unexplained:
        return lines + ["Every submission below full marks has an identified mistake."]
    lines += ["Where the catalog of known mistakes could grow next.", "",
              "| submission | problem | score | why no mistake | first failure |", "| --- | --- | ---: | --- | --- |"]
    for item in report.unexplained[:LISTED]:
        row = item.submission
        lines.append(f"| {code(row.path)} | {code(row.problem)} | {score_of(row)} | {text(item.reason)} | "
                     f"{text(row.note)} |")
    return lines + _more(len(report.unexplained) - LISTED)


def _cases(report: ClassReport) -> list[str]:
    lines = ["", "## Cases"]
    for p in report.cases:
        lines += ["", f"### {code(p.problem)}: {p.loaded} submissions ran the cases", "",
                  "| group | cases | failure rate |", "| --- | ---: | ---: |"]
        lines += [f"| {g.kind} | {g.cases} | {stats.percent(g.failure_rate)} |" for g in p.groups]
        hard = [c for c in p.cases if c.failed]
        if hard:
            lines += ["", "| case | group | failed | failure rate | most common mistake among them |",
                      "| --- | --- | ---: | ---: | --- |"]
            for c in hard[:LISTED]:
                top = c.mistakes.most_common(1)
                lines.append(f"| {code(c.id)}{' (hidden)' if c.hidden else ''} | {c.kind} | {c.failed} / {c.runs} | "
                             f"{stats.percent(c.failure_rate)} | "
                             f"{code(top[0][0]) + f' ({top[0][1]})' if top else ''} |")
            lines += _more(len(hard) - LISTED)
        lines += ["", f"**No one passes** ({len(p.nobody_passes)}): "
                      + (", ".join(code(c.id) for c in p.nobody_passes[:LISTED]) or "none")
                      + (" — a case no one passes may be wrong, or the statement unclear." if p.nobody_passes else "")]
        lines += ["", f"**Everyone passes** ({len(p.everybody_passes)}): "
                      + (", ".join(code(c.id) for c in p.everybody_passes[:LISTED]) or "none")
                      + (f", and {len(p.everybody_passes) - LISTED} more" if len(p.everybody_passes) > LISTED else "")]
    return lines


def _lookalikes(report: ClassReport) -> list[str]:
    found = report.lookalikes
    if found is None:
        return []
    lines = ["", "## Look-alikes", "", LOOKALIKE_CAVEAT]
    for p in found.problems:
        lines += ["", f"### {code(p.problem)}: {p.compared} files compared", "",
                  f"Not counted: {text(p.boilerplate, 1000)}, and passages found in more than {p.common_over} "
                  "submissions (common idiom)."]
        if not p.pairs:
            lines += ["", "No pair of submissions stands out."]
            continue
        lines += ["", "| similarity | submission A | submission B | A found in B | B found in A | "
                  "matching lines of A | of B |",
                  "| ---: | --- | --- | ---: | ---: | --- | --- |"]
        for pair in p.pairs[:LISTED]:
            lines.append(f"| {stats.percent(pair.similarity)} | {code(pair.a)} | {code(pair.b)} | "
                         f"{stats.percent(pair.match.similarity_a)} | {stats.percent(pair.match.similarity_b)} | "
                         f"{describe_lines(pair.lines_a)} | {describe_lines(pair.lines_b)} |")
        lines += _more(len(p.pairs) - LISTED + p.more_pairs)
        for cluster in p.clusters:
            lines += ["", f"Cluster of {len(cluster)}: " + ", ".join(code(path) for path in cluster)]
    if found.unread:
        lines += ["", f"Not compared ({len(found.unread)}):", ""]
        lines += [f"- {code(path)}: {text(reason)}" for path, reason in found.unread[:LISTED]]
        lines += _more(len(found.unread) - LISTED)
    return lines


def _submissions(report: ClassReport) -> list[str]:
    lines = ["", "## Submissions", "", "| submission | problem | status | score | mistakes | cases failed |",
             "| --- | --- | --- | ---: | --- | ---: |"]
    for row in report.submissions:
        mistakes = ", ".join([code(i) for i in row.likely] + [code(i) + " (possible)" for i in row.possible])
        failed = f"{row.cases_failed} / {row.cases_run}" if row.cases_run else text(row.note) or "—"
        lines.append(f"| {code(row.path)} | {code(row.problem)} | {row.status} | {score_of(row)} | {mistakes} | "
                     f"{failed} |")
    return lines


def _more(count: int) -> list[str]:
    return ["", f"… and {count} more (the HTML report lists them all)."] if count > 0 else []


def _cap(document: str, limit: int) -> str:
    """`document` if it fits in `limit` bytes, else its first lines and a notice (fences closed)."""
    data = document.encode("utf-8")
    if len(data) <= limit:
        return document
    kept, size, fence = [], 0, None
    for line in document.splitlines(keepends=True):
        size += len(line.encode("utf-8"))
        if size > limit - _NOTICE_BYTES:
            break
        kept.append(line)
        stripped = line.strip()
        ticks = stripped[: len(stripped) - len(stripped.lstrip("`"))]
        if fence is None and len(ticks) >= 3:
            fence = ticks
        elif fence is not None and stripped == ticks and len(ticks) >= len(fence):
            fence = None
    if fence:
        kept.append(fence + "\n")
    kept.append(f"\n> **Cut here:** the full report is {len(data):,} bytes and a GitHub step summary shows at most "
                f"{limit:,}; render it with `--format html` for every row.\n")
    return "".join(kept)
