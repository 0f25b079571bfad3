"""What a problem's probe module works with (the only judge API kata code imports).

A probe module defines `probe(call, rng) -> list[Finding | Holds]`. `call(*args)` runs the
subject (a submission in its runner, or a trusted implementation) on arguments in the
entry point's order and returns an `Observation`: the array it returned, or the name of
the error (exception type, "timeout", "crash"). `rng` is a `numpy.random.Generator` drawn
from the grade's seed: build probe inputs from it, so a submission cannot recognise them
(the same grade seed gives the same inputs). Probes must not depend on the weights an
implementation happens to initialise, so they work whatever the initialisation.

It may also define `check_graded(args, output) -> str | None`: whether one output the
submission returned on a graded case has the shape of function the probes test (for a
gating block: x times one gate per channel). It returns None when it has, else what is
wrong in a sentence. Credit that rests on probes needs every failed case to pass it.

And `check_consistent(call, args, output, rng) -> str | None`: called on a few failed
cases before `when_only_values_differ` is said, it re-runs the subject on a transformed
graded input and checks that the answer agrees with the graded output (None), else says
why not. Katas whose block gates x per channel use `judge.diagnose.gating` for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from judge.base.cache import Observation

Call = Callable[..., Observation]

__all__ = ["Call", "Finding", "Holds", "Observation"]


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


@dataclass(frozen=True)
class Holds:
    """Positive evidence: the subject was seen to be the kata's architecture, whatever its weights.

    Return it only after every property that the architecture has for any weights was
    checked and held; it is what lets the judge say "only the initialisation differs"
    (problem.yaml's `when_only_values_differ`). Without it that is never said.
    """

    probe: str
    observed: str


def describe_args(*args: Any) -> str:
    """Arguments in a short form for messages, e.g. `(0, x(5, 3, 8), 2)`."""
    parts = [f"x{tuple(a.shape)}" if hasattr(a, "shape") else repr(a) for a in args]
    return "(" + ", ".join(parts) + ")"
