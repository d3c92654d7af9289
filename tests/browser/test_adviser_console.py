"""The adviser console in Debian's Chromium: a whole scripted triage by keyboard alone, ending
in a copied case summary; the review of web conversations; axe-core at desktop and 320 px.

The console needs only the API (not Rasa), so these tests start uvicorn on a free port with a
fresh SQLite database, an adviser made with the real `create-adviser` command, and two stored
parent conversations.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from widget_support import DESKTOP, PHONE, save_screenshot, serious_violations

from api.core.db import Database
from api.models import ChatSession, TriageOutcome, Turn

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "sam.patel@iask.example"
PASSWORD = "correct horse battery staple"
HANDOFF_SESSION = "H" * 43
TRIAGE_SESSION = "T" * 43
# What advisers see instead of the session ids (the parents' credentials).
HANDOFF_HANDLE = "c-" + "a" * 16
TRIAGE_HANDLE = "c-" + "b" * 16

pytestmark = pytest.mark.browser
# The machine is shared and argon2 is slow on purpose: wait up to 30 s for each change on screen.
WAIT_MS = 30_000


@dataclass
class Console:
    url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _seed_conversations(database_url: str) -> None:
    database = Database(database_url)
    now = datetime.now(UTC)
    with database.session() as db:
        db.add(
            ChatSession(id=TRIAGE_SESSION, handle=TRIAGE_HANDLE, created_at=now, last_active_at=now)
        )
        db.add(
            ChatSession(
                id=HANDOFF_SESSION, handle=HANDOFF_HANDLE, created_at=now, last_active_at=now
            )
        )
        db.flush()
        db.add(
            Turn(
                session_id=TRIAGE_SESSION,
                sender="user",
                text="should we ask for an ehcp",
                intent="ask_ehc_should_request",
                created_at=now - timedelta(minutes=3),
            )
        )
        db.add(
            TriageOutcome(
                session_id=TRIAGE_SESSION,
                kind="ehc",
                answers={},
                recommendation="review_and_specialists",
                created_at=now,
            )
        )
        db.add(
            Turn(
                session_id=HANDOFF_SESSION,
                sender="user",
                text="can i speak to a real person please, my number is [phone number]",
                intent="ask_local_support",
                created_at=now,
            )
        )
        db.add(
            Turn(
                session_id=HANDOFF_SESSION,
                sender="bot",
                text="You can call IASK on 01632 960001.",
                created_at=now,
            )
        )
    database.dispose()


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    data = tmp_path_factory.mktemp("adviser-console")
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "ENVIRONMENT": "test",
        "SECRET_KEY": "browser-tests-secret-key",
        "DATABASE_URL": f"sqlite:///{data / 'api.db'}",
        "TRACKER_DB": str(data / "tracker.db"),
        "SPOOL_DIR": str(data / "spool"),
        "RASA_URL": "http://127.0.0.1:9",
        "ACTION_SERVER_URL": "http://127.0.0.1:9",
    }
    created = subprocess.run(
        [
            sys.executable,
            "-m",
            "api.admin",
            "create-adviser",
            "--email",
            EMAIL,
            "--name",
            "Sam Patel",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        env=env,
        cwd=data,
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    _seed_conversations(env["DATABASE_URL"])
    port = _free_port()
    log = data / "uvicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            cwd=data,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, server, log)
        yield Console(url=url, log=log)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"uvicorn exited:\n{log.read_text()[-3000:]}", pytrace=False)
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)  # polling for start-up, not waiting for a result
    pytest.fail(f"uvicorn did not start:\n{log.read_text()[-3000:]}", pytrace=False)


def _page(browser: Browser, console: Console, viewport: dict[str, int]) -> Page:
    context = browser.new_context(
        base_url=console.url, viewport=viewport, locale="en-GB", accept_downloads=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=console.url)
    context.set_default_timeout(30_000)
    return context.new_page()


@pytest.fixture
def page(browser: Browser, console: Console) -> Iterator[Page]:
    page = _page(browser, console, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser: Browser, console: Console) -> Iterator[Page]:
    page = _page(browser, console, PHONE)
    yield page
    page.context.close()


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until the target has focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {target}")


def has_visible_focus(target: Locator) -> bool:
    style = target.evaluate(
        "node => { const s = getComputedStyle(node);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor]; }"
    )
    outline_style, outline_width, box_shadow, background = style
    return (
        (outline_style != "none" and outline_width != "0px")
        or box_shadow != "none"
        or (background == "rgb(255, 221, 0)")
    )


def sign_in_by_keyboard(page: Page) -> None:
    page.goto("/adviser")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=WAIT_MS)
    tab_to(page, page.get_by_label("E-mail address"))
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as Sam Patel")).to_be_visible(timeout=WAIT_MS)


def choose_by_keyboard(page: Page, option_index: int) -> None:
    """In the radio group of the current question, pick the n-th answer with the arrow keys."""
    first = page.locator('[data-triage="question"] input').first
    tab_to(page, first)
    if option_index == 0:
        page.keyboard.press("Space")
    for _ in range(option_index):
        page.keyboard.press("ArrowDown")


def continue_by_keyboard(page: Page, name: str = "Continue") -> None:
    button = page.get_by_role("button", name=name)
    tab_to(page, button)
    assert has_visible_focus(button)
    page.keyboard.press("Enter")


def test_a_whole_scripted_triage_by_keyboard_ends_in_a_copied_summary(page: Page) -> None:
    sign_in_by_keyboard(page)
    tab_to(page, page.get_by_label("Case reference (optional)"))
    page.keyboard.type("IASK-0042")
    page.keyboard.press("Tab")
    page.keyboard.type("Worried about reading. Mum's number is 07700 900123.")
    start = page.get_by_role("button", name="Start the triage")
    tab_to(page, start)
    page.keyboard.press("Enter")

    heading = page.locator("#question-heading")
    expect(heading).to_contain_text("Question 1 of 10", timeout=WAIT_MS)
    expect(heading).to_be_focused(timeout=WAIT_MS)
    # Continuing without an answer says what to do and keeps the adviser on the question.
    continue_by_keyboard(page)
    expect(page.get_by_text('Error: Choose an answer, or "Not sure".')).to_be_visible(
        timeout=WAIT_MS
    )
    choose_by_keyboard(page, 1)  # On SEN support for a while
    continue_by_keyboard(page)
    expect(heading).to_contain_text("Question 2 of 10", timeout=WAIT_MS)
    for option in (0, 2, 3, 0, 2):  # yes; plan not sure; 3+ reviews; specialists; little
        choose_by_keyboard(page, option)
        continue_by_keyboard(page)
    expect(heading).to_contain_text("Question 7 of 10", timeout=WAIT_MS)
    tab_to(page, page.get_by_label("Progress and learning"))
    page.keyboard.press("Space")
    continue_by_keyboard(page)
    choose_by_keyboard(page, 1)  # tried the teacher
    continue_by_keyboard(page)
    choose_by_keyboard(page, 0)  # unhappy with the school: yes
    continue_by_keyboard(page)
    expect(heading).to_contain_text("Question 10 of 10", timeout=WAIT_MS)
    tab_to(page, page.get_by_role("textbox", name="How old is your child?"))
    page.keyboard.type("9")
    continue_by_keyboard(page, "See the recommendation")

    result = page.get_by_role(
        "heading", name="Recommended next step: Consider asking for an EHC needs assessment now"
    )
    expect(result).to_be_focused(timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="Complaint: next step on the ladder")).to_be_visible(
        timeout=WAIT_MS
    )
    expect(page.get_by_text("Talk to the SENCO", exact=True)).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".adv-sources").first).to_contain_text("Sources: ", timeout=WAIT_MS)
    save_screenshot(page, "adviser-triage-result")

    copy = page.get_by_role("button", name="Copy summary", exact=True)
    tab_to(page, copy)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Summary copied. Paste it into your case notes.", timeout=WAIT_MS
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_label("Summary for your case notes").input_value()
    assert copied.startswith("CASE SUMMARY IASK-0042\n")
    assert "Has the school asked specialists for advice? Yes" in copied
    assert "07700 900123" not in copied  # redacted before it was stored
    assert "\nQUESTIONS TO ASK THE SCHOOL\n1. " in copied

    with page.expect_download() as download:
        page.get_by_role("link", name="Download summary (Markdown)").click()
    assert download.value.suggested_filename.endswith("-summary.md")
    assert Path(download.value.path()).read_text().startswith("# Case summary IASK-0042")


def test_reviewing_a_conversation_is_audited_and_sign_out_ends_the_session(page: Page) -> None:
    sign_in_by_keyboard(page)
    cards = page.locator('[data-conversations="list"] .adv-card')
    expect(cards).to_have_count(2, timeout=WAIT_MS)
    outcome = page.get_by_label("Outcome")
    tab_to(page, outcome)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(outcome).to_have_value("handoff", timeout=WAIT_MS)
    tab_to(page, page.get_by_role("button", name="Show conversations"))
    page.keyboard.press("Enter")
    expect(cards).to_have_count(1, timeout=WAIT_MS)
    expect(cards.first).to_contain_text("Asked for a person", timeout=WAIT_MS)

    read = cards.first.get_by_role("button", name="Read transcript")
    tab_to(page, read)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Transcript:")).to_be_focused(timeout=WAIT_MS)
    expect(page.get_by_text("my number is [phone number]")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator('[data-audit="list"]')).to_contain_text(
        f"Sam Patel ({EMAIL})", timeout=WAIT_MS
    )
    expect(page.locator('[data-audit="list"]')).to_contain_text(HANDOFF_HANDLE, timeout=WAIT_MS)
    expect(page.locator("body")).not_to_contain_text(HANDOFF_SESSION)
    save_screenshot(page, "adviser-review")

    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=WAIT_MS)
    assert page.request.get("/api/v1/adviser/me").status == 401


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop-1280", "phone-320"])
def test_no_serious_accessibility_problems_in_any_state(
    browser: Browser, console: Console, viewport: dict[str, int]
) -> None:
    page = _page(browser, console, viewport)
    problems: list[str] = []

    def check(state: str) -> None:
        problems.extend(serious_violations(page, state))
        # Reflow (WCAG 1.4.10): nothing scrolls sideways; 320 CSS px is 1280 px at 400% zoom.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{state}: scrolls sideways by {overflow}px")

    page.goto("/adviser")
    check("adviser-sign-in")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The e-mail address or password is wrong.", timeout=WAIT_MS
    )
    check("adviser-sign-in-error")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator('[data-conversations="list"] .adv-card').first).to_be_visible(
        timeout=WAIT_MS
    )
    check("adviser-console")
    page.get_by_role("button", name="Start the triage").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Error: Choose an answer")).to_be_visible(timeout=WAIT_MS)
    check("adviser-question-error")
    for _ in range(9):
        page.locator('[data-triage="question"] input[value="not_sure"]').check()
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="See the recommendation").click()
    expect(page.get_by_role("heading", name="Recommended next step:")).to_be_visible(
        timeout=WAIT_MS
    )
    check("adviser-result")
    page.get_by_role("button", name="Read transcript").first.click()
    expect(page.get_by_role("heading", name="Transcript:")).to_be_visible(timeout=WAIT_MS)
    check("adviser-transcript")
    save_screenshot(page, "adviser-console")
    page.context.close()

    assert problems == []
