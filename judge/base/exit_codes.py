"""The judge's exit codes, the same for every command: scripts and CI read them.

`judge grade`: full marks, or not. `judge batch`: every submission graded (at or above
`--fail-under` when given), or not. `judge replay`: the case now gives the expected
answer, or not. Any command: 2 when the judge itself could not do its job (a JudgeError:
bad arguments, a missing file, an invalid problem spec), never for a submission's fault.
"""

EXIT_OK = 0
EXIT_BELOW_FULL_MARKS = 1  # graded, but not full marks (or below --fail-under, or the replay differs)
EXIT_JUDGE_ERROR = 2
EXIT_INTERRUPTED = 130  # the shell's code for a process ended by Ctrl-C (128 + SIGINT)
