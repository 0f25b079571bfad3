"""Turning what a runner reported into sentences a learner can act on."""

from __future__ import annotations

from judge.runner.client import Outcome
from judge.spec.problem import Problem

TRACEBACK_LINES = 12
_MEMORY_MARKERS = ("MemoryError", "RESOURCE_EXHAUSTED", "Out of memory", "bad_alloc", "Cannot allocate memory")


def load_error_message(outcome: Outcome, problem: Problem) -> str:
    """Why the submission could not be loaded (import, entry point or signature)."""
    header = outcome.header
    name = problem.entry_point
    call = f"{name}({', '.join(problem.arg_names)})"
    if outcome.kind != "error" or not header:
        return f"the submission could not be started: {outcome.message or outcome.kind}"
    error = header.get("error")
    if error == "exit":
        return (f"the submission {header['message']} while being imported; "
                "put demo code under `if __name__ == \"__main__\":`")
    if error == "exception":
        return "importing the submission raised " + _exception_text(header)
    if error == "missing":
        suggestion = header.get("suggestion")
        if suggestion:
            return f"the submission defines no `{name}`; did you mean `{suggestion}`? Rename it to `{name}`"
        defined = ", ".join(header.get("defined") or []) or "nothing callable"
        return f"the submission defines no `{name}` (it defines: {defined}); the judge calls {call}"
    if error == "not_callable":
        return f"`{name}` is a {header.get('type')}, not a function; the judge calls {call}"
    if error == "signature":
        return (f"`{name}{header.get('signature')}` cannot be called as {call} ({header.get('reason')}): "
                "take exactly these arguments, in this order")
    return f"the submission could not be loaded ({error})"


def call_error_message(outcome: Outcome, problem: Problem) -> tuple[str, tuple[str, ...]]:
    """One line for a failed call, plus detail lines (traceback tail)."""
    header = outcome.header
    if outcome.kind in ("timeout", "crash") or not header:
        return _with_memory_hint(outcome.message, problem), ()
    error = header.get("error")
    if error == "exit":
        return f"the function {header['message']}; return the output instead", ()
    if error == "bad_return":
        return header.get("message", "returned something that is not an array"), ()
    text = _exception_text(header)
    # JAX appends a note about its filtered frames after a dashed line: not the learner's concern.
    text_tb = (header.get("traceback") or "").split("\n--------------------\n")[0]
    lines = text_tb.rstrip().splitlines()[-TRACEBACK_LINES:]
    return _with_memory_hint("raised " + text, problem), tuple(lines)


def _exception_text(header: dict) -> str:
    text = f"{header.get('exception')}: {header.get('message')}".rstrip(": ")
    if header.get("line"):
        source = f": {header['source']}" if header.get("source") else ""
        text += f" (line {header['line']}{source})"
    return text


def _with_memory_hint(message: str, problem: Problem) -> str:
    if any(marker in message for marker in _MEMORY_MARKERS):
        return f"memory limit exceeded ({problem.limits.memory_mib} MiB): {message}"
    return message
