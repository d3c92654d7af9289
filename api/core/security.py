"""The edge: request ids, body size limit, security headers and the access log.

Written as plain ASGI middleware (not BaseHTTPMiddleware) because it wraps every chat turn
and must add as little time as possible.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Iterable

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.logging import request_id_var
from api.core.metrics import HTTP_REQUESTS, REJECTED

log = logging.getLogger("api.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def content_security_policy(frame_ancestors: Iterable[str] | None) -> str:
    """The pages' policy; `frame_ancestors=None` for pages no site may frame (the console)."""
    ancestors = " ".join(["'self'", *frame_ancestors]) if frame_ancestors is not None else "'none'"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        f"form-action 'self'; frame-ancestors {ancestors}"
    )


API_CSP = "default-src 'none'; frame-ancestors 'none'"


class EdgeMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        frame_ancestors: list[str],
        strict_transport: bool = False,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.page_csp = content_security_policy(frame_ancestors).encode()
        # The adviser console is never framed, not even by the councils that embed the widget:
        # a framed console could be click-jacked into reading or changing cases.
        self.console_csp = content_security_policy(None).encode()
        # Deployed behind TLS only; a local http:// run must not pin browsers to https.
        self.extra_headers = (
            [(b"strict-transport-security", b"max-age=31536000; includeSubDomains")]
            if strict_transport
            else []
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        status = 500
        path: str = scope["path"]
        if path.startswith(("/api/", "/metrics")):
            csp = API_CSP.encode()
        elif path == "/adviser" or path.startswith("/adviser/"):
            csp = self.console_csp
        else:
            csp = self.page_csp

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-request-id", request_id.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                    (b"content-security-policy", csp),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                    *self.extra_headers,
                ]
                if path.startswith("/api/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        try:
            if scope["method"] in _BODY_METHODS:
                body = await self._read_body(scope, receive)
                if body is None:
                    REJECTED.labels("too_large").inc()
                    await _send_json(send_with_headers, 413, "The request is too large.")
                    return
                receive = _replay(body, receive)
            await self.app(scope, receive, send_with_headers)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            HTTP_REQUESTS.labels(template, scope["method"], str(status)).inc()
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": template,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
            request_id_var.reset(token)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it is known to be over the limit."""
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > self.max_body_bytes:
                        return None
                except ValueError:
                    return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if _REQUEST_ID.match(candidate) else None
    return None


def _replay(body: bytes, downstream: Receive) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await downstream()

    return receive


async def _send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def client_key(request: Request, secret: str, trusted_proxy_hops: int) -> str:
    """A stable, non-reversible key for the client, so raw IP addresses are never kept."""
    address = request.client.host if request.client else "unknown"
    if trusted_proxy_hops:
        forwarded = request.headers.get("x-forwarded-for", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= trusted_proxy_hops:
            address = hops[-trusted_proxy_hops]
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:24]
