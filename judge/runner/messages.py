"""Turning what a runner reported into sentences a learner can act on."""

from __future__ import annotations

from judge.base.untrusted import MESSAGE_CHARS, NAME_CHARS, TYPE_NAME_CHARS, clean, clean_lines
from judge.problem.model import Problem
from judge.runner.client import Outcome, OutcomeKind
from judge.runner.isolated.wire import Failure

TRACEBACK_LINES = 12
_MEMORY_MARKERS = ("MemoryError", "RESOURCE_EXHAUSTED", "Out of memory", "bad_alloc", "Cannot allocate memory")


def load_error_message(outcome: Outcome, problem: Problem) -> str:
    """Why the submission could not be loaded (import, entry point or signature): one line,
    every piece the submission chose cleaned and capped (see judge.base.untrusted)."""
    return clean(_load_error_message(outcome, problem), MESSAGE_CHARS, one_line=True)


def _load_error_message(outcome: Outcome, problem: Problem) -> str:
    header = outcome.header
    name = problem.entry_point
    call = f"{name}({', '.join(problem.arg_names)})"
    if outcome.kind != OutcomeKind.ERROR or not header:
        return f"the submission could not be started: {outcome.message or outcome.kind}"
    error = header.get("error")
    if error == Failure.EXIT:
        return (f"the submission {_name(header['message'])} while being imported; "
                "put demo code under `if __name__ == \"__main__\":`")
    if error == Failure.EXCEPTION:
        return "importing the submission raised " + _exception_text(header)
    if error == Failure.MISSING:
        suggestion = header.get("suggestion")
        if suggestion:
            return f"the submission defines no `{name}`; did you mean `{_name(suggestion)}`? Rename it to `{name}`"
        defined = ", ".join(_name(n) for n in (header.get("defined") or [])[:20]) or "nothing callable"
        return f"the submission defines no `{name}` (it defines: {defined}); the judge calls {call}"
    if error == Failure.NOT_CALLABLE:
        return f"`{name}` is a {_name(header.get('type'))}, not a function; the judge calls {call}"
    if error == Failure.SIGNATURE:
        return (f"`{name}{_name(header.get('signature'))}` cannot be called as {call} "
                f"({_name(header.get('reason'))}): take exactly these arguments, in this order")
    return f"the submission could not be loaded ({_name(error)})"


def call_error_message(outcome: Outcome, problem: Problem) -> tuple[str, tuple[str, ...]]:
    """One line for a failed call, plus detail lines (traceback tail), cleaned and capped."""
    message, details = _call_error_message(outcome, problem)
    return clean(message, MESSAGE_CHARS, one_line=True), clean_lines(details, TRACEBACK_LINES)


def _call_error_message(outcome: Outcome, problem: Problem) -> tuple[str, tuple[str, ...]]:
    header = outcome.header
    if outcome.kind in (OutcomeKind.TIMEOUT, OutcomeKind.CRASH) or not header:
        return _with_memory_hint(outcome.message, problem), ()
    error = header.get("error")
    if error == Failure.EXIT:
        return f"the function {_name(header['message'])}; return the output instead", ()
    if error == Failure.BAD_RETURN:
        return header.get("message", "returned something that is not an array"), ()
    text = _exception_text(header)
    # JAX appends a note about its filtered frames after a dashed line: not the learner's concern.
    # Only the tail is kept, so only the tail of a long traceback is split into lines.
    text_tb = (header.get("traceback") or "")[-TRACEBACK_LINES * 400:].split("\n--------------------\n")[0]
    lines = text_tb.rstrip().splitlines()[-TRACEBACK_LINES:]
    return _with_memory_hint("raised " + text, problem), tuple(lines)


def _exception_text(header: dict) -> str:
    exception = clean(header.get("exception"), TYPE_NAME_CHARS, one_line=True)
    text = f"{exception}: {clean(header.get('message'), MESSAGE_CHARS, one_line=True)}".rstrip(": ")
    if header.get("line"):
        source = f": {_name(header['source'])}" if header.get("source") else ""
        text += f" (line {header['line']}{source})"
    return text


def _name(text: object) -> str:
    """A short piece of text the submission chose (a name, a signature, a source line)."""
    return clean(text, NAME_CHARS, one_line=True)


def _with_memory_hint(message: str, problem: Problem) -> str:
    if any(marker in message for marker in _MEMORY_MARKERS):
        return f"memory limit exceeded ({problem.limits.memory_mib} MiB): {message}"
    return message
