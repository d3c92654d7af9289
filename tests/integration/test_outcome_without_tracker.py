"""The chat path with the API cut off from Rasa's tracker store.

The API learns what happened in a turn from Rasa's reply (SPEC.md, "Turn outcome"); it touches
the tracker store only for erasure and retention. Here the API's TRACKER_STORE_URL names a
PostgreSQL server that is not there, so any read would fail, while Rasa keeps its own SQLite
store (it does not read TRACKER_STORE_URL): chat, the intent and confidence, the EHC triage in
the adviser's case view and the safeguarding flag must all still work.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from knowledge import load_knowledge, safeguarding_message
from scripts.stack import ROOT, Ports, Stack

pytestmark = pytest.mark.stack

EMAIL = "sam.patel@iask.example"
PASSWORD = "correct horse battery staple"
# Nothing listens on port 9: every connection to it is refused.
NO_TRACKER_STORE = "postgresql+psycopg://nobody@127.0.0.1:9/nowhere"
EHC_ANSWERS = {
    "on_sen_support": "yes",
    "has_support_plan": "yes",
    "review_cycles": "three_or_more",
    "specialists_involved": "yes",
    "progress": "little_or_none",
}


@pytest.fixture(scope="module")
def stack_without_tracker(
    tmp_path_factory: pytest.TempPathFactory, launch_stack: Callable[[Stack], None]
) -> Iterator[Stack]:
    data = tmp_path_factory.mktemp("no-tracker")
    running = Stack(
        ports=Ports.free(),
        data_dir=data,
        log_dir=ROOT / "tests" / "artifacts" / "logs-no-tracker",
        extra_env={
            "ENVIRONMENT": "test",
            "TRACKER_STORE_URL": NO_TRACKER_STORE,
            "RATE_LIMIT_CLIENT_PER_MINUTE": "100000",
            "RATE_LIMIT_SESSION_PER_MINUTE": "100000",
        },
    )
    created = subprocess.run(
        [sys.executable, "-m", "api.admin", "create-adviser", "--email", EMAIL,
         "--name", "Sam Patel", "--password-stdin"],
        input=PASSWORD + "\n", env=running.env, cwd=ROOT, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    launch_stack(running)
    yield running
    running.stop()


def _chat(stack: Stack, message: str, session_id: str | None = None) -> dict[str, Any]:
    body = {"message": message} | ({"session_id": session_id} if session_id else {})
    response = httpx.post(f"{stack.api_url}/api/v1/chat", json=body, timeout=60)
    assert response.status_code == 200, response.text
    reply: dict[str, Any] = response.json()
    assert set(reply) <= {"session_id", "messages", "turn_id", "user_text"}
    for message in reply["messages"]:
        assert set(message) <= {"text", "buttons"}, "the outcome payload reached the parent"
    return reply


def _transcript(stack: Stack, session_id: str) -> dict[str, Any]:
    response = httpx.get(f"{stack.api_url}/api/v1/sessions/{session_id}/transcript", timeout=10)
    assert response.status_code == 200
    transcript: dict[str, Any] = response.json()
    return transcript


def _tracker_errors(stack: Stack) -> float:
    metrics = httpx.get(f"{stack.api_url}/metrics", timeout=10).text
    found = re.search(r'^sen_guide_errors_total\{kind="tracker"\} (\S+)$', metrics, re.M)
    return float(found.group(1)) if found else 0.0


def _sign_in(client: httpx.Client) -> None:
    page = client.get("/adviser").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the sign-in page has no CSRF field"
    signed_in = client.post(
        "/adviser/login",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303, signed_in.text


def test_chat_triage_and_safeguarding_work_with_no_tracker_store_access(
    stack_without_tracker: Stack,
) -> None:
    stack = stack_without_tracker
    errors_before = _tracker_errors(stack)

    # The intent comes with every reply: a custom action's, and a rule's response (utter_thank).
    asked = _chat(stack, "who is the senco and what do they do")
    _chat(stack, "thank you", asked["session_id"])
    said = [t for t in _transcript(stack, asked["session_id"])["turns"] if t["sender"] == "user"]
    assert [t["intent"] for t in said] == ["ask_senco", "thank"]
    assert all(0 < t["confidence"] <= 1 for t in said)

    # The EHC triage, by its buttons: the recommendation carries the triage outcome.
    triage = _chat(stack, "should we ask for an ehcp")
    for slot, value in EHC_ANSWERS.items():
        last = _chat(stack, f'/inform{{"{slot}":"{value}"}}', triage["session_id"])
    assert any("EHC" in message["text"] for message in last["messages"])
    stored = _transcript(stack, triage["session_id"])["triage_outcomes"]
    assert [(o["kind"], o["answers"], o["recommendation"]) for o in stored] == [
        ("ehc", EHC_ANSWERS, "consider_ehc_request")
    ]

    # A crisis both the API and the bot recognise: one crisis message, the bot's (with its
    # button), found by the bot's outcome, not by its text; then the parent asks for a person.
    crisis = _chat(stack, "my son says he wants to kill himself")
    crisis_text = safeguarding_message(load_knowledge().safeguarding)
    shown = [m for m in crisis["messages"] if m["text"] == crisis_text]
    assert len(shown) == 1, crisis["messages"]
    assert crisis["messages"][0] == shown[0]
    assert shown[0].get("buttons"), "the API's copy was kept instead of the bot's"
    _chat(stack, "/ask_local_support", crisis["session_id"])
    flagged = _transcript(stack, crisis["session_id"])["turns"]
    assert [t["sender"] for t in flagged if t["safeguarding"]] == ["user", "bot"]

    # The adviser's case view: the triage with its recommendation, the crisis flagged.
    with httpx.Client(base_url=stack.api_url, timeout=10) as adviser:
        _sign_in(adviser)
        listed = adviser.get("/api/v1/adviser/conversations").json()
        by_outcome = {tuple(c["outcomes"]): c for c in listed}
        assert by_outcome[("triage",)]["latest_recommendation"] == "consider_ehc_request"
        assert by_outcome[("triage",)]["safeguarding"] is False
        assert by_outcome[("handoff",)]["safeguarding"] is True
        case = adviser.get(f"/api/v1/adviser/conversations/{by_outcome[('triage',)]['handle']}")
        assert case.status_code == 200
        assert [o["answers"] for o in case.json()["triage_outcomes"]] == [EHC_ANSWERS]

    assert _tracker_errors(stack) == errors_before, "the chat path tried the tracker store"
