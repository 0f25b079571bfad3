"""The terminal report: verdict and score, a per-group summary, the first failures in detail.

Built from rich `Text` objects (never markup strings), so nothing a submission
prints or raises can inject styling, and every string that reaches the console passes
through `_inert` first, so none can carry a terminal escape sequence either (the grade
cleans them already; a path or an older record may not be). Colour only on a terminal,
and never with NO_COLOR set (FORCE_COLOR forces it).
"""

from __future__ import annotations

import shlex
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from judge.base.results import CaseResult, GradeResult, Status
from judge.base.untrusted import clean, is_clean
from judge.report.common import points

SHOWN_FAILURES = 3
_STATUS_STYLE = {"passed": "bold green", "failed": "bold red", "error": "bold red", "timeout": "bold yellow"}
_MARK = {Status.PASSED: "✓", Status.FAILED: "✗", Status.ERROR: "!", Status.TIMEOUT: "⏱"}


def render_text(result: GradeResult, stream: IO[str], colour: bool | None = None) -> None:
    """Write the report to `stream`; `colour=None` means colour only on a TTY."""
    # no_color=None, not False, when undecided: rich then honours NO_COLOR (and FORCE_COLOR).
    console = _InertConsole(file=stream, force_terminal=colour, no_color=True if colour is False else None,
                            highlight=False, soft_wrap=True, width=100 if not stream.isatty() else None)
    console.print(Text.assemble((result.problem, "bold"), " · ", result.submission))
    console.print(Text.assemble(
        (result.status.upper(), _STATUS_STYLE[result.status]),
        f"  score {points(result.score)} / {points(result.max_score)}",
    ))
    for note in result.notes:  # what the judge left out of a notebook before running it
        console.print(Text(f"note: {note}", style="dim"))
    if result.load_error:
        console.print(Text.assemble(("The submission could not be loaded: ", "bold"), result.load_error))
        _printed(console, result.load_output, "printed while loading")
    else:
        console.print(_group_table(result.cases))
        _diagnoses(console, result)
        _failures(console, result)
    if result.minimal_failure:
        _minimal(console, result)
    console.print(Text(
        f"seed {result.seed} · {result.examples} generated cases · {result.duration_s:.1f} s · "
        f"isolation: {result.isolation} · jax {result.versions.get('jax')} · flax {result.versions.get('flax')}",
        style="dim",
    ))
    _footer(console, result)


def _footer(console: Console, result: GradeResult) -> None:
    """A long report's verdict, score, likely mistake and next step again, as its last lines:
    on a laptop screen the top of a failing report has scrolled away."""
    failed = [c for c in result.cases if c.status is not Status.PASSED]
    if result.load_error or not failed:
        return  # a short report: everything is on screen already
    console.print(Text.assemble(
        ("── ", "dim"), (result.status.upper(), _STATUS_STYLE[result.status]),
        f"  score {points(result.score)} / {points(result.max_score)}",
        f"  ({len(failed)} of {len(result.cases)} cases not passed)"))
    submission = shlex.quote(result.submission)
    named = next((d for d in result.diagnoses if d.identified), result.diagnoses[0] if result.diagnoses else None)
    if named:
        label = "likely mistake" if named.identified else "possible mistake"
        console.print(Text.assemble(("   " + label + ": ", "bold magenta"), (named.id, "bold")))
    replayable = [c for c in failed if c.inputs]
    if named and named.more_hints:
        step = f"read the hint above, then judge hint {submission} for a more specific one"
    elif named and named.hint:
        step = "read the hint above"
    elif replayable:
        step = f"judge replay {submission} {replayable[0].id}"
    else:
        step = f"judge grade {submission} --format json lists every case"
    console.print(Text.assemble(("   next: ", "bold"), step))


class _InertConsole(Console):
    """A console whose `Text` arguments never hold a control or escape character: rich styles
    its own output with escape sequences, but passes those inside a `Text` through as they are."""

    def print(self, *objects, **kwargs) -> None:
        super().print(*(_inert(o) if isinstance(o, Text) else o for o in objects), **kwargs)


def _inert(text: Text) -> Text:
    if is_clean(text.plain):
        return text
    # Escaping lengthens the text and so shifts its spans: keep the line, drop its styles.
    return Text(clean(text.plain, max(len(text.plain) * 4, 1)), style=text.style)


