"""The adviser console's API: 401 without valid credentials; scripted EHC triage; reviews."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from api_support import ScriptedRasa, make_settings

from api.core.auth import hash_password
from api.main import create_app

PASSWORD = "correct horse battery staple"
ADVISER = ("iask-adviser", PASSWORD)
ADVISER_ROUTES = [
    ("GET", "/adviser"),
    ("GET", "/api/v1/adviser/sessions"),
    ("GET", f"/api/v1/adviser/sessions/{'A' * 43}"),
    ("GET", "/api/v1/adviser/triage/ehc/questions"),
    ("POST", "/api/v1/adviser/triage/ehc"),
]


@pytest.fixture
async def console(tmp_path: Path, rasa: ScriptedRasa) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        tmp_path,
        adviser_username="iask-adviser",
        adviser_password_hash=hash_password(PASSWORD),
        adviser_failures_per_minute=5,
    )
    application = create_app(settings, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


@pytest.mark.parametrize(("method", "path"), ADVISER_ROUTES)
@pytest.mark.parametrize(
    "auth",
    [None, ("iask-adviser", "wrong"), ("someone-else", PASSWORD), ("", "")],
    ids=["none", "wrong password", "wrong user", "empty"],
)
async def test_adviser_routes_answer_401_without_valid_credentials(
    console: httpx.AsyncClient, method: str, path: str, auth: tuple[str, str] | None
) -> None:
    response = await console.request(method, path, auth=auth, json={})

    assert response.status_code == 401
    assert response.json() == {"detail": "Adviser sign-in required."}
    assert response.headers["www-authenticate"].startswith("Basic")


async def test_no_one_gets_in_when_no_adviser_password_is_configured(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/adviser/sessions", auth=("adviser", ""))

    assert response.status_code == 401


async def test_repeated_wrong_passwords_are_slowed_down(console: httpx.AsyncClient) -> None:
    statuses = [
        (await console.get("/api/v1/adviser/sessions", auth=("iask-adviser", f"guess{i}")))
        for i in range(6)
    ]

    assert [r.status_code for r in statuses] == [401, 401, 401, 401, 401, 429]
    assert "Retry-After" in statuses[-1].headers


async def test_triage_gives_the_step_reasons_sources_and_a_case_summary(
    console: httpx.AsyncClient,
) -> None:
    answers = {
        "on_sen_support": "yes",
        "has_support_plan": "yes",
        "review_cycles": "three_or_more",
        "specialists_involved": "yes",
        "progress": "little_or_none",
        "age": 9,
    }

    response = await console.post("/api/v1/adviser/triage/ehc", json=answers, auth=ADVISER)
    questions = await console.get("/api/v1/adviser/triage/ehc/questions", auth=ADVISER)

    assert response.status_code == 200
    result = response.json()
    assert result["code"] == "consider_ehc_request"
    assert result["reasons"]
    assert all(reason["sources"] for reason in result["reasons"])
    assert any("Code of Practice" in source for source in result["sources"])
    assert result["case_summary"].startswith("EHC triage summary")
    assert "- Age: 9" in result["case_summary"]
    assert {q["field"] for q in questions.json()} >= set(answers) - {"age"}


async def test_triage_refuses_answers_outside_the_choices(console: httpx.AsyncClient) -> None:
    response = await console.post(
        "/api/v1/adviser/triage/ehc",
        json={
            "on_sen_support": "maybe",
            "has_support_plan": "yes",
            "review_cycles": "lots",
            "specialists_involved": "yes",
            "progress": "good",
        },
        auth=ADVISER,
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "Invalid value for: on_sen_support, review_cycles."


async def test_advisers_can_list_and_read_conversations_redacted(
    console: httpx.AsyncClient,
) -> None:
    older = (await console.post("/api/v1/chat", json={"message": "hello"})).json()["session_id"]
    newer = (
        await console.post("/api/v1/chat", json={"message": "she wants to die, call 07700 900123"})
    ).json()["session_id"]

    listing = await console.get("/api/v1/adviser/sessions", auth=ADVISER)
    conversation = await console.get(f"/api/v1/adviser/sessions/{newer}", auth=ADVISER)
    unknown = await console.get(f"/api/v1/adviser/sessions/{'C' * 43}", auth=ADVISER)

    assert [(s["session_id"], s["turns"], s["safeguarding"]) for s in listing.json()] == [
        (newer, 3, True),
        (older, 2, False),
    ]
    assert conversation.json()["turns"][0]["text"] == "she wants to die, call [phone number]"
    assert unknown.status_code == 404
