"""Rasa's REST channel, with each message kept whole, the turn's outcome added, and no message
text in its logs.

Rasa's own REST channel cuts every reply without buttons at each blank line, so one answer (a
heading, paragraphs, a list, its sources) reached the parent as a run of separate bubbles, with
"Source: ..." alone in the last. It also logs the parent's words when a turn fails. This channel
answers at the same address (/webhooks/rest/webhook) with the same JSON, minus both.

It also tells the API what happened in the turn (SPEC.md, "Turn outcome"): a turn outcome an
action attached to a message stays on that message, and a last message carrying only
`{"custom": {"outcome": {"intent": ..., "confidence": ...}}}` gives what NLU read in the
parent's message, for every turn, answered by a custom action or by a response from a rule.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import action_reply_validation

logger = logging.getLogger(__name__)

# The Rasa server imports this channel at start (credentials.yml), and no other process does:
# the place to make its check of each action-server reply build its JSON Schema validator once
# instead of at every reply (bot/action_reply_validation.py; 45% of the server's time with 20
# conversations at once).
action_reply_validation.install()

# The key of a turn outcome in a message's `custom` payload (bot/actions/outcome.py).
OUTCOME_KEY = "outcome"


class WholeMessagesOutput(CollectingOutputChannel):
    """Collects replies as the actions and responses wrote them: one text, one message."""

    @classmethod
    def name(cls) -> str:
        return "whole_messages"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text.strip()))

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """A turn outcome stays on the message it was sent with (Rasa's own channel would make
        it a message of its own, and the API could not tell which text it concerns)."""
        custom = message.get("custom")
        text = str(message.get("text") or "").strip()
        if not (text and isinstance(custom, dict) and OUTCOME_KEY in custom):
            await super().send_response(recipient_id, message)
            return
        buttons = message.get("buttons") or None
        await self._persist_message(
            self._message(recipient_id, text=text, buttons=buttons, custom=custom)
        )


class WholeMessagesRestInput(RestInput):
    """POST {"sender", "message"} to /webhooks/rest/webhook; answers a JSON list of messages."""

    @classmethod
    def name(cls) -> str:
        return "rest"  # the address the API already uses

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("whole_messages_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            collector = WholeMessagesOutput()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender_id,
                        input_channel=self._extract_input_channel(request),
                        metadata=self.get_metadata(request),
                    )
                )
            except CancelledError:
                logger.error("rest channel: the turn timed out")
            except Exception:
                # The traceback says what failed; the parent's words stay out of the log.
                logger.exception("rest channel: the turn failed")
            read = await _what_nlu_read(request, sender_id, text)
            if read is not None:
                collector.messages.append({"recipient_id": sender_id, "custom": read})
            return response.json(collector.messages)

        return webhook


async def _what_nlu_read(request: Request, sender_id: str, text: str | None) -> Any:
    """`{"outcome": {"intent", "confidence"}}` for the message just handled, or None when the
    conversation's latest message is not that one (the turn failed before Rasa recorded it).

    Rasa saved the tracker at the end of the turn; the API keeps one message in flight per
    conversation, so no later message can have been recorded in between.
    """
    try:
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
    except Exception:
        logger.exception("rest channel: the turn's intent could not be read")
        return None
    latest = tracker.latest_message if tracker is not None else None
    if latest is None or latest.text != text:
        return None
    intent = latest.intent or {}
    name, confidence = intent.get("name"), intent.get("confidence")
    return {
        OUTCOME_KEY: {
            "intent": name if isinstance(name, str) else None,
            "confidence": float(confidence) if isinstance(confidence, int | float) else None,
        }
    }
