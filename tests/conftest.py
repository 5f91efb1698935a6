"""Shared fixtures. Unit tests need nothing running; `rasa`/`server` tests need a trained model."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

# What tests say is counted in a throwaway database (servers started by tests inherit this),
# never in the statistics a policy maker reads.
os.environ["STATISTICS_DATABASE_URL"] = (
    f"sqlite:///{tempfile.mkdtemp(prefix='hulproute-test-stats-')}/statistics.sqlite"
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under CI=true (set by .ci/run) a skipped test is a failed test: CI has every service a
    test needs, so a skip there means something is missing, and nobody reads skip counts."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, which CI does not accept: {reason}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--model", default=None, help="trained Rasa model for rasa/server tests")


@pytest.fixture(scope="session")
def model_path(request: pytest.FixtureRequest) -> Path:
    value = request.config.getoption("--model")
    if not value:
        models = sorted((PROJECT_ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        if not models:
            pytest.fail("no trained model: run `make train` or pass --model")
        return models[-1]
    return Path(value)
