"""WCAG 2.2 AA checks of the demo page and the widget: axe-core, then what axe cannot check.

axe-core is the copy bundled by axe-playwright-python (offline). It finds about a third of
WCAG failures, so keyboard use, focus, announcements, target sizes and reflow are checked by
hand below, the way an accessibility auditor would.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from widget_support import ChatWidget, new_context, save_screenshot, serious_violations

from scripts.stack import Stack

pytestmark = [pytest.mark.browser, pytest.mark.stack]

YELLOW_FOCUS = "rgb(255, 221, 0)"


# --- axe-core -----------------------------------------------------------------------------------


def test_axe_finds_nothing_serious_with_the_widget_closed_open_and_mid_conversation(
    any_page: Page,
) -> None:
    widget = ChatWidget.load(any_page)
    assert serious_violations(any_page, "widget-closed") == []
    save_screenshot(any_page, "demo-page-widget-closed")

    widget.open()
    assert serious_violations(any_page, "widget-open") == []
    save_screenshot(any_page, "widget-open")

    widget.ask("hello")
    widget.choose("Should we ask for an EHC needs assessment?")
    expect(widget.quick_replies.first).to_be_visible()
    assert serious_violations(any_page, "mid-conversation") == []
    save_screenshot(any_page, "widget-mid-conversation")


# --- keyboard -----------------------------------------------------------------------------------


def tab_until(widget: ChatWidget, wanted: str, key: str = "Tab", limit: int = 40) -> list[str]:
    """Press Tab until the focused element's description contains `wanted`; return the path."""
    path = []
    for _ in range(limit):
        widget.page.keyboard.press(key)
        path.append(widget.focused())
        if wanted in path[-1]:
            return path
    raise AssertionError(f"{wanted!r} never received focus; focus went {path}")


