"""`judge hint FILE`: the next hint for the mistake FILE was last diagnosed with."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(commands) -> None:
    parser = commands.add_parser("hint", help="reveal the next hint for the mistake a file was last diagnosed with")
    parser.add_argument("submission", type=Path, help="a file graded with `judge grade` (text report)")
    parser.add_argument("--problem", help="problem id or directory (default: inferred from the file)")
    parser.add_argument("--mistake", metavar="ID", help="which diagnosed mistake, when the grade named several "
                                                        "(default: the first)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from judge.commands._shared import chosen_problem
    from judge.practice.hints import graded_ago, reveal_next
    from judge.practice.state import load_state, save_state
    from judge.report.common import points

    state = load_state(args.submission)
    # The problem the file was last graded against, unless told otherwise; the header names it.
    problem = chosen_problem(args.problem or (state.problem if state else None), args.submission, announce=False)
    reply = reveal_next(problem, state, args.submission, args.mistake)
    save_state(state)
    console = Console(highlight=False, soft_wrap=True)
    mistake = reply.mistake
    console.print(Text.assemble((f"{problem.id} · {args.submission}", "bold"),
                                f" · graded {graded_ago(state)}: {points(state.score)} / {points(state.max_score)}"))
    if reply.stale:
        console.print(Text(f"the file changed since; these hints are for that grade (`judge grade {args.submission}` "
                           "updates the diagnosis)", style="yellow"))
    console.print(Text.assemble(("◆ ", "bold magenta"), (mistake.id, "bold"), f" — {mistake.message}"))
    total = len(mistake.hints)
    for level, hint in enumerate(reply.shown, start=1):
        fresh = reply.new and level == len(reply.shown)
        console.print(Text.assemble((f"  hint {level}/{total}: ", "bold" if fresh else "dim"),
                                    (hint, "" if fresh else "dim")))
    others = [d for d in state.diagnoses if d != mistake.id]
    if not reply.exhausted:
        console.print(Text(f"`judge hint {args.submission}` again for the next one.", style="dim"))
    elif reply.new:
        console.print(Text("That was the last hint for this mistake; the next step is yours.", style="dim"))
    else:
        console.print(Text(f"No more hints for {mistake.id}: all {total} are shown above. The statement "
                           f"(`judge show {problem.id}`) and `judge replay {args.submission} CASE_ID` can take it "
                           "from here.", style="dim"))
    if others:
        console.print(Text(f"Also diagnosed: {', '.join(others)} (--mistake ID for its hints).", style="dim"))
    sys.stdout.flush()
    return 0
