"""The FastAPI application: `api.main:app`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from api import crud
from api.core.config import Settings, get_settings
from api.core.db import Database
from api.core.erasure import SessionMemory, erasure_key
from api.core.limits import make_rate_limiter
from api.core.logging import configure_logging
from api.core.metrics import ERRORS, REJECTED
from api.core.quick_replies import load_quick_replies
from api.core.rasa import RasaClient
from api.core.security import EdgeMiddleware
from api.core.spool import Spool
from api.core.tracker import TrackerStore, TrackerStoreError
from api.retention import purge_expired
from api.routes import adviser, chat, health, pages, sessions, widget_config
from api.routes.chat import EMPTY_MESSAGE
from api.routes.pages import STATIC_DIR
from knowledge import load_knowledge
from semantic.crisis import warm_up

log = logging.getLogger(__name__)

STORAGE_UNAVAILABLE = "Conversations cannot be read or changed right now. Please try again later."


def create_app(
    settings: Settings | None = None, rasa_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build the app. Tests pass their own settings and, for Rasa error paths, a transport."""
    settings = settings or get_settings()
    # Before uvicorn's first "started" lines, so every line the process writes is JSON.
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.knowledge = load_knowledge(settings.council_config)
        app.state.quick_replies = load_quick_replies(settings.bot_domain)
        app.state.database = Database(settings.database_url)
        app.state.tracker = TrackerStore(settings.tracker_store)
        app.state.spool = Spool(settings.spool_dir)
        app.state.session_memory = SessionMemory()
        app.state.limiter = make_rate_limiter(settings.redis_url, settings.redis_prefix)
        app.state.rasa = RasaClient(
            settings.rasa_url,
            settings.action_server_url,
            connect_timeout=settings.rasa_connect_timeout,
            read_timeout=settings.rasa_read_timeout,
            probe_timeout=settings.probe_timeout,
            transport=rasa_transport,
        )
        app.state.migrated = await _migrate(app.state.database)
        housekeeping = asyncio.create_task(_housekeeping(app, settings))
        # The safety net's example vectors (a few seconds of numpy), encoded now in a worker
        # thread rather than while the first parent waits.
        warming = asyncio.create_task(asyncio.to_thread(warm_up, app.state.knowledge))
        try:
            yield
        finally:
            housekeeping.cancel()
            with contextlib.suppress(Exception):
                await warming
            with contextlib.suppress(asyncio.CancelledError):
                await housekeeping
            await app.state.rasa.aclose()
            await app.state.limiter.aclose()
            app.state.database.dispose()
            app.state.tracker.dispose()

    app = FastAPI(
        title="SEN support guide API",
        version="1.0.0",
        description="Chat gateway for the SEN support guide widget.",
        lifespan=lifespan,
        # The schema stays at /openapi.json; the HTML viewers load scripts from a CDN, which
        # the content security policy (rightly) refuses on a public gateway.
        docs_url=None,
        redoc_url=None,
    )
    app.include_router(chat.router)
    app.include_router(sessions.router)
    app.include_router(health.router)
    for router in adviser.routers:
        app.include_router(router)
    app.include_router(pages.router)
    app.include_router(widget_config.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    _add_error_handlers(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Content-Type", "X-Request-ID"],
        expose_headers=["Retry-After", "X-Request-ID"],
        max_age=600,
    )
    app.add_middleware(
        EdgeMiddleware,
        max_body_bytes=settings.max_body_bytes,
        frame_ancestors=settings.allowed_origins,
        strict_transport=settings.deployed,
    )
    return app


async def _migrate(database: Database) -> bool:
    try:
        await run_in_threadpool(database.migrate)
    except SQLAlchemyError as error:
        # Start anyway: parents still get answers and turns wait in the spool.
        ERRORS.labels("storage").inc()
        log.error("database migration failed; will retry", extra={"error": type(error).__name__})
        return False
    return True


async def _housekeeping(app: FastAPI, settings: Settings) -> None:
    """Replay spooled turns when the database is back; purge expired conversations."""
    last_purge = 0.0
    while True:
        try:
            if not app.state.migrated:
                app.state.migrated = await _migrate(app.state.database)
            if app.state.migrated:
                await _replay_spool(app)
                if time.monotonic() - last_purge >= settings.retention_interval_seconds:
                    await run_in_threadpool(
                        purge_expired,
                        app.state.database,
                        app.state.tracker,
                        settings.retention_days,
                    )
                    last_purge = time.monotonic()
        except (SQLAlchemyError, TrackerStoreError) as error:
            ERRORS.labels("storage").inc()
            log.warning("housekeeping failed; will retry", extra={"error": type(error).__name__})
        await asyncio.sleep(min(settings.spool_replay_seconds, settings.retention_interval_seconds))


async def _replay_spool(app: FastAPI) -> None:
    database: Database = app.state.database
    spool: Spool = app.state.spool
    secret = app.state.settings.secret_key

    def store(exchanges: list[crud.Exchange]) -> None:
        try:
            with database.session() as db:
                for exchange in exchanges:
                    crud.record_exchange(db, exchange, erasure_key(secret, exchange.session_id))
        except crud.ErasedConversation:
            pass  # erased while its turns waited: they are dropped (rolled back), not stored

    replayed = await run_in_threadpool(spool.replay, store)
    if replayed:
        log.info("spooled turns stored", extra={"count": replayed})


def _add_error_handlers(app: FastAPI) -> None:
    """Every error answers `{"detail": str}` (plus `errors` for validation), never HTML."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        REJECTED.labels("invalid").inc()
        problems = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in error.errors()
        ]
        return JSONResponse(
            {"detail": _validation_summary(problems), "errors": problems},
            status.HTTP_422_UNPROCESSABLE_CONTENT,
        )

    @app.exception_handler(SQLAlchemyError)
    async def storage_down(_request: Request, error: SQLAlchemyError) -> JSONResponse:
        ERRORS.labels("storage").inc()
        log.error("database error", extra={"error": type(error).__name__})
        return JSONResponse({"detail": STORAGE_UNAVAILABLE}, status.HTTP_503_SERVICE_UNAVAILABLE)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        ERRORS.labels("unhandled").inc()
        log.error("unhandled error", extra={"error": type(error).__name__})
        return JSONResponse(
            {"detail": "Something went wrong on our side."}, status.HTTP_500_INTERNAL_SERVER_ERROR
        )


def _validation_summary(problems: list[dict[str, Any]]) -> str:
    if any(p["type"] in {"json_invalid", "model_attributes_type", "dict_type"} for p in problems):
        return "The request body must be a JSON object."
    if [(p["loc"][-1], p["type"]) for p in problems] == [("message", "string_too_short")]:
        return EMPTY_MESSAGE  # the same words as a whitespace-only message gets
    fields = sorted({str(p["loc"][-1]) for p in problems if len(p["loc"]) > 1})
    if fields:
        return f"Invalid value for: {', '.join(fields)}."
    return "The request is not valid."


app = create_app()
