"""The fixture of the platform tests: one PlatformRuns (platform_runs.py) per session."""

from __future__ import annotations

import pytest

from platform_runs import PlatformRuns


@pytest.fixture(scope="session")
def platform_runs(tmp_path_factory) -> PlatformRuns:
    return PlatformRuns(tmp_path_factory.mktemp("platforms"))
