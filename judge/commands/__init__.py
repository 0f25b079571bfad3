"""One module per `judge` subcommand; each offers `add_parser(subparsers)`."""
