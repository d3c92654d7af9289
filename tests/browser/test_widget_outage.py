"""When the assistant is down the widget says so kindly, gives human contacts, and recovers.

This module stops the real Rasa server. `stack_with_rasa` starts it again afterwards, even when
a test fails, so the tests that follow talk to a working assistant.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from widget_support import (
    DESKTOP,
    PHONE,
    REPLY_TIMEOUT_MS,
    ChatWidget,
    new_context,
    save_screenshot,
    serious_violations,
)

from scripts.stack import Stack

pytestmark = [pytest.mark.browser, pytest.mark.stack]


def test_with_rasa_stopped_the_widget_offers_people_then_retries(
    browser: Browser, stack_with_rasa: Stack
) -> None:
    stack = stack_with_rasa
    stack.stop_rasa()
    phone_context = new_context(browser, stack, PHONE)
    desktop_context = new_context(browser, stack, DESKTOP)
    try:
        phone = ChatWidget.load(phone_context.new_page())
        desktop = ChatWidget.load(desktop_context.new_page())
        for widget in (phone, desktop):
            widget.open()
            widget.input.fill("what is sen support")
            widget.input.press("Enter")

            alert = widget.alert
            expect(alert).to_contain_text(
                "The guide is not available right now", timeout=REPLY_TIMEOUT_MS
            )
            # The human contacts come from the API's 503 fallback message, not from widget.js.
            expect(alert.locator("a[href^='tel:']").first).to_be_visible()
            expect(alert.get_by_role("button", name="Try again")).to_be_visible()
            expect(widget.user_messages).to_have_text(["You said: what is sen support"])
            expect(widget.typing).to_be_hidden()
            assert serious_violations(widget.page, "error-503") == []
            save_screenshot(widget.page, "widget-error-503")

        stack.start_rasa()
        stack.wait_until_ready()
        desktop.alert.get_by_role("button", name="Try again").click()
        expect(desktop.bot_messages).not_to_have_count(0, timeout=REPLY_TIMEOUT_MS)
        expect(desktop.alert).to_be_hidden()
        expect(desktop.user_messages).to_have_count(1)  # the retry does not repeat the question
    finally:
        phone_context.close()
        desktop_context.close()


def test_offline_the_widget_keeps_the_question_and_offers_a_person(
    browser: Browser, stack: Stack
) -> None:
    context = new_context(browser, stack, DESKTOP)
    try:
        widget = ChatWidget.load(context.new_page())
        widget.open()
        context.set_offline(True)
        widget.input.fill("hello")
        widget.input.press("Enter")

        expect(widget.alert).to_contain_text("Sorry, we could not connect to the guide")
        expect(widget.alert.get_by_role("link", name="Talk to a person at IASK")).to_be_visible()
        assert serious_violations(widget.page, "error-offline") == []
        save_screenshot(widget.page, "widget-error-offline")

        context.set_offline(False)
        widget.alert.get_by_role("button", name="Try again").click()
        expect(widget.bot_messages).not_to_have_count(0, timeout=REPLY_TIMEOUT_MS)
    finally:
        context.close()
