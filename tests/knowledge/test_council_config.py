"""A council's own file is checked on load; each mistake names the file, the field and the fix."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from knowledge import Knowledge, load_knowledge
from knowledge.errors import CouncilConfigError


def test_example_council_has_the_seed_services_with_example_contacts(knowledge: Knowledge) -> None:
    council = knowledge.council
    assert council.name == "Example County Council"
    assert council.is_example
    assert {s.short_name for s in council.services} >= {
        "IASK",
        "LIFT",
        "PEOs",
        "STLS",
        "SEND funding",
    }
    assert council.advice_service.short_name == "IASK"
    for service in council.services:
        contact = service.contact
        assert contact.phone is None or contact.phone.startswith("01632 960")  # Ofcom drama range
        assert contact.email is None or contact.email.endswith("@example.org")
        assert contact.website is None or contact.website.startswith("https://www.example.org/")
        assert contact.hours
        assert service.sources
    assert knowledge.council.children_social_care.phone == "01632 960999"


def test_example_file_says_it_is_an_example_and_how_to_replace_it(knowledge: Knowledge) -> None:
    header = Path(knowledge.council.path).read_text(encoding="utf-8")[:1200]
    assert "EXAMPLE COUNCIL CONFIGURATION - NOT A REAL COUNCIL" in header
    assert "COUNCIL_CONFIG" in header


def _set(data: dict[str, Any], dotted: str, value: object) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    *parents, last = dotted.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return changed


_DELETE = object()

BROKEN = [
    ("council.name", _DELETE, "council.name: is required but missing"),
    ("council.name", "  ", "council.name: expected non-empty text"),
    (
        "council.website",
        "http://example.org",
        "council.website: expected a web address starting with https://",
    ),
    (
        "advice_service",
        "nobody",
        "advice_service: 'nobody' is not the id of a service (known: iask, peo",
    ),
    ("services", [], "services: expected a non-empty list"),
    ("services.0.id", "IASK Service", "services[0].id: 'IASK Service' must be lower case"),
    ("services.1.id", "iask", "services[1].id: 'iask' is used by more than one service"),
    ("services.0.what_they_do", _DELETE, "services[0].what_they_do: is required but missing"),
    (
        "services.0.contact.phone",
        "phone us",
        "services[0].contact.phone: expected digits and single spaces",
    ),
    (
        "services.0.contact.email",
        "iask-at-example",
        "services[0].contact.email: expected an email address",
    ),
    (
        "services.0.sources",
        ["a_made_up_source"],
        "services[0].sources: unknown source 'a_made_up_source'",
    ),
    (
        "services.1.contact",
        {"hours": "9 to 5"},
        "services[1].contact.phone: give at least one of phone",
    ),
    ("children_social_care", _DELETE, "children_social_care: is required but missing"),
    ("children_social_care.name", _DELETE, "children_social_care.name: is required but missing"),
    ("council.is_example", "yes please", "council.is_example: expected true or false"),
    (
        "children_social_care.phone",
        999,
        "children_social_care.phone: expected text, got the number 999: put it in quotes",
    ),
    (
        "children_social_care.name",
        True,
        "children_social_care.name: expected non-empty text, got bool True",
    ),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), BROKEN, ids=[b[0] + ":" + b[2][:30] for b in BROKEN]
)
def test_each_mistake_is_reported_with_file_and_field(
    write_council: Callable[[object], Path],
    example_council: dict[str, Any],
    field: str,
    value: object,
    message: str,
) -> None:
    path = write_council(_set(example_council, field, value))
    with pytest.raises(CouncilConfigError) as raised:
        load_knowledge(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("council: [unclosed", "not valid YAML"),
        ("- just\n- a list\n", "(top level): expected a mapping of fields"),
        ("", "(top level): expected a mapping of fields, got nothing"),
    ],
)
def test_a_file_that_is_not_a_council_mapping_is_refused(
    write_council: Callable[[object], Path], text: str, message: str
) -> None:
    path = write_council(text)
    with pytest.raises(CouncilConfigError, match=None) as raised:
        load_knowledge(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_council_can_replace_every_service(
    write_council: Callable[[object], Path], example_council: dict[str, Any]
) -> None:
    own = {
        "council": {"name": "Testshire Council", "website": "https://testshire.example.org"},
        "advice_service": "sendiass",
        "services": [
            {
                "id": "sendiass",
                "name": "Testshire SENDIASS",
                "what_they_do": "Free advice for parents.",
                "contact": {"phone": "01632 960500", "hours": "Weekdays"},
            }
        ],
        "children_social_care": {"name": "Testshire front door", "phone": "01632 960501"},
    }
    loaded = load_knowledge(write_council(own))
    assert loaded.council.name == "Testshire Council"
    assert not loaded.council.is_example
    assert loaded.council.advice_service.short_name == "Testshire SENDIASS"
    assert loaded.complaint_ladder[0].help_from == loaded.council.advice_service
