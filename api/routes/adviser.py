"""The adviser console: sign-in pages at /adviser and the JSON API at /api/v1/adviser/.

Every JSON route answers 401 without a signed-in adviser; routes that change something also
need the session's CSRF token. `GET /adviser` answers 401 with the sign-in form until then.
"""

from __future__ import annotations

import html
import math
import secrets
from datetime import date
from pathlib import Path
from string import Template
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Query, Request, Response, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse

from api.adviser import cases, review
from api.adviser.accounts import SESSION_MAX, SlowDown, csrf_matches, sign_in, sign_out
from api.adviser.deps import (
    SESSION_COOKIE,
    CsrfCheckedAdviser,
    CurrentAdviser,
    OptionalAdviser,
    SignInAllowed,
)
from api.adviser.schemas import (
    HANDLE_PATTERN,
    AdviserPublic,
    AuditEntryPublic,
    CaseCreate,
    CaseListItem,
    CasePublic,
    ConversationPublic,
    ConversationTranscriptPublic,
    OptionPublic,
    ScriptQuestionPublic,
)
from api.adviser.script import script
from api.core.config import Settings
from api.core.security import client_key
from api.deps import KnowledgeDep, SessionDep, SettingsDep
from api.routes.sessions import UNKNOWN_SESSION
from api.schemas import ErrorResponse
from knowledge import Knowledge

CONSOLE_DIR = Path(__file__).resolve().parents[1] / "static" / "adviser"
LOGIN_CSRF_COOKIE = "adviser_login_csrf"

WRONG_CREDENTIALS = "The e-mail address or password is wrong."
SLOW_DOWN = "Too many failed sign-ins. Wait {wait} and try again."
TOO_MANY_TRIES = "Too many sign-in attempts from this device. Wait a minute and try again."
FORM_EXPIRED = "The sign-in form expired. Please try again."
UNKNOWN_CASE = "Unknown case."

UNAUTHORISED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No signed-in adviser"},
}
CSRF: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "CSRF token missing or wrong"},
}

router = APIRouter(prefix="/api/v1/adviser", tags=["adviser"], responses=UNAUTHORISED)
console = APIRouter(tags=["adviser"], include_in_schema=False)


# --- pages ------------------------------------------------------------------------------------


def _page(name: str, **values: str) -> str:
    template = Template((CONSOLE_DIR / name).read_text(encoding="utf-8"))
    return template.substitute({key: html.escape(value) for key, value in values.items()})


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _secure(request: Request) -> bool:
    # Deployments sit behind a TLS proxy that may not pass the scheme on: always Secure there.
    settings: Settings = request.app.state.settings
    return request.url.scheme == "https" or settings.deployed


def _wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _sign_in_notice(failed_sign_ins: int) -> str:
    """Told once per sign-in: someone may be guessing the adviser's password."""
    if failed_sign_ins <= 0:
        return ""
    times = "time" if failed_sign_ins == 1 else "times"
    return (
        '<div class="adv-panel adv-panel--warning" role="status" data-sign-in-notice>'
        f"<p>Someone tried to sign in to your account with a wrong password {failed_sign_ins} "
        f"{times} since you last signed in. If it was not you, tell your manager.</p></div>"
    )


def _login_page(request: Request, status_code: int, error: str = "", email: str = "") -> Response:
    token = secrets.token_urlsafe(32)
    error_block = ""
    if error:
        error_block = (
            '<div class="adv-error-summary" role="alert" tabindex="-1" data-module="focus-on-load">'
            f'<h2 class="adv-error-summary__title">There is a problem</h2><p>{html.escape(error)}'
            "</p></div>"
        )
    body = _page("login.html", csrf_token=token, email=email).replace("<!--error-->", error_block)
    response = HTMLResponse(body, status_code=status_code)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        path="/adviser",
        httponly=True,
        secure=_secure(request),
        samesite="strict",
    )
    return _no_store(response)


@console.get("/adviser")
def console_page(request: Request, context: OptionalAdviser) -> Response:
    """The console for a signed-in adviser; otherwise 401 with the sign-in form."""
    if context is None:
        return _login_page(request, status.HTTP_401_UNAUTHORIZED)
    body = _page("console.html", csrf_token=context.csrf_token, adviser_name=context.adviser.name)
    body = body.replace("<!--sign-in-notice-->", _sign_in_notice(context.failed_sign_ins))
    return _no_store(HTMLResponse(body))


