"""Helpers for API tests (imported by name: pytest puts tests/api on sys.path)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.core.config import Settings

Responder = Callable[[httpx.Request], httpx.Response]

RASA_URL = "http://rasa.test:5005"
ACTION_URL = "http://actions.test:5055"


@dataclass
class ScriptedRasa:
    """Answers like Rasa's REST channel; records every message it was sent."""

    reply: Responder | None = None
    received: list[dict[str, Any]] = field(default_factory=list)
    rasa_up: bool = True
    actions_up: bool = True
    # When set, chat answers wait for the gate (so a test can hold a message "in flight").
    gate: asyncio.Event | None = None
    waiting: int = 0

    def __call__(self, request: httpx.Request) -> httpx.Response | Awaitable[httpx.Response]:
        if self.gate is not None and request.method == "POST":
            return self._after_gate(request)
        return self._answer(request)

    async def _after_gate(self, request: httpx.Request) -> httpx.Response:
        assert self.gate is not None
        self.waiting += 1
        await self.gate.wait()
        return self._answer(request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "actions.test":
            if not self.actions_up:
                raise httpx.ConnectError("connection refused", request=request)
            return httpx.Response(200, json={"status": "ok"})
        if not self.rasa_up:
            raise httpx.ConnectError("connection refused", request=request)
        if request.method == "GET":
            return httpx.Response(200, text="Hello from Rasa: 3.6.21")
        body = json.loads(request.content)
        self.received.append(body)
        if self.reply is not None:
            return self.reply(request)
        return httpx.Response(
            200,
            json=[
                {
                    "recipient_id": body["sender"],
                    "text": "SEN support is extra help in school.",
                    "buttons": [{"title": "Tell me more", "payload": "/ask_sen_support"}],
                }
            ],
        )


def outcome(**fields: Any) -> dict[str, Any]:
    """A message carrying only a turn outcome, as the REST channel adds one (SPEC.md)."""
    return {"recipient_id": "parent", "custom": {"outcome": fields}}


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "secret_key": "test-secret-key-for-hmac-only",
        "database_url": f"sqlite:///{tmp_path / 'api.db'}",
        "tracker_db": tmp_path / "tracker.db",
        "spool_dir": tmp_path / "spool",
        "rasa_url": RASA_URL,
        "action_server_url": ACTION_URL,
        "allowed_origins": ["https://www.example-council.gov.uk"],
        "rate_limit_client_per_minute": 1000,
        "rate_limit_session_per_minute": 1000,
    }
    values.update(overrides)
    return Settings(**values)


def create_rasa_tracker(path: Path) -> None:
    """An `events` table shaped like Rasa 3.6's SQLTrackerStore."""
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255)"
            " NOT NULL, type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name"
            " VARCHAR(255), action_name VARCHAR(255), data TEXT)"
        )


def add_tracker_event(
    path: Path, sender_id: str, text: str, timestamp: float, intent: str = "greet"
) -> None:
    data = {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.93}},
    }
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data)"
            " VALUES (?, 'user', ?, ?, ?)",
            (sender_id, timestamp, intent, json.dumps(data)),
        )


def tracker_senders(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT sender_id FROM events")}
