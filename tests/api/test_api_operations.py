"""Health, readiness, metrics, logs, security headers and CORS."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import ScriptedRasa, make_settings

from api.main import create_app

COUNCIL = "https://www.example-council.gov.uk"


async def test_healthz_answers_while_the_process_runs(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.rasa_up = False

    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_200_only_when_everything_answers(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    ready = await client.get("/readyz")
    rasa.rasa_up = False
    no_rasa = await client.get("/readyz")
    rasa.actions_up = False
    nothing = await client.get("/readyz")

    assert ready.status_code == 200
    assert ready.json()["checks"] == {"rasa": "up", "action_server": "up", "database": "up"}
    assert no_rasa.status_code == 503
    assert no_rasa.json()["down"] == ["rasa"]
    assert no_rasa.json()["detail"] == "Not ready: rasa down."
    assert nothing.json()["down"] == ["rasa", "action_server"]


async def test_readyz_really_probes_servers_over_http(tmp_path: Path) -> None:
    """No injected transport: nothing listens on these ports, so both are down."""
    settings = make_settings(
        tmp_path, rasa_url="http://127.0.0.1:9", action_server_url="http://127.0.0.1:9"
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/readyz")
            chat = await http.post("/api/v1/chat", json={"message": "hello"})

    assert response.status_code == 503
    assert response.json()["down"] == ["rasa", "action_server"]
    assert chat.status_code == 503
    assert "talk to a person" in chat.json()["messages"][0]["text"]


async def test_metrics_count_turns_fallbacks_and_latency(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    before = _samples((await client.get("/metrics")).text)
    await client.post("/api/v1/chat", json={"message": "hello"})
    rasa.rasa_up = False
    await client.post("/api/v1/chat", json={"message": "hello"})
    after = _samples((await client.get("/metrics")).text)

    def grew(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    assert grew('sen_guide_chat_turns_total{outcome="answered"}') == 1
    assert grew('sen_guide_chat_turns_total{outcome="unavailable"}') == 1
    assert grew('sen_guide_fallbacks_total{reason="rasa_unavailable"}') == 1
    assert grew('sen_guide_errors_total{kind="rasa_unavailable"}') == 1
    assert grew("sen_guide_chat_turn_seconds_count") == 2


def _samples(text: str) -> dict[str, float]:
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


async def test_logs_are_json_with_request_ids_and_never_message_text(
    client: httpx.AsyncClient, rasa: ScriptedRasa, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    await client.post("/api/v1/chat", json={"message": "zebra crossing worries"})
    rasa.reply = lambda request: httpx.Response(200, json=[])
    await client.post(
        "/api/v1/chat",
        json={"message": "zebra again"},
        headers={"X-Request-ID": "parent-request-0001"},
    )

    err = capfd.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert "zebra" not in err
    requests = [line for line in lines if line["event"] == "request"]
    assert [line["route"] for line in requests] == ["/api/v1/chat", "/api/v1/chat"]
    assert requests[1]["request_id"] == "parent-request-0001"
    assert any(line.get("reason") == "empty answer" for line in lines)


async def test_security_headers_on_pages_and_api(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    api = await client.get("/healthz")

    assert page.status_code == 200
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert f"frame-ancestors 'self' {COUNCIL}" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert api.headers["x-content-type-options"] == "nosniff"
    assert len(api.headers["x-request-id"]) >= 8


async def test_widget_script_is_served_as_javascript(client: httpx.AsyncClient) -> None:
    response = await client.get("/widget.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")


@pytest.fixture
async def cors_client(tmp_path: Path, rasa: ScriptedRasa) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(make_settings(tmp_path), httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_cors_allows_only_configured_council_origins(
    cors_client: httpx.AsyncClient,
) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = await cors_client.options("/api/v1/chat", headers={"Origin": COUNCIL, **preflight})
    refused = await cors_client.options(
        "/api/v1/chat", headers={"Origin": "https://evil.example", **preflight}
    )
    simple = await cors_client.post(
        "/api/v1/chat", json={"message": "hi"}, headers={"Origin": COUNCIL}
    )

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == COUNCIL
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert simple.headers["access-control-allow-origin"] == COUNCIL


async def test_deployed_environments_pin_browsers_to_https(
    tmp_path: Path, rasa: ScriptedRasa
) -> None:
    settings = make_settings(
        tmp_path, environment="production", secret_key="k3Jq9-long-random-value-from-the-vault"
    )
    application = create_app(settings, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            deployed = await http.get("/healthz")

    assert deployed.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_local_runs_do_not_pin_browsers_to_https(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert "strict-transport-security" not in response.headers


async def _metrics_status(
    tmp_path: Path, rasa: ScriptedRasa, headers: dict[str, str], **settings: Any
) -> int:
    application = create_app(make_settings(tmp_path, **settings), httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return (await http.get("/metrics", headers=headers)).status_code


async def test_metrics_need_the_monitoring_token_when_one_is_set(
    tmp_path: Path, rasa: ScriptedRasa
) -> None:
    token = "scrape-7d1f0c2a9b"

    assert await _metrics_status(tmp_path, rasa, {}, metrics_token=token) == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert await _metrics_status(tmp_path, rasa, wrong, metrics_token=token) == 401
    right = {"Authorization": f"Bearer {token}"}
    assert await _metrics_status(tmp_path, rasa, right, metrics_token=token) == 200


async def test_deployed_metrics_are_hidden_without_a_token(
    tmp_path: Path, rasa: ScriptedRasa
) -> None:
    deployed = {"environment": "production", "secret_key": "k3Jq9-long-random-value-from-the-vault"}

    assert await _metrics_status(tmp_path, rasa, {}, **deployed) == 404
    assert await _metrics_status(tmp_path, rasa, {}) == 200  # local runs and tests
