"""The REST channel keeps each reply whole (one answer, one message, sources included) and tells
the API what happened in the turn."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from channels.whole_messages import WholeMessagesOutput, _what_nlu_read
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


def test_a_reply_with_paragraphs_stays_one_message() -> None:
    output = WholeMessagesOutput()
    answer = (
        "**Next step: talk to the SENCO**\n\nAsk to speak to the SENCO.\n\nSource: Council guide"
    )

    asyncio.run(output.send_text_message("parent", answer))
    asyncio.run(output.send_text_with_buttons("parent", "Anything else?", [{"title": "No"}]))

    assert [m["text"] for m in output.messages] == [answer, "Anything else?"]
    assert output.messages[1]["buttons"] == [{"title": "No"}]


def test_a_turn_outcome_stays_on_the_message_it_came_with() -> None:
    output = WholeMessagesOutput()
    crisis = {
        "text": "If a child is in danger now, call 999.",
        "buttons": [{"title": "Talk to IASK", "payload": "/ask_local_support"}],
        "custom": {"outcome": {"safeguarding": True}},
    }

    asyncio.run(output.send_response("parent", dict(crisis)))
    asyncio.run(output.send_response("parent", {"text": "Anything else?"}))

    assert output.messages == [
        {"recipient_id": "parent", **crisis},
        {"recipient_id": "parent", "text": "Anything else?"},
    ]


def test_other_custom_payloads_are_sent_as_rasa_sends_them() -> None:
    output = WholeMessagesOutput()

    asyncio.run(output.send_response("parent", {"text": "Hi", "custom": {"map": 1}}))

    assert output.messages == [
        {"recipient_id": "parent", "text": "Hi"},
        {"recipient_id": "parent", "custom": {"map": 1}},
    ]


def _request_with(tracker: DialogueStateTracker | None) -> Any:
    async def retrieve(sender_id: str) -> DialogueStateTracker | None:
        return tracker

    store = SimpleNamespace(retrieve=retrieve)
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(
        tracker_store=store))))  # fmt: skip


def test_the_channel_reads_the_intent_nlu_gave_the_message_just_handled() -> None:
    parse_data = {"intent": {"name": "ask_senco", "confidence": 0.93}, "entities": []}
    tracker = DialogueStateTracker.from_events(
        "parent", [UserUttered("who is the senco", parse_data["intent"], [], parse_data)]
    )

    read = asyncio.run(_what_nlu_read(_request_with(tracker), "parent", "who is the senco"))
    older = asyncio.run(_what_nlu_read(_request_with(tracker), "parent", "something newer"))
    nothing = asyncio.run(_what_nlu_read(_request_with(None), "parent", "who is the senco"))

    assert read == {"outcome": {"intent": "ask_senco", "confidence": 0.93}}
    assert older is None, "an earlier message's intent was given for this one"
    assert nothing is None
