"""Every dependency the routes use, as an `Annotated` alias. Tests swap the providers with
`app.dependency_overrides` (or build the app with an injected Rasa transport)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from api.core.config import Settings
from api.core.db import Database
from api.core.erasure import SessionMemory
from api.core.limits import RateLimiter
from api.core.quick_replies import QuickReplies
from api.core.rasa import RasaClient
from api.core.security import client_key
from api.core.spool import Spool
from api.core.tracker import TrackerStore
from knowledge import Knowledge


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """A session for one request; routes that write commit before they answer."""
    with database.sessions() as session:
        yield session


def get_rasa_client(request: Request) -> RasaClient:
    client: RasaClient = request.app.state.rasa
    return client


def get_tracker_store(request: Request) -> TrackerStore:
    tracker: TrackerStore = request.app.state.tracker
    return tracker


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter
    return limiter


def get_spool(request: Request) -> Spool:
    spool: Spool = request.app.state.spool
    return spool


def get_session_memory(request: Request) -> SessionMemory:
    memory: SessionMemory = request.app.state.session_memory
    return memory


def get_knowledge(request: Request) -> Knowledge:
    knowledge: Knowledge = request.app.state.knowledge
    return knowledge


def get_quick_replies(request: Request) -> QuickReplies:
    quick_replies: QuickReplies = request.app.state.quick_replies
    return quick_replies


TOO_MANY_REQUESTS = "Too many requests. Please wait a moment and try again."


async def limit_client(request: Request) -> None:
    """Count the request against the client's per-minute budget (shared with chat)."""
    settings = get_settings(request)
    client = client_key(request, settings.secret_key, settings.trusted_proxy_hops)
    retry_after = await get_rate_limiter(request).hit(
        f"client:{client}", settings.rate_limit_client_per_minute
    )
    if retry_after is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            TOO_MANY_REQUESTS,
            headers={"Retry-After": str(retry_after)},
        )


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[Session, Depends(get_session)]
RasaClientDep = Annotated[RasaClient, Depends(get_rasa_client)]
TrackerStoreDep = Annotated[TrackerStore, Depends(get_tracker_store)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]
SpoolDep = Annotated[Spool, Depends(get_spool)]
SessionMemoryDep = Annotated[SessionMemory, Depends(get_session_memory)]
KnowledgeDep = Annotated[Knowledge, Depends(get_knowledge)]
QuickRepliesDep = Annotated[QuickReplies, Depends(get_quick_replies)]
