"""Rasa's SQL tracker store, which the API keeps in step with its own records.

Rasa 3.6 has no endpoint to delete a conversation, so erasure and retention delete rows from
its `events` table directly. That is all the API does there: what happened in a turn (intent,
confidence, triage, safeguarding) comes with Rasa's reply (api/core/outcome.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, column, delete, func, inspect, select, table
from sqlalchemy.exc import SQLAlchemyError

from api.core.db import make_engine

log = logging.getLogger(__name__)

EVENTS = table(
    "events",
    column("sender_id"),
    column("timestamp"),
)


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

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
