"""Rasa's check of action-server replies, with its validator built once, answers as
`jsonschema.validate` does (bot/action_reply_validation.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from jsonschema.validators import Draft202012Validator, validator_for
from rasa.core.actions.action import RemoteAction
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import action_reply_validation

REAL_VALIDATE = jsonschema.validators.validate
SPEC = RemoteAction.action_response_format_spec


def a_reply() -> dict[str, Any]:
    """A reply as our action server sends it: a few events and an answer with buttons."""
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(
        text="**Next step: talk to the SENCO**\n\nAsk to speak to the SENCO.",
        buttons=[
            {"title": "Yes", "payload": "/affirm"},
            {"title": "Something else", "payload": "/something_else"},
        ],
        json_message={"outcome": {"topic": "senco"}},
    )
    events = [SlotSet("topic", "senco"), SlotSet("school_stage", None), ActiveLoop(None)]
    return {"events": events, "responses": dispatcher.messages}


INVALID_REPLIES = {
    "events not a list": {"events": {"event": "slot"}, "responses": []},
    "a slot event without its value": {"events": [{"event": "slot", "name": "topic"}]},
    "an event of no known kind": {"events": [{"event": "nonsense"}]},
    "an event without its kind": {"events": [{"name": "topic", "value": 1}]},
    "a timestamp as text": {"events": [{"event": "action", "name": "x", "timestamp": "now"}]},
    "an intent confidence as text": {
        "events": [{"event": "user", "parse_data": {"intent": {"confidence": "high"}}}]
    },
    "a response that is not an object": {"events": [], "responses": ["Hello"]},
    "a reply that is not an object": [],
}


@pytest.fixture
def patched() -> Iterator[None]:
    """The patch installed with no validator kept; as it was afterwards (the channel's tests
    import bot/channels/whole_messages.py, which installs it)."""
    was_installed = action_reply_validation.installed()
    action_reply_validation.uninstall()
    action_reply_validation.install()
    yield
    action_reply_validation.uninstall()
    if was_installed:
        action_reply_validation.install()


def outcome(validate: Any, reply: Any) -> tuple[Any, ...] | None:
    """What a validation said: None, or what Rasa and a reader see of its error."""
    try:
        validate(reply, SPEC())
    except jsonschema.ValidationError as error:
        return (
            type(error),
            error.message,
            list(error.absolute_path),
            list(error.absolute_schema_path),
            error.validator,
            len(error.context),
        )
    return None


def test_a_typical_reply_is_valid_both_ways() -> None:
    assert outcome(REAL_VALIDATE, a_reply()) is None
    assert outcome(action_reply_validation.validate, a_reply()) is None


@pytest.mark.parametrize("reply", INVALID_REPLIES.values(), ids=INVALID_REPLIES.keys())
def test_an_invalid_reply_raises_the_same_error_both_ways(patched: None, reply: Any) -> None:
    expected = outcome(REAL_VALIDATE, reply)
    assert expected is not None
    assert outcome(action_reply_validation.validate, reply) == expected  # validator built
    assert outcome(action_reply_validation.validate, reply) == expected  # validator kept


def test_the_validator_for_rasas_spec_is_built_once(
    patched: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert validator_for(SPEC()) is Draft202012Validator  # Rasa's spec names no $schema
    built = []
    real_init = Draft202012Validator.__init__

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        # jsonschema also builds validators for subschemas and the meta-schema as it goes
        if (args[0] if args else kwargs.get("schema")) == SPEC():
            built.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(Draft202012Validator, "__init__", counting_init)
    action = RemoteAction("action_answer_question", None)

    def twenty_replies_and_an_invalid_one() -> int:
        built.clear()
        for _ in range(20):
            assert action._validate_action_result(a_reply()) is True
        with pytest.raises(jsonschema.ValidationError):
            action._validate_action_result(INVALID_REPLIES["an event of no known kind"])
        return len(built)

    assert twenty_replies_and_an_invalid_one() == 1
    action_reply_validation.uninstall()
    assert twenty_replies_and_an_invalid_one() == 21  # Rasa with jsonschema's own validate


def test_rasa_still_raises_for_an_invalid_reply_with_its_message_added(patched: None) -> None:
    action = RemoteAction("action_answer_question", None)
    assert jsonschema.validate is action_reply_validation.validate

    for _ in range(2):  # the error is a new one each time: Rasa adds to its message once
        with pytest.raises(jsonschema.ValidationError) as raised:
            action._validate_action_result(INVALID_REPLIES["a slot event without its value"])
        assert raised.value.message.count("Failed to validate Action server response") == 1
        assert list(raised.value.absolute_path) == ["events", 0]


def test_a_schema_changed_after_its_first_use_is_validated_as_it_is_now(patched: None) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    action_reply_validation.validate({"n": "1"}, {"type": "object"})
    action_reply_validation.validate({"n": 1}, schema)

    schema["properties"]["n"]["type"] = "string"

    action_reply_validation.validate({"n": "1"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        action_reply_validation.validate({"n": 1}, schema)


def test_an_invalid_schema_raises_the_same_schema_error_each_time(patched: None) -> None:
    schema = {"type": "no such type"}
    with pytest.raises(jsonschema.SchemaError) as real:
        REAL_VALIDATE({}, schema)
    for _ in range(2):
        with pytest.raises(jsonschema.SchemaError) as ours:
            action_reply_validation.validate({}, schema)
        assert ours.value.message == real.value.message


def test_schemas_that_are_not_plain_json_go_to_jsonschema(patched: None) -> None:
    # {1: ...} dumps to the same text as {"1": ...}; the two are not the same schema.
    as_text = {"type": "object", "properties": {"1": {"type": "string"}}}
    as_number = {"type": "object", "properties": {1: {"type": "string"}}}
    instance = {1: 5}

    action_reply_validation.validate(instance, as_text)
    with pytest.raises(jsonschema.ValidationError):
        REAL_VALIDATE(instance, as_number)
    with pytest.raises(jsonschema.ValidationError):
        action_reply_validation.validate(instance, as_number)
