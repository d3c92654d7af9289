"""Rasa's SQL tracker store, which the API keeps in step with its own records.

Rasa 3.6 has no endpoint to delete a conversation, so erasure and retention delete rows from
its `events` table directly. The API also reads the parent's last `user` event there to learn
the intent and confidence Rasa's NLU gave the turn (the REST channel does not return them).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, column, delete, func, inspect, select, table
from sqlalchemy.exc import SQLAlchemyError

from api.core.db import make_engine

log = logging.getLogger(__name__)

EVENTS = table(
    "events",
    column("id"),
    column("sender_id"),
    column("type_name"),
    column("timestamp"),
    column("intent_name"),
    column("action_name"),
    column("data"),
)


@dataclass(frozen=True)
class LatestTurn:
    intent: str | None = None
    confidence: float | None = None
    slots: dict[str, Any] | None = None


class TrackerStoreError(Exception):
    """The tracker store could not be read or changed."""


class TrackerStore:
    def __init__(self, url: str | None) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._has_events = False

    def _connectable(self) -> Engine | None:
        """The engine, or None when there is no tracker store (yet) to keep in step."""
        if self.url is None:
            return None
        if self.url.startswith("sqlite:///") and not Path(self.url[len("sqlite:///") :]).exists():
            return None  # Rasa has not created its store yet: nothing to read or delete.
        if self._engine is None:
            self._engine = make_engine(self.url, owned=False)
        if not self._has_events:
            # Rasa creates the table on its first conversation; once there it stays.
            self._has_events = inspect(self._engine).has_table("events")
        return self._engine if self._has_events else None

    def delete_conversation(self, sender_id: str) -> int:
        try:
            engine = self._connectable()
            if engine is None:
                return 0
            with engine.begin() as connection:
                result = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == sender_id))
                return int(result.rowcount or 0)
        except SQLAlchemyError as error:
            raise TrackerStoreError(type(error).__name__) from error

    def count_events(self, sender_id: str) -> int:
        try:
            engine = self._connectable()
            if engine is None:
                return 0
            query = select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender_id)
            with engine.connect() as connection:
                return int(connection.execute(query).scalar() or 0)
        except SQLAlchemyError as error:
            raise TrackerStoreError(type(error).__name__) from error

    def purge_idle_before(self, cutoff_timestamp: float) -> int:
        """Delete whole conversations whose last event is older than the cutoff."""
        try:
            engine = self._connectable()
            if engine is None:
                return 0
            idle = (
                select(EVENTS.c.sender_id)
                .group_by(EVENTS.c.sender_id)
                .having(func.max(EVENTS.c.timestamp) < cutoff_timestamp)
            )
            with engine.begin() as connection:
                result = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(idle)))
                return int(result.rowcount or 0)
        except SQLAlchemyError as error:
            raise TrackerStoreError(type(error).__name__) from error

    def latest_turn(
        self, sender_id: str, sent_text: str, watch_action: str | None = None
    ) -> LatestTurn:
        """What Rasa recorded for the parent's latest message, if it is `sent_text`.

        If `watch_action` ran after that message, also return the slot values set before it
        ran (the answers a form collected over several turns).
        """
        try:
            engine = self._connectable()
            if engine is None:
                return LatestTurn()
            with engine.connect() as connection:
                user = connection.execute(
                    select(EVENTS.c.id, EVENTS.c.intent_name, EVENTS.c.data)
                    .where(EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == "user")
                    .order_by(EVENTS.c.id.desc())
                    .limit(1)
                ).first()
                if user is None or _text(user[2]) != sent_text:
                    return LatestTurn()  # Rasa has not recorded this message (yet).
                watched_at = None
                if watch_action is not None:
                    watched_at = connection.execute(
                        select(EVENTS.c.id)
                        .where(
                            EVENTS.c.sender_id == sender_id,
                            EVENTS.c.type_name == "action",
                            EVENTS.c.action_name == watch_action,
                            EVENTS.c.id > user[0],
                        )
                        .order_by(EVENTS.c.id)
                        .limit(1)
                    ).scalar()
                slots = None
                if watched_at is not None:
                    rows = connection.execute(
                        select(EVENTS.c.data)
                        .where(
                            EVENTS.c.sender_id == sender_id,
                            EVENTS.c.type_name == "slot",
                            EVENTS.c.id < watched_at,
                        )
                        .order_by(EVENTS.c.id)
                    )
                    slots = _slot_values(row[0] for row in rows)
        except SQLAlchemyError as error:
            raise TrackerStoreError(type(error).__name__) from error
        return LatestTurn(intent=user[1], confidence=_confidence(user[2]), slots=slots)

    def event_data(self, sender_id: str) -> list[str]:
        """The raw stored events of one conversation (for privacy checks)."""
        engine = self._connectable()
        if engine is None:
            return []
        query = select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id)
        with engine.connect() as connection:
            return [str(row[0]) for row in connection.execute(query)]

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _confidence(data: Any) -> float | None:
    try:
        event = json.loads(data) if isinstance(data, str) else data
        value = event["parse_data"]["intent"]["confidence"]
    except (ValueError, KeyError, TypeError):
        return None
    return float(value) if isinstance(value, int | float) else None


def _text(data: Any) -> str | None:
    try:
        event = json.loads(data) if isinstance(data, str) else data
        text = event["text"]
    except (ValueError, KeyError, TypeError):
        return None
    return text if isinstance(text, str) else None


def _slot_values(rows: Iterable[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for data in rows:
        try:
            event = json.loads(data) if isinstance(data, str) else data
            values[str(event["name"])] = event.get("value")
        except (ValueError, KeyError, TypeError):
            continue
    return values
