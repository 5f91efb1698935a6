"""Shared fixtures. Unit tests need nothing running; `rasa`/`server` tests need a trained model."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT


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
