"""One module per `judge` subcommand; each offers `add_parser(subparsers)`.

`judge.cli` registers every module found here, so a new command is a new module.
Helpers shared by commands belong elsewhere (or in a module starting with `_`).
"""
