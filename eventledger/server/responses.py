"""How the server answers: JSON bodies, error bodies with a message, and the security headers.

Article text is untrusted, and the API hands it out verbatim inside JSON. The headers make sure
no browser ever treats an answer as anything but what it says it is: ``nosniff`` stops a JSON or
text answer from being run as HTML or script, and the Content-Security-Policy lets the dashboard
run only its own scripts from this server (no inline script, no eval, no other origin), so even
markup that slipped into the page could not execute.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import EventLedgerError, StorageError
from ..storage.base import E_QUERY

#: Only this origin's scripts, styles, data and images; nothing may frame the dashboard.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def json_response(content: Any, status_code: int = 200) -> JSONResponse:
    """A JSON answer (UTF-8, no NaN), with the record dicts as stored."""
    return JSONResponse(content, status_code=status_code)


class SecurityHeaders:
    """ASGI middleware: add :data:`SECURITY_HEADERS` to every HTTP response (static files too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


def _location(loc: Any) -> str:
    """``("query", "limit")`` as ``query parameter 'limit'``."""
    parts = [str(p) for p in loc] if isinstance(loc, list | tuple) else [str(loc)]
    if len(parts) >= 2 and parts[0] in ("query", "path", "header"):
        return f"{parts[0]} parameter {'.'.join(parts[1:])!r}"
    return ".".join(parts) or "request"


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 for a malformed parameter: one readable sentence per problem, and the details."""
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
               "type": str(e.get("type", ""))} for e in exc.errors()]
    detail = "; ".join(f"{_location(e['loc'])}: {e['msg']}" for e in errors) or "malformed request"
    return json_response({"detail": detail, "code": E_QUERY, "errors": errors}, 422)


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    """An HTTPException as ``{"detail": message}`` (its headers kept: 401 asks for a token)."""
    assert isinstance(exc, StarletteHTTPException)
    response = json_response({"detail": str(exc.detail)}, exc.status_code)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def ledger_error(request: Request, exc: Exception) -> JSONResponse:
    """eventledger's own errors: a bad filter is the client's (422); the store failing is 503."""
    assert isinstance(exc, EventLedgerError)
    status = 422 if isinstance(exc, StorageError) and exc.code == E_QUERY else 503
    return json_response({"detail": exc.message, "code": exc.code}, status)


__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "SecurityHeaders", "http_error", "json_response",
           "ledger_error", "validation_error"]
