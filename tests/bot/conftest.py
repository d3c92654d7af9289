"""Fixtures for the action tests: the real domain, a real CollectingDispatcher, and trackers
shaped like the ones Rasa sends to the action server."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
import yaml
from bot_support import BOT, TrackerFactory
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge import Knowledge, load_knowledge


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def make_tracker(domain: dict[str, Any]) -> TrackerFactory:
    """A tracker whose latest message is ``text`` with ``intent``, as Rasa would send it."""

    def make(
        text: str = "",
        intent: str | None = None,
        slots: dict[str, Any] | None = None,
        entities: Iterable[dict[str, Any]] = (),
        active_loop: str | None = None,
        events: list[dict[str, Any]] | None = None,
    ) -> Tracker:
        all_slots: dict[str, Any] = dict.fromkeys(domain["slots"], None)
        all_slots["requested_slot"] = None
        all_slots.update(slots or {})
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.99} if intent else {},
            "entities": list(entities),
        }
        return Tracker(
            sender_id="test-parent",
            slots=all_slots,
            latest_message=latest,
            events=events if events is not None else [{"event": "user", "parse_data": latest}],
            paused=False,
            followup_action=None,
            active_loop={"name": active_loop} if active_loop else {},
            latest_action_name="action_listen",
        )

    return make
