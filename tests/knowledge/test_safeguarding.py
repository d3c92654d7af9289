"""Safeguarding: every risk message in the regression set is caught, no ordinary one is, and
the reply puts crisis contacts first without trying to assess the risk."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from knowledge import (
    Knowledge,
    detect_risk,
    emergency_contacts,
    load_knowledge,
    safeguarding_message,
)
from knowledge.safeguarding import normalise

CASES = yaml.safe_load(
    (Path(__file__).parent / "safeguarding_cases.yml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(("category", "message"), CASES["risk"], ids=[m for _, m in CASES["risk"]])
def test_risk_message_is_caught(category: str, message: str, knowledge: Knowledge) -> None:
    match = detect_risk(message, knowledge.safeguarding)
    assert match is not None, f"missed: {message!r}"
    assert match.category == category
    assert match.phrase in normalise(message, knowledge.safeguarding.typos)


@pytest.mark.parametrize("message", CASES["ordinary"])
def test_ordinary_worried_parent_message_is_not_caught(message: str, knowledge: Knowledge) -> None:
    assert detect_risk(message, knowledge.safeguarding) is None


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("He’s  NOT   safe!!", "hes not safe ."),
        ("He cut it. Off he went", "he cut it . off he went"),
        ("she said she'd kil herslef", "she said shed kill herself"),
        ("self-harm", "self harm"),
        ("suicde...", "suicide ."),
    ],
)
def test_normalising_handles_case_apostrophes_spaces_and_typos(
    raw: str, normalised: str, knowledge: Knowledge
) -> None:
    assert normalise(raw, knowledge.safeguarding.typos) == normalised


def test_match_says_what_was_found(knowledge: Knowledge) -> None:
    match = detect_risk("My son says he wants to die.", knowledge.safeguarding)
    assert match is not None
    assert (match.category, match.phrase) == ("suicide", "wants to die")


def test_emergency_contacts_are_the_national_lines_then_the_council(knowledge: Knowledge) -> None:
    contacts = emergency_contacts(knowledge.safeguarding)
    by_way = [(c.name, c.phone or c.text) for c in contacts]
    assert by_way[:6] == [
        ("Emergency services", "999"),
        ("NHS 111", "111"),
        ("Samaritans", "116 123"),
        ("Childline", "0800 1111"),
        ("NSPCC", "0808 800 5000"),
        ("Shout", "85258"),
    ]
    assert "mental health option" in contacts[1].description
    assert contacts[5].text == "85258"
    assert contacts[5].phone is None
    assert contacts[-1] == knowledge.council.children_social_care


def test_message_puts_999_first_and_lists_every_contact(knowledge: Knowledge) -> None:
    message = safeguarding_message(knowledge.safeguarding)
    assert message.startswith("**If anyone is in danger now, call 999.**")
    for number in ("999", "111", "116 123", "0800 1111", "0808 800 5000", "85258", "01632 960999"):
        assert number in message
    assert "mental health option" in message
    assert "Example County Council children's social care" in message


def test_message_is_short_and_never_asks_about_the_risk(knowledge: Knowledge) -> None:
    message = safeguarding_message(knowledge.safeguarding)
    assert len(message.split()) < 150
    assert "?" not in message


def test_message_follows_the_council_file(knowledge: Knowledge, tmp_path: Path) -> None:
    from knowledge import load_knowledge
    from knowledge.council import DEFAULT_COUNCIL_CONFIG

    data = yaml.safe_load(DEFAULT_COUNCIL_CONFIG.read_text(encoding="utf-8"))
    data["children_social_care"] = {
        "name": "Testshire children's services",
        "phone": "01632 960777",
    }
    path = tmp_path / "council.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    message = safeguarding_message(load_knowledge(path).safeguarding)
    assert "Testshire children's services: call **01632 960777**" in message


@given(
    risk=st.sampled_from(CASES["risk"]),
    before=st.sampled_from(["", *CASES["ordinary"]]),
    after=st.sampled_from(["", *CASES["ordinary"]]),
)
def test_property_risk_is_caught_inside_a_longer_message(
    risk: list[str], before: str, after: str
) -> None:
    # parents often bury the worst part in the middle of a long message
    message = f"{before}. {risk[1]}. {after}"
    assert detect_risk(message, load_knowledge().safeguarding) is not None


@given(text=st.text(max_size=200))
def test_property_normalising_is_stable_and_any_text_is_safe_to_check(text: str) -> None:
    knowledge = load_knowledge()
    once = normalise(text, knowledge.safeguarding.typos)
    assert normalise(once, knowledge.safeguarding.typos) == once
    match = detect_risk(text, knowledge.safeguarding)
    assert match is None or match.phrase in once
