"""Helpers for the browser tests: the browser set-up, a page object for the chat widget (in the
words a user would use), axe-core and screenshots.

A plain module next to the tests (pytest puts this folder on sys.path), not a `tests.` import:
another installed distribution ships a top-level `tests` package that would shadow ours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from scripts.stack import ROOT, Stack

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
AXE_REPORTS = ROOT / "tests" / "artifacts" / "axe"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PANEL_NAME = "SEN support guide"
# A real Rasa reply can take a while on a busy two-core machine; we wait for it, never sleep.
REPLY_TIMEOUT_MS = 60_000


@dataclass
class ChatWidget:
    page: Page

    @classmethod
    def load(cls, page: Page, path: str = "/") -> ChatWidget:
        page.goto(path)
        widget = cls(page)
        expect(widget.launcher).to_be_visible()
        return widget

    # --- parts of the widget -------------------------------------------------------------------
    @property
    def launcher(self) -> Locator:
        return self.page.locator(".sen-chat__launcher")

    @property
    def panel(self) -> Locator:
        return self.page.get_by_role("dialog", name=PANEL_NAME)

    @property
    def input(self) -> Locator:
        return self.panel.get_by_role("textbox", name="Your question")

    @property
    def bot_messages(self) -> Locator:
        return self.panel.locator(".sen-chat__message--bot")

    @property
    def user_messages(self) -> Locator:
        return self.panel.locator(".sen-chat__message--user")

    @property
    def quick_replies(self) -> Locator:
        return self.panel.locator(".sen-chat__quick-reply")

    @property
    def live_region(self) -> Locator:
        return self.page.locator(".sen-chat__live")

    @property
    def alert(self) -> Locator:
        return self.panel.get_by_role("alert")

    @property
    def typing(self) -> Locator:
        return self.panel.locator(".sen-chat__typing")

    # --- what a user does ------------------------------------------------------------------------
    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()

    def ask(self, question: str) -> None:
        """Type a question, send it, and wait until the assistant's reply is on screen."""
        replies_before = self.bot_messages.count()
        self.input.fill(question)
        self.input.press("Enter")
        self.wait_for_reply(replies_before)

    def choose(self, title: str) -> None:
        replies_before = self.bot_messages.count()
        self.quick_replies.filter(has_text=title).first.click()
        self.wait_for_reply(replies_before)

    def wait_for_reply(self, replies_before: int) -> None:
        expect(self.bot_messages).not_to_have_count(replies_before, timeout=REPLY_TIMEOUT_MS)
        expect(self.typing).to_be_hidden()

    def latest_reply(self) -> Locator:
        return self.bot_messages.last

    def first_paragraph_of_latest_reply(self) -> str:
        """What the assistant just said, in its own words (so tests survive rewording)."""
        text = self.latest_reply().locator(".sen-chat__paragraph").first.text_content() or ""
        assert text.strip(), "the latest reply has no text"
        return text.strip()

    def session_id(self) -> str | None:
        stored = self.page.evaluate(
            """() => {
                const key = Object.keys(sessionStorage).find((k) => k.startsWith('sen-chat:'));
                return key ? JSON.parse(sessionStorage.getItem(key)).sessionId : null;
            }"""
        )
        return stored if isinstance(stored, str) else None

    def focused(self) -> str:
        """A description of the focused element, looking inside the widget's shadow root."""
        return str(
            self.page.evaluate(
                """() => {
                    let el = document.activeElement;
                    while (el && el.shadowRoot && el.shadowRoot.activeElement) {
                        el = el.shadowRoot.activeElement;
                    }
                    if (!el) return '';
                    const name = el.getAttribute('aria-label') || el.textContent.trim()
                        || el.id || '';
                    return `${el.tagName.toLowerCase()}.${el.className}|${name}`;
                }"""
            )
        )


def new_context(browser: Browser, stack: Stack, viewport: dict[str, int]) -> BrowserContext:
    context = browser.new_context(
        base_url=stack.api_url, viewport=viewport, accept_downloads=True, locale="en-GB"
    )
    context.set_default_timeout(30_000)
    return context


def save_screenshot(page: Page, name: str) -> None:
    """Screenshots are evidence for people reviewing the change, kept in tests/artifacts/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}px.png")


def serious_violations(page: Page, state: str) -> list[str]:
    """axe-core (the copy bundled offline by axe-playwright-python), WCAG 2.0-2.2 A and AA.

    Every violation, whatever its impact, is saved to tests/artifacts/axe/ for review; the
    serious and critical ones are returned for the test to fail on.
    """
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations: list[dict[str, Any]] = results.response["violations"]
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    summary = [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
        for v in violations
    ]
    needs_review = sorted({v["id"] for v in results.response.get("incomplete", [])})
    report = {"violations": summary, "needs_review": needs_review}
    (AXE_REPORTS / f"{state}-{width}px.json").write_text(json.dumps(report, indent=2))
    return [
        f"{v['id']} ({v['impact']}): {v['targets']}"
        for v in summary
        if v["impact"] in ("serious", "critical")
    ]
