"""Rasa's REST channel, with each message kept whole and no message text in its logs.

Rasa's own REST channel cuts every reply without buttons at each blank line, so one answer (a
heading, paragraphs, a list, its sources) reached the parent as a run of separate bubbles, with
"Source: ..." alone in the last. It also logs the parent's words when a turn fails. This channel
answers at the same address (/webhooks/rest/webhook) with the same JSON, minus both.
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

logger = logging.getLogger(__name__)


class WholeMessagesOutput(CollectingOutputChannel):
    """Collects replies as the actions and responses wrote them: one text, one message."""

    @classmethod
    def name(cls) -> str:
        return "whole_messages"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text.strip()))


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
            return response.json(collector.messages)

        return webhook