def _diagnoses(console: Console, result: GradeResult) -> None:
    if result.partial_credit:
        credit = result.partial_credit
        console.print(Text(
            f"partial credit: the cases earned {points(credit.case_score)}; a block whose worst known mistake is "
            f"{credit.diagnosis} keeps {credit.fraction:.0%} of the maximum, so the score is {points(credit.score)}",
            style="dim"))
    if result.status == "failed" and not any(d.identified for d in result.diagnoses):
        console.print(Text("no known mistake matches: the score is what the cases earned", style="dim"))
    for diagnosis in result.diagnoses:
        console.print()
        label = "◆ likely mistake: " if diagnosis.identified else "◆ possible mistake: "
        console.print(Text.assemble((label, "bold magenta"), (diagnosis.id, "bold"), f" — {diagnosis.message}"))
        for seen in diagnosis.observed:
            console.print(Text("    observed: " + seen))
        if diagnosis.hint:
            console.print(Text.assemble(("    hint: ", "bold"), diagnosis.hint))
        if diagnosis.more_hints:
            console.print(Text(f"    more hints: judge hint {shlex.quote(result.submission)} "
                               f"({diagnosis.more_hints} more, each more specific)", style="dim"))


def _group_table(cases: tuple[CaseResult, ...]) -> Table:
    table = Table(show_edge=False, box=None, pad_edge=False)
    for column in ("cases", "passed", "failed", "error", "timeout", "points"):
        table.add_column(column, justify="left" if column == "cases" else "right")
    for kind in ("fixed", "generated"):
        group = [c for c in cases if c.kind == kind]
        if not group:
            continue
        count = {s: sum(c.status is s for c in group) for s in Status}
        table.add_row(
            kind, str(count[Status.PASSED]), str(count[Status.FAILED]), str(count[Status.ERROR]),
            str(count[Status.TIMEOUT]),
            f"{points(round(sum(c.points for c in group), 2))} / {points(round(sum(c.max_points for c in group), 2))}",
        )
    return table


def _failures(console: Console, result: GradeResult) -> None:
    failed = [c for c in result.cases if c.status is not Status.PASSED]
    shown_details: set[tuple[str, ...]] = set()
    for case in failed[:SHOWN_FAILURES]:
        console.print()
        console.print(Text.assemble(
            (f"{_MARK[case.status]} {case.id}", _STATUS_STYLE[case.status.value]),
            f" ({case.kind}, {case.status.value}): ", case.message,
        ))
        if case.inputs:
            console.print(Text("    inputs: " + case.inputs))
        if case.details and case.details in shown_details and case.status is Status.ERROR:
            console.print(Text("    (the same traceback as above)", style="dim"))
        else:
            for line in case.details:
                console.print(Text("    " + line))
            shown_details.add(case.details)
        _printed(console, case.output, "printed")
    if len(failed) > SHOWN_FAILURES:
        console.print()
        console.print(Text(f"… and {len(failed) - SHOWN_FAILURES} more cases not passed "
                           "(--format json lists every case)", style="dim"))
    visible = [c for c in failed if c.inputs and c.visibility == "visible"]
    if visible:
        console.print()
        console.print(Text.assemble(
            ("Debug a case: ", "bold"), f"judge replay {shlex.quote(result.submission)} {visible[0].id}",
            ("  (runs it in the foreground, where print() and breakpoint() work)", "dim")))
    if failed:
        console.print()


def _minimal(console: Console, result: GradeResult) -> None:
    minimal = result.minimal_failure
    console.print(Text("Smallest failing generated input (shrunk by hypothesis):", style="bold"))
    console.print(Text("    " + minimal.inputs))
    console.print(Text("    " + minimal.message))
    console.print(Text("    replay: " + minimal.replay))
    console.print(Text(f"    debug:  judge replay {shlex.quote(result.submission)} {shlex.quote(minimal.case_json)}"))
    console.print()


def _printed(console: Console, output: str, label: str) -> None:
    if output.strip():
        console.print(Text(f"    {label}:", style="dim"))
        for line in output.rstrip().splitlines()[:10]:
            console.print(Text("      | " + line, style="dim"))
