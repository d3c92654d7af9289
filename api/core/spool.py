"""Where turns wait when the database is down, so none is silently lost.

When storing an exchange fails, its redacted record is appended to a JSON-lines file under
SPOOL_DIR and the parent still gets the assistant's answer. The running service replays the
spool into the database as soon as it answers again (and on start). Only redacted text is
ever written here, like everywhere else.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from api.core.exchange import Exchange

log = logging.getLogger(__name__)


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "pending-turns.jsonl"
        self._lock = threading.Lock()
        self._pending_sessions: set[str] = set()
        self._load_pending_sessions()

    def _load_pending_sessions(self) -> None:
        for exchange in self._read():
            self._pending_sessions.add(exchange.session_id)

    def _read(self) -> list[Exchange]:
        if not self.file.exists():
            return []
        exchanges = []
        for line in self.file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                exchanges.append(Exchange.from_json(json.loads(line)))
        return exchanges

    def holds(self, session_id: str) -> bool:
        return session_id in self._pending_sessions

    def __len__(self) -> int:
        with self._lock:
            return len(self._read())

    def append(self, exchange: Exchange) -> None:
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self.file.open("a", encoding="utf-8") as out:
                out.write(json.dumps(exchange.to_json()) + "\n")
                out.flush()
                os.fsync(out.fileno())
            self._pending_sessions.add(exchange.session_id)

    def replay(self, store: Callable[[list[Exchange]], object]) -> int:
        """Store the waiting exchanges one conversation at a time, oldest first.

        Each conversation's turns go in together (one call, one transaction), so nobody reads a
        transcript with half of its turns; at the first failure the rest stays waiting.
        """
        with self._lock:
            waiting = self._read()
            by_session: dict[str, list[Exchange]] = {}
            for exchange in waiting:
                by_session.setdefault(exchange.session_id, []).append(exchange)
            stored: set[str] = set()
            try:
                for session_id, exchanges in by_session.items():
                    store(exchanges)
                    stored.add(session_id)
            finally:
                self._rewrite([e for e in waiting if e.session_id not in stored])
            return sum(len(by_session[session_id]) for session_id in stored)

    def forget(self, session_id: str) -> None:
        """Erase a conversation's waiting turns (the parent asked for erasure)."""
        with self._lock:
            self._rewrite([e for e in self._read() if e.session_id != session_id])

    def _rewrite(self, remaining: list[Exchange]) -> None:
        if not remaining:
            self.file.unlink(missing_ok=True)
        else:
            temporary = self.file.with_suffix(".tmp")
            temporary.write_text(
                "".join(json.dumps(e.to_json()) + "\n" for e in remaining), encoding="utf-8"
            )
            temporary.replace(self.file)
        self._pending_sessions = {e.session_id for e in remaining}
