"""Cheat: import the judge and let it compute the expected output.

Stopped by: the runner's path holds only its own directory and site-packages, and
`-S` keeps the editable install's finder out; under bwrap the judge's files are not
in the sandbox at all.
"""

import numpy as np


def se_block_forward(seed, x, reduction):
    try:
        from judge.cases.reference import Reference
        from judge.problem.find import resolve_problem

        problem = resolve_problem("se_block")
        print("ESCAPED: imported the judge")
        return np.asarray(Reference(problem)([seed, np.asarray(x), reduction])).reshape(-1)
    except Exception as exc:  # noqa: BLE001
        print(f"BLOCKED: import judge: {type(exc).__name__}: {exc}")
    return np.zeros(np.asarray(x).size, np.float32)
