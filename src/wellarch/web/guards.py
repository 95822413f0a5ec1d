"""ASGI guards around the app: request size limit, foreign-origin refusal, security headers.

They are plain ASGI middleware (no per-request objects), so they cost next to nothing:

- :class:`BodyLimit` answers ``413`` to a request body larger than its limit, whether the
  size is announced in ``Content-Length`` or only discovered while the body streams in.
- :class:`OriginCheck` refuses unsafe requests (POST, PUT, PATCH, DELETE) whose ``Origin``
  header names another site — a second line of defence behind the CSRF tokens.
- :class:`SecurityHeaders` sets a strict Content-Security-Policy (scripts and styles only from
  ``/static``, no framing, forms only to this app) and the usual hardening headers.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "BodyLimit", "OriginCheck", "PayloadTooLarge", "SecurityHeaders"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class PayloadTooLarge(HTTPException):
    """A request body over the limit, found while reading it (rendered as a 413 page)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request is larger than {limit // 1024:,} KiB")
        self.limit = limit


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _plain_error(send: Send, status: int, message: str, path: str) -> None:
    if path.startswith("/api/"):
        body = json.dumps({"detail": message, "type": "request"}).encode()
        content_type = b"application/json"
    else:
        body = f"{status}: {message}\n".encode()
        content_type = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with ``413 Payload Too Large``."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = _header(scope, b"content-length")
        if announced is not None and (not announced.isdigit() or int(announced) > self.limit):
            message = f"the request is larger than {self.limit // 1024:,} KiB"
            await _plain_error(send, 413, message, scope["path"])
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise PayloadTooLarge(self.limit)
            return message

        await self.app(scope, limited_receive, send)


class OriginCheck:
    """Refuse unsafe requests sent by a page of another origin (``403``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in _UNSAFE:
            origin = _header(scope, b"origin")
            host = _header(scope, b"host")
            if origin is not None and (origin == "null" or urlsplit(origin).netloc != host):
                message = f"cross-site request from {origin!r} refused"
                await _plain_error(send, 403, message, scope["path"])
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Add the Content-Security-Policy and hardening headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
