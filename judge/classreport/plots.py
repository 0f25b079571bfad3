"""The HTML report's plots: matplotlib figures rendered to inline SVG.

matplotlib over plotly: an SVG of a histogram is a few tens of KB and needs no script,
while plotly would inline its ~4 MB JavaScript bundle into every report. Text stays text in the SVG
(`svg.fonttype: none`), and no label is read as mathtext (`text.parse_math: False`), so
a `$` in a case id is just a dollar sign. The SVG escapes its text itself.
"""

from __future__ import annotations

import io

from judge.classreport import stats
from judge.classreport.summary import ProblemCases, ProblemScores
from judge.classreport.collect import MistakeTally

_STYLE = {"svg.fonttype": "none", "text.parse_math": False, "font.size": 9, "axes.spines.top": False,
          "axes.spines.right": False, "font.family": ["DejaVu Sans", "sans-serif"]}
BLUE, ORANGE, GREY = "#3b6ea8", "#d9822b", "#b8c2cc"
SHOWN_MISTAKES = 20  # bars in the mistakes chart; the table lists them all
SHOWN_CASES = 40  # fixed cases in one chart (the hardest); the table lists them all


def scores_svg(scores: tuple[ProblemScores, ...], old: tuple[ProblemScores, ...] = ()) -> str:
    """One histogram per problem (shares of the maximum), the earlier round as an outline."""
    before = {s.problem: s for s in old}

    def draw(figure):
        axes_list = figure.subplots(1, len(scores), squeeze=False)[0]
        for axes, problem in zip(axes_list, scores):
            positions = range(len(stats.BIN_LABELS))
            axes.bar(positions, problem.histogram, color=BLUE, label="this round")
            if problem.problem in before:
                axes.bar(positions, before[problem.problem].histogram, fill=False, edgecolor=ORANGE, linewidth=1.5,
                         label="earlier round")
                axes.legend(frameon=False)
            axes.set_xticks(list(positions), [label.replace(" %", "") for label in stats.BIN_LABELS], rotation=45)
            axes.set_xlabel("score, % of the maximum")
            axes.set_ylabel("submissions")
            axes.set_title(problem.problem)
            axes.yaxis.get_major_locator().set_params(integer=True)
    return _svg(draw, (max(4.5, 4.5 * len(scores)), 3.2), "scores")


def mistakes_svg(mistakes: tuple[MistakeTally, ...]) -> str:
    shown = list(mistakes[:SHOWN_MISTAKES])[::-1]  # most frequent at the top
    several = len({m.problem for m in mistakes}) > 1

    def draw(figure):
        axes = figure.subplots()
        labels = [f"{m.problem}: {m.id}" if several else m.id for m in shown]
        likely = [len(m.likely) for m in shown]
        axes.barh(labels, likely, color=BLUE, label="likely (identified)")
        axes.barh(labels, [len(m.possible) for m in shown], left=likely, color=GREY, label="possible")
        axes.set_xlabel("submissions")
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.legend(frameon=False, loc="lower right")
    return _svg(draw, (7.5, 1.0 + 0.28 * len(shown)), "mistakes")


def cases_svg(problem: ProblemCases) -> str:
    """Failure rate of the hardest fixed cases, and of each group as a whole."""
    fixed = [c for c in problem.cases if c.kind == "fixed"][:SHOWN_CASES]
    bars = [(f"all {g.kind} ({g.cases})", g.failure_rate or 0.0, ORANGE) for g in problem.groups]
    bars += [(c.id + (" (hidden)" if c.hidden else ""), c.failure_rate, BLUE) for c in fixed]
    bars.reverse()  # the groups, then the hardest case, at the top

    def draw(figure):
        axes = figure.subplots()
        axes.barh([label for label, _, _ in bars], [100 * rate for _, rate, _ in bars],
                  color=[colour for _, _, colour in bars])
        axes.set_xlim(0, 100)
        axes.set_xlabel(f"% of the {problem.loaded} submissions that ran the cases failing it")
        axes.set_title(problem.problem)
    return _svg(draw, (7.5, 1.0 + 0.24 * len(bars)), f"cases-{problem.problem}")


def _svg(draw, size: tuple[float, float], salt: str) -> str:
    """The figure `draw` fills, as an <svg> element to inline in HTML."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    # A salt per plot keeps the ids of clip paths apart when several SVGs share one page.
    with rc_context({**_STYLE, "svg.hashsalt": salt}):
        figure = Figure(figsize=size, layout="constrained")
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML declaration and DOCTYPE: inline SVG has none
