"""Command line entry point: `judge COMMAND ...` (see `judge --help`).

The commands, their parser and the exit codes are in judge/commands/ (`run`), which a
batch worker calls too; this module is only the installed script's entry point.
"""

from __future__ import annotations

from judge.commands import run


def main(argv: list[str] | None = None) -> int:
    return run(argv)
