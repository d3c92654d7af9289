"""Rasa's SQL tracker store, refusing to save a conversation the parent erased.

Rasa keeps a conversation's whole tracker in memory while it answers a message and saves it at
the end. Were a parent's erasure to land in between, that save would bring every earlier turn
back. The API records each erased conversation id as a keyed hash (HMAC-SHA256 with the API's
SECRET_KEY) in the `erased_sessions` table of its database (api/core/erasure.py); this store
reads the same table before every save and drops the save of an erased conversation. In the
embedded set-up both processes open the API's SQLite file; in production both reach the API's
PostgreSQL database.

Configured in endpoints.yml / endpoints.production.yml:

    tracker_store:
      type: tracker_store.ErasureAwareSQLTrackerStore
      ...                                  # Rasa's SQL tracker store settings, unchanged
      erased_ids_db: ${DATABASE_URL}       # the API's database (its SQLAlchemy URL)

SECRET_KEY must be the API's (the same environment variable); it defaults, as the API does in
development and test, to the development placeholder.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)

# The API's placeholder for development and test (api/core/config.py DEVELOPMENT_SECRET); the
# API refuses to start with it in staging and production, where SECRET_KEY is always set.
DEVELOPMENT_SECRET = "development-only-secret"  # noqa: S105
_ERASED = sa.text("SELECT 1 FROM erased_sessions WHERE id_hash = :id_hash")


def erasure_key(secret: str, sender_id: str) -> str:
    """The keyed hash the API keeps an erased id as (api/core/erasure.py `erasure_key`)."""
    return hmac.new(secret.encode(), sender_id.encode(), hashlib.sha256).hexdigest()


def _sync_url(url: str) -> str:
    # The API's URLs name psycopg 3 ("postgresql+psycopg://"); Rasa's environment has psycopg2.
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class ErasedIds:
    """Read access to the API's table of erased conversation ids."""

    def __init__(self, url: str, secret: str) -> None:
        if not url:
            raise ValueError("erased_ids_db (the API's DATABASE_URL) must be set")
        connect_args = {"timeout": 5} if url.startswith("sqlite") else {}
        self._engine = sa.create_engine(_sync_url(url), connect_args=connect_args)
        self._secret = secret

    def holds(self, sender_id: str) -> bool:
        """True if the conversation was erased. Raises if the table cannot be read."""
        with self._engine.connect() as connection:
            row = connection.execute(
                _ERASED, {"id_hash": erasure_key(self._secret, sender_id)}
            ).first()
        return row is not None


class ErasureAwareSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Domain | None = None,
        erased_ids_db: str | None = None,
        **kwargs: Any,
    ) -> None:
        # Rasa passes the endpoint's `url` as `host`; the SQL store names it `host` too.
        super().__init__(domain=domain, **kwargs)  # type: ignore[arg-type]
        secret = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET
        self.erased_ids = ErasedIds(erased_ids_db or os.environ.get("DATABASE_URL", ""), secret)

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            erased = self.erased_ids.holds(tracker.sender_id)
        except sa.exc.OperationalError as error:
            if "no such table" in str(error):
                erased = False  # the API has not created its tables yet: nothing was erased
            else:
                # Cannot tell: an erased conversation must never come back, so do not save.
                log.error("erased ids unreadable; tracker not saved (%s)", type(error).__name__)
                return
        except sa.exc.SQLAlchemyError as error:
            if "erased_sessions" in str(error) and "exist" in str(error):
                erased = False  # PostgreSQL: relation "erased_sessions" does not exist
            else:
                log.error("erased ids unreadable; tracker not saved (%s)", type(error).__name__)
                return
        if erased:
            # No sender id or text in the log: the conversation is erased.
            log.warning("save of an erased conversation refused")
            return
        await super().save(tracker)
