"""The widget in Chromium keeps the parent's words and key to itself: the host page's
sessionStorage holds only what the server stored (redacted) and, on a council's page, not the
conversation id; Delete waits for a reply on its way and erases the conversation everywhere."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, expect
from widget_support import DESKTOP, REPLY_TIMEOUT_MS, ChatWidget, new_context

from scripts.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.browser]

TYPED = (
    "my son Jack Smith, born 12/03/2015, goes to St Mary's Primary School. Call me on "
    "07700 900123 or email jane dot smith at example dot com. What is SEN support?"
)
TYPED_IDENTIFIERS = (
    "Jack",
    "Smith",
    "12/03/2015",
    "St Mary",
    "07700",
    "900123",
    "jane dot smith",
    "example dot com",
)
DELAYS_MS = (0, 30, 80, 200)
ROUNDS = 5


def _storage(page: Page) -> str:
    """Everything the host page's own scripts can read from this tab's storage."""
    return str(
        page.evaluate(
            """() => JSON.stringify({
                session: Object.fromEntries(Object.entries(sessionStorage)),
                local: Object.fromEntries(Object.entries(localStorage)),
            })"""
        )
    )


def _is_chat(response: Response) -> bool:
    return response.url.endswith("/api/v1/chat") and response.request.method == "POST"


@pytest.fixture
def council_page(browser: Browser, stack: Stack, tmp_path: Path) -> Iterator[Page]:
    """A council's page on another origin (the stack's allowed origin), served by a real web
    server there, embedding the widget from the API as EMBEDDING.md says."""
    origin = stack.env["ALLOWED_ORIGINS"]
    (tmp_path / "council.html").write_text(
        "<!doctype html><html lang='en-GB'><head><title>Example County Council</title></head>"
        "<body><h1>SEN support</h1>"
        f"<script src='{stack.api_url}/widget.js' data-api='{stack.api_url}' "
        "data-council='Example County Council' defer></script></body></html>",
        encoding="utf-8",
    )
    handler = partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", int(origin.rsplit(":", 1)[1])), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = new_context(browser, stack, DESKTOP)
    page = context.new_page()
    page.goto(f"{origin}/council.html")
    yield page
    context.close()
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_councils_page_keeps_neither_what_was_typed_nor_the_conversation_id(
    council_page: Page,
) -> None:
    widget = ChatWidget(council_page)
    expect(widget.launcher).to_be_visible()
    widget.open()
    with council_page.expect_response(_is_chat, timeout=REPLY_TIMEOUT_MS) as answer:
        widget.ask(TYPED)
    session_id = answer.value.json()["session_id"]

    stored = _storage(council_page)
    assert widget.bot_messages.count() >= 1  # the conversation works across origins
    assert session_id not in stored
    for identifier in TYPED_IDENTIFIERS:
        assert identifier not in stored, identifier


def test_the_assistants_own_page_keeps_the_redacted_text_the_server_stored(
    widget: ChatWidget,
) -> None:
    widget.open()
    with widget.page.expect_response(_is_chat, timeout=REPLY_TIMEOUT_MS) as answer:
        widget.ask(TYPED)
    stored_by_server = answer.value.json()["user_text"]

    stored = _storage(widget.page)
    log = next(
        json.loads(value)["log"]
        for key, value in json.loads(stored)["session"].items()
        if key.startswith("sen-chat:")
    )
    assert [entry["text"] for entry in log if entry["from"] == "user"] == [stored_by_server]
    assert "[name]" in stored_by_server
    for identifier in TYPED_IDENTIFIERS:
        assert identifier not in stored, identifier
    # After a reload the parent sees what was stored, never what they typed.
    widget.page.reload()
    widget.open()
    expect(widget.user_messages.first).to_contain_text("[phone number]")


def _api_rows(stack: Stack, session_id: str) -> list[str]:
    database = stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        rows = list(db.execute("SELECT id FROM chat_sessions WHERE id = ?", (session_id,)))
        rows += list(db.execute("SELECT id FROM turns WHERE session_id = ?", (session_id,)))
    return [str(row) for row in rows]


def _tracker_events(stack: Stack, session_id: str) -> int:
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        query = "SELECT count(*) FROM events WHERE sender_id = ?"
        return int(db.execute(query, (session_id,)).fetchone()[0])


def test_delete_pressed_while_a_reply_is_on_its_way_erases_everything(
    widget: ChatWidget, stack: Stack
) -> None:
    widget.open()
    delete = widget.panel.get_by_role("button", name="Delete my conversation")
    confirm = widget.panel.get_by_role("button", name="Yes, delete it")
    page = widget.page
    for delay_ms in DELAYS_MS:
        for _ in range(ROUNDS):
            with page.expect_response(_is_chat, timeout=REPLY_TIMEOUT_MS) as first:
                widget.ask("hello")
            session_id = first.value.json()["session_id"]
            assert _tracker_events(stack, session_id) > 0

            widget.input.fill("what is SEN support?")
            widget.input.press("Enter")
            if delay_ms == 0:
                expect(delete).to_be_disabled()  # no erasing while the answer is on its way
            page.wait_for_timeout(delay_ms)
            delete.click(timeout=REPLY_TIMEOUT_MS)  # a real click: it waits until enabled
            confirm.click(timeout=REPLY_TIMEOUT_MS)
            expect(widget.panel.locator(".sen-chat__status")).to_have_text(
                "Your conversation has been deleted.", timeout=REPLY_TIMEOUT_MS
            )

            transcript = page.request.get(f"/api/v1/sessions/{session_id}/transcript")
            assert transcript.status == 404, (delay_ms, session_id)
            assert _api_rows(stack, session_id) == [], (delay_ms, session_id)
            assert _tracker_events(stack, session_id) == 0, (delay_ms, session_id)
            assert session_id not in _storage(page)
