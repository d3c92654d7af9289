"""Playwright fixtures: Debian's Chromium (never a downloaded browser) against the real stack.

The widget lives in an open Shadow DOM. Playwright's CSS and role locators pierce open shadow
roots, and axe-core walks them too, so the tests see the widget as a browser user does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from widget_support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, ChatWidget, new_context

from scripts.stack import Stack


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: run `make chromium`", pytrace=False)
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def desktop_page(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = new_context(browser, stack, DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop-1280", "phone-320"])
def any_page(request: pytest.FixtureRequest, browser: Browser, stack: Stack) -> Iterator[Page]:
    context = new_context(browser, stack, request.param)
    yield context.new_page()
    context.close()


@pytest.fixture
def widget(desktop_page: Page) -> ChatWidget:
    return ChatWidget.load(desktop_page)
