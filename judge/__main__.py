"""`python -m judge` runs the command-line interface."""

import sys

from judge.cli import main

sys.exit(main())
