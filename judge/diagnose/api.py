"""What a problem's probe module works with (the only judge API kata code imports).

A probe module defines `probe(call) -> list[Finding]`. `call(*args)` runs the subject
(a submission in its runner, or a trusted implementation) on arguments in the entry
point's order and returns an `Observation`: the array it returned, or the name of the
error (exception type, "timeout", "crash"). Probes must not depend on the weights an
implementation happens to initialise, so they work whatever the initialisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from judge.cache import Observation

Call = Callable[..., Observation]

__all__ = ["Call", "Finding", "Observation"]


@dataclass(frozen=True)
class Finding:
    """A violated property: which mistake it points to, which probe saw it, what was seen."""

    diagnosis: str
    probe: str
    observed: str
    # True when the probe saw the mistake while everything it checked first behaved as it
    # must, so the finding alone identifies the mistake and may earn its partial credit.
    # Leave it False for a property that a block wrong in every way also breaks (a function
    # returning zeros has gates that ignore the channel means, too).
    conclusive: bool = False

    def evidence(self) -> str:
        return f"probe:{self.probe}"


def describe_args(*args: Any) -> str:
    """Arguments in a short form for messages, e.g. `(0, x(5, 3, 8), 2)`."""
    parts = [f"x{tuple(a.shape)}" if hasattr(a, "shape") else repr(a) for a in args]
    return "(" + ", ".join(parts) + ")"
