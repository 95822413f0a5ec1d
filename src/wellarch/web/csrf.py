"""CSRF protection for every form: a signed double-submit token.

Each browser gets a random value in an ``HttpOnly``, ``SameSite=Strict`` cookie. Every form
carries, in a hidden ``csrf_token`` field, that value signed with the app's secret
(:mod:`itsdangerous`, timestamped). A form post is accepted only when the token's signature is
valid, it is younger than :data:`TOKEN_MAX_AGE` and it signs the cookie sent with the post; a
page on another site can neither read the cookie nor forge the signature.

The JSON API needs no token: its writes take ``application/json`` bodies (or none, with a
method a cross-site form cannot use), which a browser only sends cross-site after a CORS
preflight that this app never grants; :mod:`wellarch.web.guards` also refuses a foreign
``Origin`` on every unsafe request.
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.datastructures import FormData

__all__ = [
    "COOKIE",
    "FIELD",
    "TOKEN_MAX_AGE",
    "CheckedForm",
    "CsrfError",
    "CsrfProtect",
    "checked_form",
]

COOKIE = "wellarch_csrf"
FIELD = "csrf_token"
#: A form older than this (seconds) must be reloaded before it can be sent.
TOKEN_MAX_AGE = 24 * 3600
#: Form limits: one file (a lens upload), and no more fields than the largest question needs.
MAX_FIELDS = 2000
_COOKIE_VALUE = re.compile(r"[A-Za-z0-9_-]{32,64}")


class CsrfError(Exception):
    """A form post without a valid CSRF token; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CsrfProtect:
    """Issues and checks the signed double-submit tokens of one app (one secret)."""

    def __init__(self, secret: str, *, max_age: int = TOKEN_MAX_AGE) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="wellarch-csrf")
        self.max_age = max_age

    def _cookie_value(self, request: Request) -> str:
        value: str | None = getattr(request.state, "csrf_cookie", None)
        if value is None:
            value = request.cookies.get(COOKIE)
            if value is None or not _COOKIE_VALUE.fullmatch(value):
                value = secrets.token_urlsafe(32)
                request.state.csrf_new_cookie = True
            request.state.csrf_cookie = value
        return value

    def token(self, request: Request) -> str:
        """The token for forms on the page being rendered (a cookie is set when missing)."""
        return str(self._serializer.dumps(self._cookie_value(request)))

    def set_cookie(self, request: Request, response: Response) -> None:
        """Send the browser its cookie if :meth:`token` had to create one."""
        if getattr(request.state, "csrf_new_cookie", False):
            response.set_cookie(
                COOKIE,
                request.state.csrf_cookie,
                httponly=True,
                samesite="strict",
                path="/",
            )

    def verify(self, request: Request, token: str | None) -> None:
        """Raise :class:`CsrfError` unless ``token`` signs this browser's cookie."""
        cookie = request.cookies.get(COOKIE)
        retry = "reload the page and send the form again"
        if not cookie:
            raise CsrfError(f"this browser sent no session cookie with the form; {retry}")
        if not token:
            raise CsrfError(f"the form carries no CSRF token; {retry}")
        try:
            value = self._serializer.loads(token, max_age=self.max_age)
        except SignatureExpired:
            raise CsrfError(f"the form is more than a day old; {retry}") from None
        except BadSignature:
            raise CsrfError(f"the form's CSRF token is not valid; {retry}") from None
        if not isinstance(value, str) or not hmac.compare_digest(value, cookie):
            raise CsrfError(f"the form was made for another session; {retry}")


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token is verified (a FastAPI dependency)."""
    form = await request.form(max_files=1, max_fields=MAX_FIELDS)
    token = form.get(FIELD)
    protect: CsrfProtect = request.app.state.csrf
    protect.verify(request, token if isinstance(token, str) else None)
    return form


#: A posted form whose CSRF token checked out, as a route parameter: ``form: CheckedForm``.
CheckedForm = Annotated[FormData, Depends(checked_form)]
