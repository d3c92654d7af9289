"""Retention: delete conversations idle for longer than RETENTION_DAYS, here and in Rasa.

Run by hand or from cron with `python -m api.retention`; the running service also does it
every RETENTION_INTERVAL_SECONDS.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from api import crud
from api.core.config import Settings, get_settings
from api.core.db import Database
from api.core.logging import configure_logging
from api.core.tracker import TrackerStore
from api.models import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeResult:
    sessions: int
    tracker_events: int


def purge_expired(
    database: Database, tracker: TrackerStore, retention_days: int, now: datetime | None = None
) -> PurgeResult:
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    with database.session() as db:
        expired = crud.expired_session_ids(db, cutoff)
        for session_id in expired:
            crud.erase_session(db, session_id)
        # After the retention period nothing of an erased conversation is left to refuse.
        crud.forget_erasures_before(db, cutoff)
    events = sum(tracker.delete_conversation(session_id) for session_id in expired)
    # Conversations Rasa holds that the API never stored (e.g. sent straight to Rasa).
    events += tracker.purge_idle_before(cutoff.timestamp())
    log.info("retention purge", extra={"count": len(expired), "deleted": events})
    return PurgeResult(sessions=len(expired), tracker_events=events)


def run(settings: Settings) -> PurgeResult:
    database = Database(settings.database_url)
    tracker = TrackerStore(settings.tracker_store)
    try:
        database.migrate()
        return purge_expired(database, tracker, settings.retention_days)
    finally:
        database.dispose()
        tracker.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level)
    result = run(settings)
    print(
        f"Deleted {result.sessions} conversation(s) older than {settings.retention_days} days "
        f"and {result.tracker_events} Rasa tracker event(s)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
