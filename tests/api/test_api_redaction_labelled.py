"""Redaction on the labelled set (tests/api/redaction_labelled.yml), written before its patterns:
the issue's targets hold, and the held-out NLU messages reach Rasa as the parent wrote them."""

from __future__ import annotations

from collections import Counter

from api.core.privacy import redact
from bench.redaction_eval import caught, load_labelled, nlu_messages

WITH_IDENTIFIERS, ORDINARY = load_labelled()


def test_every_kind_of_identifier_is_caught_at_least_95_percent_of_the_time() -> None:
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text, identifiers in WITH_IDENTIFIERS:
        redacted = redact(text)
        for identifier in identifiers:
            total[identifier.kind] += 1
            found[identifier.kind] += caught(text, redacted, identifier.text)

    recall = {kind: found[kind] / total[kind] for kind in total}
    assert len(WITH_IDENTIFIERS) >= 200
    assert {kind for kind, value in recall.items() if value < 0.95} == set(), recall


def test_at_most_3_percent_of_ordinary_messages_change() -> None:
    changed = [text for text in ORDINARY if redact(text) != text]

    assert len(ORDINARY) >= 200
    assert len(changed) / len(ORDINARY) <= 0.03, changed


def test_the_held_out_nlu_messages_are_not_changed() -> None:
    # Redaction must not hurt understanding: these are what the NLU figures are measured on.
    assert [message for message in nlu_messages() if redact(message) != message] == []


def test_an_identifier_left_behind_counts_as_missed() -> None:
    assert not caught("my son Jack Smith", "my son [name] Smith", "Jack Smith")
    assert caught("Jack's mum, Jack Smith", "[name]'s mum, [name]", "Jack Smith")
