"""Reference outputs must have the shape problem.yaml's output.shape says, cached or not.

The disk cache is keyed by the reference's source, not by problem.yaml: an author who
edits output.shape after a first grade must still get the error, not a silent pass.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from judge.base.cache import Observation
from judge.base.errors import JudgeError
from judge.cases.expected import ExpectedOutputs


def test_a_cached_output_of_another_shape_than_output_shape_is_an_error(se_block, tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    case = se_block.cases[0]  # (4, 4, 4): output.shape H * W * C says (64,)
    with ThreadPoolExecutor(max_workers=1) as pool:
        expected = ExpectedOutputs(se_block, pool, [])  # nothing to compute: jax stays unimported
        expected._stored[case.as_yaml_flow()] = Observation(np.zeros(65, dtype=np.float32))  # as loaded from the cache
        expected._errors[case.as_yaml_flow()] = Observation(np.array([0.0]))  # with its float32 error

        with pytest.raises(JudgeError, match=r"returned shape \(65,\) for case worked-example, but problem.yaml's "
                                             r"output.shape says \(64,\); fix one of them"):
            expected.get(case)


def test_a_cached_output_of_the_right_shape_is_returned(se_block, tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    case = se_block.cases[0]
    with ThreadPoolExecutor(max_workers=1) as pool:
        expected = ExpectedOutputs(se_block, pool, [])
        stored = np.arange(64, dtype=np.float32)
        expected._stored[case.as_yaml_flow()] = Observation(stored)
        expected._errors[case.as_yaml_flow()] = Observation(np.array([0.0]))

        assert expected.get(case) is stored
