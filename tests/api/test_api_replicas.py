"""Several Rasa replicas: each conversation stays with one, and readiness needs them all."""

from __future__ import annotations

from pathlib import Path

import httpx
from api_support import ScriptedRasa, make_settings

from api.main import create_app

REPLICAS = "http://rasa-a.test:5005,http://rasa-b.test:5005/"


async def test_each_conversation_always_reaches_the_same_replica(tmp_path: Path) -> None:
    rasa = ScriptedRasa()
    hosts_by_session: dict[str, set[str]] = {}

    def record(request: httpx.Request) -> httpx.Response:
        response = rasa._answer(request)
        if request.method == "POST":
            sender = rasa.received[-1]["sender"]
            hosts_by_session.setdefault(sender, set()).add(request.url.host)
        return response

    app = create_app(make_settings(tmp_path, rasa_url=REPLICAS), httpx.MockTransport(record))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            for _ in range(12):
                started = await client.post("/api/v1/chat", json={"message": "hello"})
                session_id = started.json()["session_id"]
                for text in ("what is a senco", "thanks"):
                    reply = await client.post(
                        "/api/v1/chat", json={"message": text, "session_id": session_id}
                    )
                    assert reply.status_code == 200

    assert all(len(hosts) == 1 for hosts in hosts_by_session.values())
    used = set().union(*hosts_by_session.values())
    assert used == {"rasa-a.test", "rasa-b.test"}, "conversations were not spread over replicas"


async def test_readiness_names_rasa_when_one_replica_is_down(tmp_path: Path) -> None:
    rasa = ScriptedRasa()

    def replica_b_down(request: httpx.Request) -> httpx.Response:
        if request.url.host == "rasa-b.test":
            raise httpx.ConnectError("connection refused", request=request)
        return rasa._answer(request)

    settings = make_settings(tmp_path, rasa_url=REPLICAS)
    app = create_app(settings, httpx.MockTransport(replica_b_down))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            ready = await client.get("/readyz")

    assert ready.status_code == 503
    assert "rasa" in ready.text.lower()
