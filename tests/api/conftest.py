"""Fixtures for API tests: the real app on a real SQLite database in a temporary folder.

Rasa is replaced only where a test needs Rasa to misbehave or needs to see exactly what Rasa
received: `ScriptedRasa` is an `httpx.MockTransport` handler injected into the app's real
Rasa client, so the client code (timeouts, status checks, empty answers) still runs.
Conversation tests with the real Rasa live in test_integration_*.py and use `stack`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from api_support import ScriptedRasa, make_settings
from fastapi import FastAPI

from api.core.config import Settings
from api.main import create_app


@pytest.fixture
def rasa() -> ScriptedRasa:
    return ScriptedRasa()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def app(settings: Settings, rasa: ScriptedRasa) -> AsyncIterator[FastAPI]:
    application = create_app(settings, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
