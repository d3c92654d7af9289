"""The console's dependencies: the signed-in adviser, and the CSRF check for changes.

They live here rather than in `api/deps.py` so the console's sign-in can change without
touching the gateway's dependencies; routes import them as `Annotated` aliases just the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status

from api.adviser.accounts import csrf_matches, find_session
from api.adviser.models import Adviser
from api.core.security import client_key
from api.deps import RateLimiterDep, SessionDep, SettingsDep
from api.schemas import ErrorResponse

SESSION_COOKIE = "adviser_session"
# Each sign-in costs an argon2 check; one client trying many addresses is slowed down here
# (the growing waits per account and per address are in accounts.py).
SIGN_INS_PER_CLIENT_PER_MINUTE = 20
CSRF_HEADER = "X-CSRF-Token"

NOT_SIGNED_IN = "Adviser sign-in required."
BAD_CSRF = "The form has expired or did not come from the console. Reload the page and try again."


@dataclass(frozen=True)
class AdviserContext:
    adviser: Adviser
    csrf_token: str
    session_token: str
    failed_sign_ins: int = 0


def optional_adviser(
    request: Request, db: SessionDep, settings: SettingsDep
) -> AdviserContext | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 100:
        return None
    found = find_session(db, token, settings.secret_key)
    db.commit()
    if found is None:
        return None
    session, adviser = found
    return AdviserContext(
        adviser=adviser,
        csrf_token=session.csrf_token,
        session_token=token,
        failed_sign_ins=session.failed_sign_ins,
    )


def current_adviser(
    context: Annotated[AdviserContext | None, Depends(optional_adviser)],
) -> AdviserContext:
    """The signed-in adviser; 401 for anyone else."""
    if context is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, NOT_SIGNED_IN)
    return context


def checked_csrf(
    request: Request, context: Annotated[AdviserContext, Depends(current_adviser)]
) -> AdviserContext:
    """The signed-in adviser, for a request that changes something: it must carry the
    session's CSRF token in the X-CSRF-Token header (SameSite=Strict is a second guard)."""
    if not csrf_matches(context.csrf_token, request.headers.get(CSRF_HEADER)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, BAD_CSRF)
    return context


async def sign_in_allowed(request: Request, settings: SettingsDep, limiter: RateLimiterDep) -> bool:
    """False once this client has tried to sign in too often this minute."""
    client = client_key(request, settings.secret_key, settings.trusted_proxy_hops)
    retry_after = await limiter.hit(f"adviser-sign-in:{client}", SIGN_INS_PER_CLIENT_PER_MINUTE)
    return retry_after is None


SignInAllowed = Annotated[bool, Depends(sign_in_allowed)]
OptionalAdviser = Annotated[AdviserContext | None, Depends(optional_adviser)]
CurrentAdviser = Annotated[AdviserContext, Depends(current_adviser)]
CsrfCheckedAdviser = Annotated[AdviserContext, Depends(checked_csrf)]

# The answers the dependencies above give, for the routes' OpenAPI `responses`.
UNAUTHORISED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No signed-in adviser"},
}
CSRF: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "CSRF token missing or wrong"},
}
