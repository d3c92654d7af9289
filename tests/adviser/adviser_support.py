"""Helpers for the adviser console's API tests (pytest puts this folder on sys.path)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.adviser.accounts import create_adviser
from api.core.config import Settings
from api.core.db import Database
from api.models import ChatSession, TriageOutcome, Turn

PASSWORD = "correct horse battery staple"
EMAIL = "sam.patel@iask.example"
NAME = "Sam Patel"

# One answer for every question, with "not sure" where the script allows it.
ANSWERS: dict[str, Any] = {
    "stage": "on_support",
    "on_sen_support": "yes",
    "has_support_plan": "yes",
    "review_cycles": "two",
    "specialists_involved": "yes",
    "progress": "little_or_none",
    "concerns": ["progress"],
    "complaint_tried": "teacher",
    "unhappy_with_school": "yes",
    "age": 9,
}


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "secret_key": "adviser-tests-secret-key",
        "database_url": f"sqlite:///{tmp_path / 'api.db'}",
        "tracker_db": None,
        "spool_dir": tmp_path / "spool",
        # Nothing listens here: the console never talks to Rasa.
        "rasa_url": "http://127.0.0.1:9",
        "action_server_url": "http://127.0.0.1:9",
    }
    values.update(overrides)
    return Settings(**values)


def add_adviser(settings: Settings, email: str = EMAIL, name: str = NAME) -> None:
    database = Database(settings.database_url)
    try:
        database.migrate()
        with database.session() as db:
            create_adviser(db, email, name, PASSWORD)
    finally:
        database.dispose()


def handle_for(session_id: str) -> str:
    """The adviser handle add_conversation gives a conversation (the API's are random)."""
    return "c-" + hashlib.sha256(session_id.encode()).hexdigest()[:16]


def add_conversation(
    settings: Settings,
    session_id: str,
    at: datetime,
    texts: list[tuple[str, str, str | None]],
    triage: str | None = None,
) -> None:
    """A stored conversation: (sender, text, intent) turns and maybe a triage outcome."""
    database = Database(settings.database_url)
    try:
        with database.session() as db:
            db.add(
                ChatSession(
                    id=session_id, handle=handle_for(session_id), created_at=at, last_active_at=at
                )
            )
            db.flush()
            for sender, text, intent in texts:
                db.add(
                    Turn(
                        session_id=session_id,
                        sender=sender,
                        text=text,
                        intent=intent,
                        created_at=at,
                    )
                )
            if triage is not None:
                db.add(
                    TriageOutcome(
                        session_id=session_id,
                        kind="ehc",
                        answers={},
                        recommendation=triage,
                        created_at=at,
                    )
                )
    finally:
        database.dispose()


_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def form_token(page: str) -> str:
    found = _CSRF_FIELD.search(page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def console_token(page: str) -> str:
    found = _CSRF_META.search(page)
    assert found, "the console has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, email: str = EMAIL, password: str = PASSWORD) -> str:
    """Sign in through the form as a browser does; returns the console's CSRF token."""
    login_page = client.get("/adviser")
    response = client.post(
        "/adviser/login",
        data={"email": email, "password": password, "csrf_token": form_token(login_page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    console = client.get("/adviser")
    assert console.status_code == 200
    return console_token(console.text)