@console.post("/adviser/login")
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
        return _login_page(request, status.HTTP_403_FORBIDDEN, FORM_EXPIRED, email)
    if not allowed:
        return _login_page(request, status.HTTP_429_TOO_MANY_REQUESTS, TOO_MANY_TRIES, email)
    client = client_key(request, settings.secret_key, settings.trusted_proxy_hops)
    try:
        signed_in = sign_in(db, email, password, settings.secret_key, client=client)
    except SlowDown as slow:
        seconds = max(1, math.ceil(slow.wait.total_seconds()))
        page = _login_page(
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
        return _login_page(request, status.HTTP_401_UNAUTHORIZED, WRONG_CREDENTIALS, email)
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


@console.post("/adviser/logout")
def logout(
    request: Request,
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


@console.get("/adviser/console.css")
def console_css() -> FileResponse:
    return FileResponse(CONSOLE_DIR / "console.css", media_type="text/css; charset=utf-8")


@console.get("/adviser/console.js")
def console_js() -> FileResponse:
    return FileResponse(CONSOLE_DIR / "console.js", media_type="text/javascript; charset=utf-8")


# --- JSON API ---------------------------------------------------------------------------------


@router.get("/me", response_model=AdviserPublic)
def who_am_i(context: CurrentAdviser) -> AdviserPublic:
    return AdviserPublic(
        name=context.adviser.name,
        email=context.adviser.email,
        csrf_token=context.csrf_token,
        failed_sign_ins=context.failed_sign_ins,
    )


@router.get("/triage/script", response_model=list[ScriptQuestionPublic])
def triage_script(_context: CurrentAdviser, knowledge: KnowledgeDep) -> list[ScriptQuestionPublic]:
    """The questions in the order to ask them; every one has a "Not sure" answer."""
    return [
        ScriptQuestionPublic(
            id=question.id,
            text=question.text,
            kind=question.kind,
            options=[OptionPublic(value=o.value, label=o.label) for o in question.options],
        )
        for question in script(knowledge)
    ]


@router.post(
    "/cases",
    response_model=CasePublic,
    status_code=status.HTTP_201_CREATED,
    responses={**CSRF, 422: {"model": ErrorResponse, "description": "Answers not in the script"}},
)
def create_case(
    body: CaseCreate, context: CsrfCheckedAdviser, db: SessionDep, knowledge: KnowledgeDep
) -> CasePublic:
    """Run the triage on the caller's answers and store the case with its summary."""
    try:
        case = cases.create_case(db, body, context.adviser, knowledge)
    except cases.InvalidAnswers as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"Invalid value for: {error}."
        ) from error
    db.commit()
    return cases.case_public(case, context.adviser.name)


@router.get("/cases", response_model=list[CaseListItem])
def list_cases(
    context: CurrentAdviser,
    db: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[CaseListItem]:
    """This adviser's cases, newest first."""
    return [
        CaseListItem(
            id=c.id, reference=c.reference, created_at=c.created_at, recommendation=c.recommendation
        )
        for c in cases.own_cases(db, context.adviser, limit)
    ]


CaseId = Annotated[int, PathParam(ge=1, le=2**62)]
NO_CASE: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": UNKNOWN_CASE}
}


@router.get("/cases/{case_id}", response_model=CasePublic, responses=NO_CASE)
def read_case(case_id: CaseId, context: CurrentAdviser, db: SessionDep) -> CasePublic:
    case = cases.own_case(db, case_id, context.adviser)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_CASE)
    return cases.case_public(case, context.adviser.name)


@router.get(
    "/cases/{case_id}/summary.{extension}",
    response_class=PlainTextResponse,
    responses=NO_CASE,
)
def download_summary(
    case_id: CaseId,
    extension: Literal["txt", "md"],
    context: CurrentAdviser,
    db: SessionDep,
) -> Response:
    """The case summary as a file: plain text or Markdown."""
    case = cases.own_case(db, case_id, context.adviser)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_CASE)
    text, media_type = (
        (case.summary_markdown, "text/markdown")
        if extension == "md"
        else (case.summary_text, "text/plain")
    )
    return Response(
        text,
        media_type=f"{media_type}; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="case-{case.id}-summary.{extension}"'
        },
    )


@router.get("/conversations", response_model=list[ConversationPublic])
def list_conversations(
    _context: CurrentAdviser,
    db: SessionDep,
    knowledge: KnowledgeDep,
    outcome: Annotated[Literal["triage", "handoff"] | None, Query()] = None,
    since: Annotated[date | None, Query(description="First day, UTC")] = None,
    until: Annotated[date | None, Query(description="Last day, UTC")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ConversationPublic]:
    """Parents' conversations that ended in a triage or a request for a person, newest first."""
    found = review.list_conversations(
        db, outcome=outcome, since=since, until=until, limit=limit, offset=offset
    )
    return [
        ConversationPublic(
            handle=c.handle,
            created_at=c.created_at,
            last_active_at=c.last_active_at,
            turns=c.turns,
            safeguarding=c.safeguarding,
            outcomes=list(c.outcomes),
            latest_recommendation=c.latest_recommendation,
            latest_recommendation_title=_recommendation_title(knowledge, c.latest_recommendation),
        )
        for c in found
    ]


def _recommendation_title(knowledge: Knowledge, code: str | None) -> str | None:
    text = knowledge.triage.recommendations.get(code) if code else None
    return text.title if text else code


@router.get(
    "/conversations/{handle}",
    response_model=ConversationTranscriptPublic,
    responses={404: {"model": ErrorResponse, "description": UNKNOWN_SESSION}},
)
def read_conversation(
    handle: Annotated[str, PathParam(pattern=HANDLE_PATTERN)],
    context: CurrentAdviser,
    db: SessionDep,
) -> ConversationTranscriptPublic:
    """The redacted transcript, by the conversation's handle; reading it is recorded in the
    audit log."""
    chat = review.read_conversation(db, handle, context.adviser)
    if chat is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    transcript = ConversationTranscriptPublic.from_chat(
        chat, handle=chat.handle, outcomes=list(review.conversation_outcomes(chat))
    )
    db.commit()
    return transcript


@router.get("/audit", response_model=list[AuditEntryPublic])
def audit_log(
    _context: CurrentAdviser,
    db: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditEntryPublic]:
    """Who read which conversation and when, newest first. Read only: nothing edits it."""
    return [AuditEntryPublic(**record.__dict__) for record in review.audit_log(db, limit, offset)]
