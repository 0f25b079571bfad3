"""What a person at a terminal gets from the command line itself: a suggestion for a
mistyped command, option or choice, and `--version` with the versions that decide verdicts.

(Colour follows rich's reading of the environment: NO_COLOR turns colour off, FORCE_COLOR
turns it on where the output is not a terminal; the reports never override either.)
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys

# argparse's own wording (Python 3.11-3.13), the only way to learn what was mistyped.
_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>.*)\)")
_UNRECOGNISED = "unrecognized arguments: "
# How alike (difflib's ratio) a typo and a name must be to be suggested: grde/grade 0.89,
# --exmaples/--examples 0.89; unrelated words stay below.
SIMILAR = 0.6


def closest(given: str, names: list[str]) -> str | None:
    found = difflib.get_close_matches(given, names, n=1, cutoff=SIMILAR)
    return found[0] if found else None


class SuggestingParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors end with "did you mean X?" when one name is close."""

    def parse_known_args(self, args=None, namespace=None):
        self._given = list(sys.argv[1:] if args is None else args)  # for error(): what was typed
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        choice = _INVALID_CHOICE.search(message)
        if choice:
            names = re.findall(r"'([^']*)'", choice["choices"])
            near = closest(choice["given"], names)
            if near:  # before the list of choices, which may wrap over several lines
                message = message.replace(choice.group(0), f"invalid choice: '{choice['given']}'; did you mean "
                                                           f"{near}? (choose from {choice['choices']})")
        elif message.startswith(_UNRECOGNISED):
            message += self._option_hints(message[len(_UNRECOGNISED):].split())
        elif "arguments are required" in message:  # `judge --versoin`: argparse only misses the command
            message += self._option_hints(getattr(self, "_given", []))
        super().error(message)

    def _option_hints(self, words: list[str]) -> str:
        options = [o for action in self._actions for o in action.option_strings if o.startswith("--")]
        hints = []
        for word in words:
            name = word.split("=")[0]
            near = closest(name, options) if name.startswith("--") and name not in options else None
            if near:
                hints.append((name, near))
        if len(hints) == 1:
            return f"; did you mean {hints[0][1]}?"
        return "; did you mean " + ", ".join(f"{near} for {name}" for name, near in hints) + "?" if hints else ""

    def command_parser(self, name: str) -> argparse.ArgumentParser:
        """The parser of subcommand `name` (argparse keeps it in the subparsers action)."""
        (subcommands,) = [a for a in self._actions if isinstance(a, argparse._SubParsersAction)]
        return subcommands.choices[name]


class VersionAction(argparse.Action):
    """`--version`: the judge and every version a verdict depends on, read without importing jax."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0,
                         help=help or "show the versions of the judge, python, jax, jaxlib, flax, numpy and hypothesis")

    def __call__(self, parser, namespace, values, option_string=None):
        from judge import __version__
        from judge.base.versions import cpu_features, environment_versions

        versions = environment_versions(__version__)
        lines = [f"judge {versions.pop('judge')}"]
        lines += [f"{name:<10} {version}" for name, version in versions.items()]
        lines.append(f"{'cpu':<10} {cpu_features()}")
        sys.stdout.write("\n".join(lines) + "\n")
        parser.exit()


class PreparationNotes:
    """The lines a first grade prints while it prepares its caches: what it is doing, then
    each step as it finishes, with a rich bar on a terminal (plain lines in a log).

    Called with a note (`notes("preparing ...")`); `step(done, total, what)` reports
    progress (from 0, so a terminal sees the bar and its clock while the first step runs),
    and the bar stops when done == total, before the report is printed.
    """

    def __init__(self, prefix: str, stream=None):
        self._prefix = prefix
        self._stream = stream or sys.stderr
        self._bar = None

    def __call__(self, text: str) -> None:
        print(f"{self._prefix}{text}", file=self._stream, flush=True)

    def step(self, done: int, total: int, what: str) -> None:
        if not self._stream.isatty():
            if done:  # a log gets finished steps only
                print(f"{self._prefix}  [{done}/{total}] {what}", file=self._stream, flush=True)
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        if self._bar is None:
            self._bar = Progress(TextColumn("  preparing"), BarColumn(bar_width=20), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.description}"),
                                 console=Console(file=self._stream), transient=False)
            self._task = self._bar.add_task("", total=total)
            self._bar.start()
        self._bar.update(self._task, completed=done, description=what)
        if done >= total:
            self._bar.stop()
            self._bar = None
