"""Talking to Rasa's REST channel and probing the Rasa and action servers.

A chat message is sent at most once: the transport never retries, and no caller retries a POST,
because Rasa may already have acted on a message whose reply was lost.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

from api.core.outcome import TurnOutcome, outcome_part

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not give a usable answer (unreachable, timed out, error status, not JSON)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RasaSaidNothing(Exception):
    """Rasa answered 200 with no message: a dialogue gap, not an outage.

    The dialogue policies had no next action that says anything (for example a question asked
    inside a form that no rule covers), or a custom action failed inside Rasa, which then answers
    `[]` as well; the caller tells the two apart by asking whether the action server is up.
    `outcome` is what the bot said of the turn all the same (the intent NLU read, usually).
    """

    def __init__(self, reason: str, outcome: TurnOutcome | None = None) -> None:
        super().__init__(reason)
        self.outcome = outcome or TurnOutcome()


@dataclass(frozen=True)
class RasaButton:
    title: str
    payload: str


@dataclass(frozen=True)
class RasaMessage:
    text: str
    buttons: tuple[RasaButton, ...] = ()
    safeguarding: bool = False  # the crisis contacts, as the bot's outcome marks them


@dataclass(frozen=True)
class RasaReply:
    messages: tuple[RasaMessage, ...]
    outcome: TurnOutcome = field(default_factory=TurnOutcome)


class RasaClient:
    """An async client with its own connection pool, shared by every request.

    `rasa_url` may list several Rasa replicas, separated by commas. Rasa's RedisLockStore is not
    atomic across replicas, so each conversation always goes to the same one (chosen from a hash
    of its sender id); together with one request in flight per conversation, no two replicas
    ever handle the same conversation at once.
    """

    def __init__(
        self,
        rasa_url: str,
        action_server_url: str,
        *,
        connect_timeout: float = 3.0,
        read_timeout: float = 30.0,
        probe_timeout: float = 2.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.rasa_urls = tuple(
            url.strip().rstrip("/") for url in rasa_url.split(",") if url.strip()
        )
        if not self.rasa_urls:
            raise ValueError("RASA_URL names no Rasa server")
        self.action_server_url = action_server_url.rstrip("/")
        self.probe_timeout = probe_timeout
        self._http = httpx.AsyncClient(
            transport=transport or httpx.AsyncHTTPTransport(retries=0),
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    async def send(self, sender_id: str, message: str) -> RasaReply:
        url = f"{self.replica_for(sender_id)}/webhooks/rest/webhook"
        try:
            response = await self._http.post(url, json={"sender": sender_id, "message": message})
        except httpx.TimeoutException as error:
            raise RasaUnavailable(f"timeout ({type(error).__name__})") from error
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"unreachable ({type(error).__name__})") from error
        if response.status_code != 200:
            raise RasaUnavailable(f"status {response.status_code}")
        try:
            body = response.json()
        except ValueError as error:
            raise RasaUnavailable("answer was not JSON") from error
        return parse_reply(body)

    def replica_for(self, sender_id: str) -> str:
        digest = hashlib.sha256(sender_id.encode()).digest()
        return self.rasa_urls[int.from_bytes(digest[:8], "big") % len(self.rasa_urls)]

    async def probe_rasa(self) -> bool:
        """True only when every replica answers: a conversation pinned to a dead one would fail."""
        for url in self.rasa_urls:
            if not await self._probe(f"{url}/"):
                return False
        return True

    async def probe_action_server(self) -> bool:
        return await self._probe(f"{self.action_server_url}/health")

    async def _probe(self, url: str) -> bool:
        try:
            response = await self._http.get(url, timeout=self.probe_timeout)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        await self._http.aclose()


def parse_reply(body: Any) -> RasaReply:
    """Turn the REST channel's JSON list into messages and the turn's outcome; a list with no
    text raises RasaSaidNothing.

    This is where the API learns what happened in a turn: the outcome payloads (`custom`) the
    actions and the channel put in the reply (SPEC.md, "Turn outcome"), merged into one. They
    are taken out of the messages, never shown to the parent. Rasa 3.6 answers 200 with `[]`
    when it had nothing to say, so a reply with no text must never reach the parent as silence.
    """
    if not isinstance(body, list):
        raise RasaUnavailable("answer was not a list")
    messages: list[RasaMessage] = []
    parts: list[TurnOutcome] = []
    for item in body:
        if not isinstance(item, dict):
            continue
        part = outcome_part(item.get("custom"))
        if part is not None:
            parts.append(part)
        text = item.get("text")
        if isinstance(text, str) and text.strip():
            messages.append(
                RasaMessage(
                    text=text,
                    buttons=_buttons(item.get("buttons")),
                    safeguarding=part is not None and part.safeguarding,
                )
            )
    outcome = TurnOutcome.merge(parts)
    if not messages:
        raise RasaSaidNothing("empty answer", outcome)
    return RasaReply(messages=tuple(messages), outcome=outcome)


def _buttons(raw: Any) -> tuple[RasaButton, ...]:
    if not isinstance(raw, list):
        return ()
    buttons = []
    for button in raw:
        if isinstance(button, dict):
            title, payload = button.get("title"), button.get("payload")
            if isinstance(title, str) and isinstance(payload, str):
                buttons.append(RasaButton(title=title, payload=payload))
    return tuple(buttons)