def test_the_whole_journey_works_with_the_keyboard_alone(widget: ChatWidget) -> None:
    page = widget.page
    first_stop = tab_until(widget, "Skip to main content", limit=1)
    assert first_stop, "the skip link is the first thing on the page"

    tab_until(widget, "sen-chat__launcher")
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert "sen-chat__input" in widget.focused(), "focus moves into the dialog on open"

    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    widget.wait_for_reply(0)
    assert "sen-chat__input" in widget.focused(), "focus stays in the box after sending"

    tab_until(widget, "What should I ask the school?", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(widget.latest_reply()).to_contain_text("Which is closest to where you are?")
    assert "sen-chat__input" in widget.focused(), "focus is not lost when the buttons go"

    tab_until(widget, "Early days", key="Shift+Tab")
    replies = widget.bot_messages.count()
    page.keyboard.press("Space")
    widget.wait_for_reply(replies)
    expect(widget.user_messages.last).to_contain_text("Early days")

    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert "sen-chat__launcher" in widget.focused(), "focus returns to the launcher"


def test_focus_order_inside_the_dialog_is_logical_and_stays_inside(widget: ChatWidget) -> None:
    widget.open()
    widget.ask("hello")
    widget.panel.get_by_role("button", name="Close SEN support guide").focus()

    order = [widget.focused()]
    for _ in range(20):
        widget.page.keyboard.press("Tab")
        order.append(widget.focused())
        if order[-1] == order[0]:
            break
    names = [stop.split("|", 1)[1] for stop in order]

    assert names[0] == "Close SEN support guide"
    assert names[1] == "Talk to a person at IASK"
    assert "What should I ask the school?" in names
    assert names.index("What should I ask the school?") < names.index("Helpful")
    assert names.index("Helpful") < names.index("Not helpful") < names.index("Start again")
    assert names[-5:] == [
        "Download transcript",
        "Delete my conversation",
        "sen-chat-input",
        "Send",
        "Close SEN support guide",
    ], "Tab after the last control wraps to the first instead of leaving the dialog"

    widget.page.keyboard.press("Shift+Tab")
    assert widget.focused().endswith("|Send"), "Shift+Tab wraps backwards too"


def test_escape_and_the_close_button_return_focus_to_the_launcher(widget: ChatWidget) -> None:
    widget.open()
    expect(widget.launcher).to_be_hidden()
    widget.page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")

    widget.page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    widget.panel.get_by_role("button", name="Close SEN support guide").click()
    expect(widget.launcher).to_be_focused()


def test_the_page_button_opens_the_guide(widget: ChatWidget) -> None:
    widget.page.get_by_role("button", name="Open the SEN support guide").click()
    expect(widget.panel).to_be_visible()
    expect(widget.input).to_be_focused()


def test_the_dialog_is_labelled_and_described(widget: ChatWidget) -> None:
    widget.open()
    dialog = widget.panel
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(dialog).to_have_accessible_name("SEN support guide")
    expect(dialog).to_have_accessible_description(
        "This is an automated guide, not a person. Please do not type names or other details "
        "that could identify you or your child."
    )


def test_every_control_shows_a_visible_focus_indicator(widget: ChatWidget) -> None:
    widget.open()
    widget.ask("hello")
    controls = widget.panel.locator("button:visible, a[href]:visible")
    resting = controls.evaluate_all("els => els.map(el => getComputedStyle(el).backgroundColor)")
    assert YELLOW_FOCUS not in resting, "a control looks focused when it is not"

    first = widget.focused()
    seen = []
    for _ in range(20):
        widget.page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
        seen.append(widget.focused())
        style = widget.page.evaluate(
            """() => { const root = document.querySelector('sen-chat-widget').shadowRoot;
                       const s = getComputedStyle(root.activeElement);
                       return [s.backgroundColor, s.outlineColor, s.outlineStyle]; }"""
        )
        assert style[0] == YELLOW_FOCUS or (style[1] == YELLOW_FOCUS and style[2] == "solid"), (
            f"no visible focus on {seen[-1]}: {style}"
        )
        if seen[-1] == first:
            break
    assert len(seen) >= 9, seen


# --- layout -------------------------------------------------------------------------------------


def target_sizes(page: Page) -> list[tuple[str, float, float]]:
    # Inline links inside sentences are exempt from WCAG 2.5.8; every other target is measured.
    return [
        (str(box[0]), float(box[1]), float(box[2]))
        for box in page.locator(
            ".sen-chat__launcher:visible, .sen-chat__panel button:visible, "
            ".sen-chat__panel textarea:visible, .sen-chat__human:visible"
        ).evaluate_all(
            """els => els.map(el => { const r = el.getBoundingClientRect();
                                      return [el.textContent.trim() || el.className,
                                              r.width, r.height]; })"""
        )
    ]


def test_every_target_is_at_least_24_pixels(any_page: Page) -> None:
    widget = ChatWidget.load(any_page)
    launcher = target_sizes(any_page)
    widget.open()
    widget.ask("hello")
    too_small = [t for t in launcher + target_sizes(any_page) if t[1] < 24 or t[2] < 24]
    assert len(launcher) == 1
    assert too_small == []


def no_horizontal_scroll(page: Page) -> dict[str, list[int]]:
    widths: dict[str, list[int]] = page.evaluate(
        """() => {
            const root = document.querySelector('sen-chat-widget').shadowRoot;
            const measure = (el) => el ? [el.scrollWidth, el.clientWidth] : [0, 0];
            return {
                page: [document.documentElement.scrollWidth, window.innerWidth],
                panel: measure(root.querySelector('.sen-chat__panel')),
                body: measure(root.querySelector('.sen-chat__body')),
            };
        }"""
    )
    return {name: pair for name, pair in widths.items() if pair[0] > pair[1]}


@pytest.mark.parametrize(
    ("viewport", "text_px"),
    [
        ({"width": 320, "height": 640}, 16),
        ({"width": 320, "height": 256}, 16),
        ({"width": 320, "height": 640}, 32),
    ],
    ids=["phone-320", "desktop-at-400%-zoom", "phone-320-with-200%-text"],
)
def test_no_horizontal_scrolling_at_320_pixels_400_percent_zoom_or_large_text(
    browser: Browser, stack: Stack, viewport: dict[str, int], text_px: int
) -> None:
    # 400% zoom of a 1280 x 1024 window gives the page a 320 x 256 CSS pixel viewport.
    context = new_context(browser, stack, viewport)
    try:
        page = context.new_page()
        if text_px != 16:
            # The browser's own text size setting (not page zoom), as a parent with low vision
            # might set it. The widget follows it, whatever the host page's root font size.
            cdp = context.new_cdp_session(page)
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": text_px, "fixed": text_px}})
        widget = ChatWidget.load(page)
        assert no_horizontal_scroll(page) == {}
        widget.open()
        assert widget.input.evaluate("el => getComputedStyle(el).fontSize") == f"{text_px}px"
        widget.ask("hello")
        widget.choose("Should we ask for an EHC needs assessment?")
        assert no_horizontal_scroll(page) == {}
        # Everything can still be reached by scrolling vertically.
        widget.input.scroll_into_view_if_needed()
        expect(widget.input).to_be_in_viewport()
        expect(widget.panel.get_by_role("button", name="Close SEN support guide")).to_be_visible()
        save_screenshot(page, f"widget-reflow-{viewport['height']}h-{text_px}px-text")
    finally:
        context.close()


def test_reduced_motion_stops_the_typing_animation(widget: ChatWidget) -> None:
    dots = widget.page.locator(".sen-chat__dots span").first
    assert dots.evaluate("el => getComputedStyle(el).animationName") == "sen-chat-bounce"
    widget.page.emulate_media(reduced_motion="reduce")
    assert dots.evaluate("el => getComputedStyle(el).animationName") == "none"


# --- isolation and theming ----------------------------------------------------------------------


def test_host_page_styles_do_not_reach_the_widget_and_the_widget_adds_none(
    browser: Browser, stack: Stack
) -> None:
    # bypass_csp so the test can add a hostile host stylesheet the real CSP would block.
    context = browser.new_context(base_url=stack.api_url, bypass_csp=True)
    try:
        page = context.new_page()
        widget = ChatWidget.load(page)
        assert page.evaluate("document.adoptedStyleSheets.length") == 0
        assert page.locator("head style, body > style").count() == 0
        size_before = widget.launcher.evaluate("el => getComputedStyle(el).fontSize")
        page.add_style_tag(
            content="button, span, p { font-size: 48px !important; color: red !important; }"
        )
        assert widget.launcher.evaluate("el => getComputedStyle(el).fontSize") == size_before
        assert widget.launcher.evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
    finally:
        context.close()


def test_the_council_brand_colour_themes_the_widget(widget: ChatWidget) -> None:
    # The demo page sets --sen-chat-brand: #1d5b79 on :root.
    background = widget.launcher.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(29, 91, 121)"
    widget.page.evaluate(
        "document.documentElement.style.setProperty('--sen-chat-brand', '#00703c')"
    )
    assert widget.launcher.evaluate("el => getComputedStyle(el).backgroundColor") == (
        "rgb(0, 112, 60)"
    )


# --- the demo council page ------------------------------------------------------------------------


def test_the_demo_page_has_landmarks_a_heading_and_a_working_skip_link(widget: ChatWidget) -> None:
    page = widget.page
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page).to_have_title("SEN support in schools – SEND local offer – Example County Council")
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN support in schools")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
