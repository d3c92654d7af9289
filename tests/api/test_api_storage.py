"""Database down: the parent still gets an answer and the turn waits in the spool, then is
stored when the database answers again. Retention deletes old conversations everywhere."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import (
    ScriptedRasa,
    add_tracker_event,
    create_rasa_tracker,
    make_settings,
    tracker_senders,
)
from sqlalchemy.exc import OperationalError

from api.core.db import Database
from api.core.exchange import Exchange
from api.core.spool import Spool
from api.core.tracker import TrackerStore
from api.main import create_app
from api.models import ChatSession, utcnow
from api.retention import purge_expired

NOTHING_LISTENING = "postgresql+psycopg://postgres@127.0.0.1:9/absent"
ROOT = Path(__file__).resolve().parents[2]


@asynccontextmanager
async def running(
    tmp_path: Path, rasa: ScriptedRasa, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(make_settings(tmp_path, **overrides), httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_database_down_the_parent_still_gets_an_answer_and_the_turn_is_kept(
    tmp_path: Path, rasa: ScriptedRasa
) -> None:
    async with running(tmp_path, rasa, database_url=NOTHING_LISTENING) as down:
        chat = await down.post("/api/v1/chat", json={"message": "call me on 07700 900123"})
        session_id = chat.json()["session_id"]
        follow_up = await down.post(
            "/api/v1/chat", json={"message": "and the senco?", "session_id": session_id}
        )
        transcript = await down.get(f"/api/v1/sessions/{session_id}/transcript")
        elsewhere = await down.get(f"/api/v1/sessions/{'x' * 43}/transcript")
        ready = await down.get("/readyz")

    assert chat.status_code == 200
    assert chat.json()["messages"][0]["text"] == "SEN support is extra help in school."
    assert chat.json().get("turn_id") is None
    assert follow_up.status_code == 200
    assert transcript.status_code == 503
    assert transcript.json()["detail"].startswith("Your latest messages are still being saved")
    assert elsewhere.status_code == 503
    assert elsewhere.json()["detail"].startswith("Conversations cannot be read or changed")
    assert ready.json()["down"] == ["database"]
    spooled = (tmp_path / "spool" / "pending-turns.jsonl").read_text()
    assert "call me on [phone number]" in spooled
    assert "07700" not in spooled

    async with running(tmp_path, rasa, spool_replay_seconds=0.05) as back:
        # Until the spool is replayed the transcript says it is still being saved (never a
        # transcript with turns missing), then it holds every turn in order.
        for _ in range(200):
            transcript = await back.get(f"/api/v1/sessions/{session_id}/transcript")
            if transcript.status_code == 200:
                break
            await asyncio.sleep(0.05)
        continued = await back.post(
            "/api/v1/chat", json={"message": "thanks", "session_id": session_id}
        )

    assert transcript.status_code == 200
    assert [t["text"] for t in transcript.json()["turns"] if t["sender"] == "user"] == [
        "call me on [phone number]",
        "and the senco?",
    ]
    assert continued.status_code == 200
    assert not (tmp_path / "spool" / "pending-turns.jsonl").exists()


async def test_a_conversation_waiting_in_the_spool_is_never_shown_or_stored_out_of_order(
    tmp_path: Path, rasa: ScriptedRasa
) -> None:
    application = create_app(
        make_settings(tmp_path, spool_replay_seconds=3600), httpx.MockTransport(rasa)
    )
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            first = await client.post("/api/v1/chat", json={"message": "hello"})
            session_id = first.json()["session_id"]
            # As if the database had failed on the next two turns: they wait in the spool.
            for words in ("is he on the sen register?", "what is an iep?"):
                application.state.spool.append(
                    Exchange(session_id=session_id, user_text=words, at=utcnow())
                )
            waiting = await client.get(f"/api/v1/sessions/{session_id}/transcript")
            later = await client.post(
                "/api/v1/chat", json={"message": "thank you", "session_id": session_id}
            )

    assert waiting.status_code == 503
    assert (
        waiting.json()["detail"]
        == "Your latest messages are still being saved. Please try again in a minute."
    )
    assert int(waiting.headers["Retry-After"]) > 0
    assert later.status_code == 200
    assert later.json()["messages"][0]["text"] == "SEN support is extra help in school."
    assert later.json().get("turn_id") is None
    assert len(Spool(tmp_path / "spool")) == 3

    async with running(tmp_path, rasa) as back:
        for _ in range(200):
            transcript = await back.get(f"/api/v1/sessions/{session_id}/transcript")
            if transcript.status_code == 200:
                break
            await asyncio.sleep(0.05)

    assert [t["text"] for t in transcript.json()["turns"] if t["sender"] == "user"] == [
        "hello",
        "is he on the sen register?",
        "what is an iep?",
        "thank you",
    ]


def test_the_spool_stores_each_conversation_whole_and_keeps_what_failed(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    for session_id, words in [("a", "one"), ("b", "two"), ("a", "three"), ("b", "four")]:
        spool.append(Exchange(session_id=session_id, user_text=words, at=utcnow()))
    calls: list[list[str]] = []

    def store(exchanges: list[Exchange]) -> None:
        calls.append([e.user_text for e in exchanges])
        if exchanges[0].session_id == "b":
            raise OperationalError("INSERT", {}, Exception("database went away"))

    with pytest.raises(OperationalError):
        spool.replay(store)

    assert calls == [["one", "three"], ["two", "four"]]
    assert not spool.holds("a")
    assert spool.holds("b")
    assert [e.user_text for e in Spool(tmp_path)._read()] == ["two", "four"]
    assert spool.replay(lambda exchanges: None) == 2
    assert not spool.holds("b")


async def test_retention_deletes_old_conversations_here_and_in_rasa(
    tmp_path: Path, rasa: ScriptedRasa
) -> None:
    settings = make_settings(tmp_path)
    tracker_db = settings.tracker_db
    assert tracker_db is not None
    create_rasa_tracker(tracker_db)
    async with running(tmp_path, rasa) as client:
        old = (await client.post("/api/v1/chat", json={"message": "hello"})).json()["session_id"]
        recent = (await client.post("/api/v1/chat", json={"message": "hi"})).json()["session_id"]
    month_ago = utcnow() - timedelta(days=31)
    add_tracker_event(tracker_db, old, "hello", month_ago.timestamp())
    add_tracker_event(tracker_db, recent, "hi", time.time())
    add_tracker_event(tracker_db, "sent-straight-to-rasa", "hi", month_ago.timestamp())
    database = Database(settings.database_url)
    with database.session() as db:
        conversation = db.get(ChatSession, old)
        assert conversation is not None
        conversation.last_active_at = month_ago
    tracker = TrackerStore(settings.tracker_store)

    result = purge_expired(database, tracker, retention_days=30)
    database.dispose()
    tracker.dispose()

    assert result.sessions == 1
    assert tracker_senders(tracker_db) == {recent}
    async with running(tmp_path, rasa) as client:
        assert (await client.get(f"/api/v1/sessions/{old}/transcript")).status_code == 404
        assert (await client.get(f"/api/v1/sessions/{recent}/transcript")).status_code == 200


@pytest.mark.parametrize(
    "command", [["api.retention"], ["api.admin", "purge-expired"]], ids=["retention", "admin"]
)
def test_retention_command_runs_from_the_shell(tmp_path: Path, command: list[str]) -> None:
    tracker_db = tmp_path / "tracker.db"
    create_rasa_tracker(tracker_db)
    add_tracker_event(tracker_db, "long-gone", "hello", time.time() - 31 * 86400)
    add_tracker_event(tracker_db, "still-here", "hello", time.time())
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}",
        "TRACKER_DB": str(tracker_db),
        "RETENTION_DAYS": "30",
    }

    done = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert (
        "Deleted 0 conversation(s) older than 30 days and 1 Rasa tracker event(s)." in done.stdout
    )
    assert tracker_senders(tracker_db) == {"still-here"}
