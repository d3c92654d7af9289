"""Fixtures for the adviser console's API tests: the real app on a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from adviser_support import add_adviser, make_settings, sign_in
from fastapi.testclient import TestClient

from api.core.config import Settings
from api.main import create_app


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path)
    add_adviser(settings)
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        yield client


@pytest.fixture
def csrf(client: TestClient) -> str:
    """Sign the client in; the console's CSRF token for its POSTs."""
    return sign_in(client)
