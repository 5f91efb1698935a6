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
