"""Liveness, readiness (really probing Rasa, the action server and the database) and metrics."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.exc import SQLAlchemyError

from api.core.metrics import REGISTRY
from api.deps import DatabaseDep, RasaClientDep, SettingsDep
from api.schemas import HealthPublic, ReadinessPublic

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=HealthPublic)
async def healthz() -> HealthPublic:
    return HealthPublic(status="ok")


@router.get(
    "/readyz",
    response_model=ReadinessPublic,
    responses={503: {"model": ReadinessPublic, "description": "Something the API needs is down"}},
)
async def readyz(rasa: RasaClientDep, database: DatabaseDep) -> Any:
    async def database_answers() -> bool:
        try:
            await run_in_threadpool(database.ping)
        except SQLAlchemyError:
            return False
        return True

    rasa_up, actions_up, database_up = await asyncio.gather(
        rasa.probe_rasa(), rasa.probe_action_server(), database_answers()
    )
    checks: dict[str, Any] = {
        "rasa": "up" if rasa_up else "down",
        "action_server": "up" if actions_up else "down",
        "database": "up" if database_up else "down",
    }
    down = [name for name, state in checks.items() if state == "down"]
    if not down:
        return ReadinessPublic(status="ready", checks=checks, down=[])
    body = ReadinessPublic(
        status="not_ready", checks=checks, down=down, detail=f"Not ready: {', '.join(down)} down."
    )
    return JSONResponse(body.model_dump(), status.HTTP_503_SERVICE_UNAVAILABLE)


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, settings: SettingsDep) -> Response:
    # Counts of crisis replies and failures are for the council's monitoring, not the public.
    if settings.metrics_token is None:
        if settings.deployed:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Not Found")
    else:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        valid = scheme.lower() == "bearer" and secrets.compare_digest(
            token.strip().encode(), settings.metrics_token.encode()
        )
        if not valid:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "Metrics need the monitoring token.",
                headers={"WWW-Authenticate": "Bearer"},
            )
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
