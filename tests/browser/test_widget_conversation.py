"""A parent's conversation through the embedded widget, against the real API, Rasa and actions."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from playwright.sync_api import Page, expect
from widget_support import REPLY_TIMEOUT_MS, ChatWidget, save_screenshot

from scripts.stack import Stack

pytestmark = [pytest.mark.browser, pytest.mark.stack]


def test_a_parent_asks_a_question_and_follows_a_quick_reply(any_page: Page) -> None:
    widget = ChatWidget.load(any_page)
    widget.open()

    widget.ask("hello")
    expect(widget.latest_reply()).to_contain_text("special educational needs")
    expect(widget.quick_replies.filter(has_text="What should I ask the school?")).to_be_visible()

    widget.choose("What should I ask the school?")
    expect(widget.user_messages.last).to_have_text("You said: What should I ask the school?")
    expect(widget.latest_reply()).to_contain_text("Which is closest to where you are?")

    widget.choose("On SEN support for a while")
    answer = widget.latest_reply()
    expect(answer).not_to_contain_text("Which is closest to where you are?")
    expect(answer).to_contain_text("?")  # the suggested questions for the school
    # Scrolling to a long answer must not push the title bar and close button off screen.
    expect(widget.panel.get_by_role("button", name="Close SEN support guide")).to_be_in_viewport()
    expect(widget.input).to_be_in_viewport()
    save_screenshot(any_page, "conversation")


def test_each_reply_is_announced_in_the_polite_live_region(widget: ChatWidget) -> None:
    widget.open()
    live = widget.live_region
    expect(live).to_have_attribute("aria-live", "polite")

    widget.ask("hello")
    greeting = widget.first_paragraph_of_latest_reply()
    expect(live).to_contain_text(greeting)

    widget.choose("I'm not happy with the support")
    expect(live).to_contain_text(widget.first_paragraph_of_latest_reply())
    expect(live).not_to_contain_text(greeting)


def test_the_conversation_survives_a_reload(widget: ChatWidget) -> None:
    widget.open()
    widget.ask("hello")
    greeting = widget.first_paragraph_of_latest_reply()
    session_before = widget.session_id()
    assert session_before

    widget.page.reload()
    expect(widget.launcher).to_have_text("Continue your conversation")
    widget.open()
    expect(widget.user_messages).to_have_text(["You said: hello"])
    expect(widget.latest_reply()).to_contain_text(greeting)

    widget.choose("I'm not happy with the support")
    assert widget.session_id() == session_before, "the reload started a new conversation"


def test_bot_and_user_text_is_shown_as_text_never_as_markup(widget: ChatWidget) -> None:
    widget.open()
    question = 'hello <img src=x data-injected="yes"> <b>bold</b>'

    widget.ask(question)

    expect(widget.user_messages.last).to_have_text(f"You said: {question}")
    expect(widget.panel.locator("[data-injected]")).to_have_count(0)
    expect(widget.user_messages.last.locator("b")).to_have_count(0)


def test_the_character_counter_counts_down_and_stops_a_message_over_the_limit(
    widget: ChatWidget,
) -> None:
    widget.open()
    counter = widget.panel.locator(".sen-chat__count")
    expect(counter).to_have_text("You have 1,000 characters remaining")

    widget.input.fill("a" * 990)
    expect(counter).to_have_text("You have 10 characters remaining")
    widget.input.fill("a" * 1003)
    expect(counter).to_have_text("You have 3 characters too many")

    widget.input.press("Enter")
    expect(widget.panel.locator(".sen-chat__input-error")).to_have_text(
        "Your question must be 1,000 characters or fewer"
    )
    expect(widget.input).to_have_attribute("aria-invalid", "true")
    expect(widget.user_messages).to_have_count(0)


def test_a_slow_reply_shows_progress_then_the_answer(desktop_page: Page) -> None:
    desktop_page.clock.install()
    widget = ChatWidget.load(desktop_page)
    held = []
    # Hold the real request back (it still goes to the real API afterwards) so the slow state
    # can be seen without depending on how busy the machine is.
    desktop_page.route("**/api/v1/chat", lambda route: held.append(route))
    widget.open()
    widget.input.fill("hello")
    widget.input.press("Enter")

    expect(widget.typing).to_contain_text("writing a reply")
    desktop_page.clock.run_for(6_000)
    expect(widget.typing).to_contain_text("Still working on your answer")
    expect(widget.live_region).to_contain_text("Still working on your answer")

    held[0].continue_()
    expect(widget.bot_messages).not_to_have_count(0, timeout=REPLY_TIMEOUT_MS)
    expect(widget.typing).to_be_hidden()


def test_start_again_begins_a_new_conversation(widget: ChatWidget) -> None:
    widget.open()
    widget.ask("hello")
    first_session = widget.session_id()

    widget.panel.get_by_role("button", name="Start again").click()
    expect(widget.bot_messages).to_have_count(0)
    expect(widget.panel.locator(".sen-chat__status")).to_have_text(
        "You have started a new conversation."
    )
    widget.ask("hello")
    assert widget.session_id() not in (None, first_session)


def test_download_transcript_saves_the_conversation_as_text(widget: ChatWidget) -> None:
    widget.open()
    widget.ask("hello")
    greeting = widget.first_paragraph_of_latest_reply()

    with widget.page.expect_download() as download_info:
        widget.panel.get_by_role("button", name="Download transcript").click()
    download = download_info.value

    assert download.suggested_filename.startswith("sen-support-conversation-")
    assert download.suggested_filename.endswith(".txt")
    text = download.path().read_text(encoding="utf-8")
    assert "You:\nhello" in text
    assert greeting in text
    expect(widget.live_region).to_contain_text("downloaded")


def test_delete_my_conversation_erases_it_here_and_on_the_server(
    widget: ChatWidget, stack: Stack
) -> None:
    widget.open()
    widget.ask("hello")
    session_id = widget.session_id()
    transcript_url = f"{stack.api_url}/api/v1/sessions/{session_id}/transcript"
    assert httpx.get(transcript_url, timeout=30).status_code == 200

    widget.panel.get_by_role("button", name="Delete my conversation").click()
    confirm = widget.panel.get_by_role("button", name="Yes, delete it")
    expect(confirm).to_be_visible()
    confirm.click()

    expect(widget.panel.locator(".sen-chat__status")).to_have_text(
        "Your conversation has been deleted."
    )
    expect(widget.bot_messages).to_have_count(0)
    assert widget.session_id() is None
    assert httpx.get(transcript_url, timeout=30).status_code == 404


def test_cancelling_delete_keeps_the_conversation(widget: ChatWidget) -> None:
    widget.open()
    widget.ask("hello")
    replies = widget.bot_messages.count()

    widget.panel.get_by_role("button", name="Delete my conversation").click()
    widget.panel.get_by_role("button", name="Cancel").click()

    expect(widget.panel.get_by_role("button", name="Yes, delete it")).to_be_hidden()
    expect(widget.bot_messages).to_have_count(replies)
    assert widget.focused().endswith("|Delete my conversation")

    widget.page.keyboard.press("Enter")
    expect(widget.panel.get_by_role("button", name="Yes, delete it")).to_be_visible()
    widget.page.keyboard.press("Escape")  # backs out of the question, not out of the chat
    expect(widget.panel.get_by_role("button", name="Yes, delete it")).to_be_hidden()
    expect(widget.panel).to_be_visible()
    assert widget.focused().endswith("|Delete my conversation")


def test_marking_an_answer_helpful_is_acknowledged(widget: ChatWidget) -> None:
    widget.open()
    widget.ask("hello")
    feedback = widget.latest_reply().get_by_role("group", name="Was this answer helpful?")

    feedback.get_by_role("button", name="Helpful", exact=True).click()

    expect(feedback.get_by_role("button", name="Helpful", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(feedback).to_contain_text("Thank you for your feedback.")
    expect(widget.live_region).to_contain_text("Thank you for your feedback.")


def test_lists_in_answers_are_shown_as_real_lists(widget: ChatWidget) -> None:
    widget.open()

    widget.ask("what can you do?")

    items = widget.latest_reply().locator(".sen-chat__list li")
    expect(items.first).to_be_visible()
    expect(items.first).not_to_have_text(re.compile(r"^\s*-"))  # the "- " became a bullet


def test_no_cookies_no_third_party_requests_and_only_session_storage(
    desktop_page: Page, stack: Stack
) -> None:
    requested: list[str] = []
    desktop_page.on("request", lambda request: requested.append(request.url))
    widget = ChatWidget.load(desktop_page)
    widget.open()
    widget.ask("hello")
    widget.choose("What should I ask the school?")

    assert requested, "no requests were seen"
    assert [url for url in requested if not url.startswith(f"{stack.api_url}/")] == []
    assert desktop_page.context.cookies() == []
    assert desktop_page.evaluate("document.cookie") == ""
    assert desktop_page.evaluate("localStorage.length") == 0
    assert widget.session_id() is not None  # kept in sessionStorage, gone with the tab


@pytest.fixture
def council_site(stack: Stack) -> Iterator[str]:
    """A council's own page, served from another origin, embedding the widget with one tag."""
    embed = (
        f'<script src="{stack.api_url}/widget.js" data-api="{stack.api_url}" '
        'data-council="Example County Council" defer></script>'
    )
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>SEND local offer</title></head>'
        f"<body><main><h1>SEND local offer</h1></main>{embed}</body></html>"
    ).encode()

    class CouncilPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), CouncilPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # "localhost" makes it a different origin from the API's "127.0.0.1" on the same machine.
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_one_script_tag_embeds_the_widget_on_a_council_site_on_another_origin(
    desktop_page: Page, stack: Stack, council_site: str
) -> None:
    widget = ChatWidget.load(desktop_page, f"{council_site}/send-local-offer")
    widget.open()

    with desktop_page.expect_request("**/api/v1/chat") as chat_request:
        widget.input.fill("hello")
        widget.input.press("Enter")

    # Whether the API then answers depends on ALLOWED_ORIGINS (CORS), which is deployment
    # configuration; what the widget controls is where it sends, and that it sends no cookies.
    request = chat_request.value
    assert request.url == f"{stack.api_url}/api/v1/chat"
    assert "cookie" not in request.headers
    expect(widget.panel.locator(".sen-chat__subtitle")).to_have_text("Example County Council")
