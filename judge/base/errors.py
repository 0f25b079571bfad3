"""The judge's own failures, kept apart from a submission's failures.

A submission that crashes, hangs or returns the wrong thing is graded (a verdict); a
`JudgeError` means the judge itself could not do its job (bad arguments, missing
file, invalid problem spec) and ends the command with exit code 2.
"""


class JudgeError(Exception):
    """The judge cannot run: the message names the problem and the fix."""


class SpecError(JudgeError):
    """A problem spec (problem.yaml / cases.yaml) is invalid."""

    def __init__(self, file: str, where: str, value: object, fix: str):
        self.file = file
        self.where = where
        self.value = value
        self.fix = fix
        shown = repr(value) if not isinstance(value, str) or value else "''"
        super().__init__(f"{file}: {where}: {shown}: {fix}")
