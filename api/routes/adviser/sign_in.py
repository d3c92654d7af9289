"""Signing in and out, and the pages at /adviser: the sign-in form until an adviser signs in,
then the console. Both pages are Jinja2 templates, autoescaped.

`GET /adviser` answers 401 with the sign-in form until then. The sign-in form carries a
double-submit CSRF token (a cookie and a hidden field); signed-in forms carry the session's.
"""

from __future__ import annotations

import math
import secrets
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from api.adviser.accounts import SESSION_MAX, SlowDown, csrf_matches, sign_in, sign_out
from api.adviser.deps import (
    SESSION_COOKIE,
    UNAUTHORISED,
    CurrentAdviser,
    OptionalAdviser,
    SignInAllowed,
)
from api.adviser.schemas import AdviserPublic
from api.core.config import Settings
from api.core.security import client_key
from api.deps import SessionDep, SettingsDep

API_DIR = Path(__file__).resolve().parents[2]
CONSOLE_DIR = API_DIR / "static" / "adviser"
LOGIN_CSRF_COOKIE = "adviser_login_csrf"

WRONG_CREDENTIALS = "The e-mail address or password is wrong."
SLOW_DOWN = "Too many failed sign-ins. Wait {wait} and try again."
TOO_MANY_TRIES = "Too many sign-in attempts from this device. Wait a minute and try again."
FORM_EXPIRED = "The sign-in form expired. Please try again."

# Autoescape on for every template whatever its name, and a missing value is an error rather
# than an empty string: the pages show what the public typed (an e-mail address) and names.
templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(API_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)

router = APIRouter(prefix="/api/v1/adviser", tags=["adviser sign-in"], responses=UNAUTHORISED)
pages = APIRouter(prefix="/adviser", tags=["adviser sign-in"], include_in_schema=False)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _secure(request: Request) -> bool:
    # Deployments sit behind a TLS proxy that may not pass the scheme on: always Secure there.
    settings: Settings = request.app.state.settings
    return request.url.scheme == "https" or settings.deployed


def _render(request: Request, name: str, status_code: int, **context: Any) -> Response:
    return _no_store(
        templates.TemplateResponse(request, f"adviser/{name}", context, status_code=status_code)
    )


def _wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _sign_in_page(request: Request, status_code: int, error: str = "", email: str = "") -> Response:
    token = secrets.token_urlsafe(32)
    response = _render(
        request, "login.html", status_code, csrf_token=token, error=error, email=email
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        path="/adviser",
        httponly=True,
        secure=_secure(request),
        samesite="strict",
    )
    return response


@pages.get("")
def console_page(request: Request, context: OptionalAdviser) -> Response:
    """The console for a signed-in adviser; otherwise 401 with the sign-in form. The console
    says once, after signing in, how many wrong passwords were tried on the account."""
    if context is None:
        return _sign_in_page(request, status.HTTP_401_UNAUTHORIZED)
    return _render(
        request,
        "console.html",
        status.HTTP_200_OK,
        csrf_token=context.csrf_token,
        adviser_name=context.adviser.name,
        failed_sign_ins=context.failed_sign_ins,
    )


@pages.post("/login")
def login(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    allowed: SignInAllowed,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token or None):
        return _sign_in_page(request, status.HTTP_403_FORBIDDEN, FORM_EXPIRED, email)
    if not allowed:
        return _sign_in_page(request, status.HTTP_429_TOO_MANY_REQUESTS, TOO_MANY_TRIES, email)
    client = client_key(request, settings.secret_key, settings.trusted_proxy_hops)
    try:
        signed_in = sign_in(db, email, password, settings.secret_key, client=client)
    except SlowDown as slow:
        seconds = max(1, math.ceil(slow.wait.total_seconds()))
        page = _sign_in_page(
            request,
            status.HTTP_429_TOO_MANY_REQUESTS,
            SLOW_DOWN.format(wait=_wait_words(seconds)),
            email,
        )
        page.headers["Retry-After"] = str(seconds)
        return page
    finally:
        db.commit()
    if signed_in is None:
        return _sign_in_page(request, status.HTTP_401_UNAUTHORIZED, WRONG_CREDENTIALS, email)
    response = RedirectResponse("/adviser", status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.token,
        max_age=int(SESSION_MAX.total_seconds()),
        path="/",
        httponly=True,
        secure=_secure(request),
        samesite="strict",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/adviser")
    return _no_store(response)


@pages.post("/logout")
def logout(
    context: CurrentAdviser,
    db: SessionDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    if not csrf_matches(context.csrf_token, csrf_token or None):
        raise HTTPException(status.HTTP_403_FORBIDDEN, FORM_EXPIRED)
    sign_out(db, context.session_token, settings.secret_key)
    db.commit()
    response = RedirectResponse("/adviser", status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return _no_store(response)


@pages.get("/console.css")
def console_css() -> FileResponse:
    return FileResponse(CONSOLE_DIR / "console.css", media_type="text/css; charset=utf-8")


@pages.get("/console.js")
def console_js() -> FileResponse:
    return FileResponse(CONSOLE_DIR / "console.js", media_type="text/javascript; charset=utf-8")


@router.get("/me", response_model=AdviserPublic)
def who_am_i(context: CurrentAdviser) -> AdviserPublic:
    return AdviserPublic(
        name=context.adviser.name,
        email=context.adviser.email,
        csrf_token=context.csrf_token,
        failed_sign_ins=context.failed_sign_ins,
    )
