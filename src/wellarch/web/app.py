"""The FastAPI application: routers, guards, static files, and the one place errors become
HTTP responses (a page for a browser, :class:`~wellarch.web.schemas.ErrorOut` JSON under
``/api/``).

Status codes: ``InputError`` (and a lens that does not validate) 422, ``NotFound`` 404,
``Conflict`` 409, ``StoreError`` 500 with its message, a missing optional feature
(``Unavailable``: the PDF engine, an extra) 503, a form without
a valid CSRF token 403. Anything else is a bug: it is logged with its traceback and the person
sees a plain "something went wrong" page — never a debug page.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeSerializer
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

import wellarch
from wellarch.content.progress import InMemoryProgress as InMemoryCardProgress
from wellarch.content.repetition import ProgressStore
from wellarch.errors import (
    Conflict,
    InputError,
    LensError,
    NotFound,
    StoreError,
    Unavailable,
    WellarchError,
)
from wellarch.practice.progress import InMemoryProgress, ProgressRepository
from wellarch.practice.session import InMemorySessions, SessionRepository
from wellarch.review.service import Reviews
from wellarch.web import (
    api,
    assessment,
    dashboard,
    learn,
    lenses,
    practice,
    review,
    study,
    tools,
    workloads,
)
from wellarch.web.csrf import CsrfError, CsrfProtect
from wellarch.web.guards import BodyLimit, OriginCheck, SecurityHeaders
from wellarch.web.lanes import SQLITE_PAGE_THREADS, PageLane
from wellarch.web.lenses import MAX_UPLOAD
from wellarch.web.rendering import render
from wellarch.web.schemas import error_body

__all__ = ["MAX_BODY", "create_app"]

log = logging.getLogger("wellarch.web")

STATIC = Path(__file__).parent / "static"
#: The largest request body: a lens upload plus the rest of its form.
MAX_BODY = MAX_UPLOAD + 64 * 1024

_KINDS: list[tuple[type[WellarchError], int, str]] = [
    (InputError, 422, "input"),
    (NotFound, 404, "not_found"),
    (Conflict, 409, "conflict"),
    (StoreError, 500, "store"),
    (Unavailable, 503, "unavailable"),
]
_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported content",
    422: "That did not work",
    500: "Something went wrong",
    503: "Not available here",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(
    request: Request, status: int, message: str, problems: Sequence[Any] = ()
) -> Response:
    context = {
        "status": status,
        "title": _TITLES.get(status, "Error"),
        "message": message,
        "problems": list(problems),
    }
    return render(request, "error.html", context, status_code=status)


async def _wellarch_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WellarchError)
    status, kind = next(((s, k) for cls, s, k in _KINDS if isinstance(exc, cls)), (500, "error"))
    problems = exc.problems if isinstance(exc, LensError) else []
    if _is_api(request):
        return JSONResponse(error_body(str(exc), kind, problems), status_code=status)
    return _error_page(request, status, str(exc), problems)


def _location(loc: Sequence[Any]) -> str:
    if not loc:
        return "$"
    where, *rest = loc
    if where == "body":
        return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest)
    return f"{where} parameter {'.'.join(str(p) for p in rest)}".strip()


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"path": _location(error.get("loc", ())), "message": str(error.get("msg", "invalid"))}
        for error in exc.errors()
    ]
    detail = f"{problems[0]['path']}: {problems[0]['message']}" if problems else "invalid request"
    if len(problems) > 1:
        detail += f" (and {len(problems) - 1} more)"
    if _is_api(request):
        body = {"detail": detail, "type": "validation", "problems": problems}
        return JSONResponse(body, status_code=422)
    return _error_page(request, 422, "The address has a value this page cannot use.", problems)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (204, 304) or exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=exc.headers)
    message = str(exc.detail)
    if _is_api(request):
        body = error_body(message, "request")
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
    if exc.status_code == 404:
        message = "There is no page at this address."
    return _error_page(request, exc.status_code, message)


async def _csrf_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CsrfError)
    if _is_api(request):
        return JSONResponse(error_body(exc.message, "request"), status_code=403)
    return _error_page(request, 403, f"The form was not accepted: {exc.message}.")


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("error in %s %s", request.method, request.url.path, exc_info=exc)
    message = "wellarch hit an unexpected error; the server log has the details."
    if _is_api(request):
        return JSONResponse(error_body(message, "error"), status_code=500)
    return _error_page(request, 500, message)


def create_app(
    reviews: Reviews,
    *,
    attempts: ProgressRepository | None = None,
    sessions: SessionRepository | None = None,
    cards: ProgressStore | None = None,
    secret_key: str | None = None,
    allowed_hosts: Sequence[str] | None = None,
    page_threads: int = SQLITE_PAGE_THREADS,
) -> FastAPI:
    """The web app over ``reviews``, with interview practice kept in ``attempts`` and
    ``sessions`` and flashcard schedules in ``cards`` (in memory unless given: ``wellarch
    serve`` passes the database's).

    ``secret_key`` signs CSRF tokens and flash messages (random per process by default, so
    open forms must be reloaded after a restart). ``allowed_hosts`` limits the ``Host``
    header, which stops DNS-rebinding pages from talking to a server on loopback.
    ``page_threads`` sizes the lane the routes run in (0: the event loop; see
    :mod:`wellarch.web.lanes`).
    """
    app = FastAPI(
        title="wellarch",
        version=wellarch.__version__,
        summary="AWS Well-Architected reviews, offline: workloads, answers, risks, milestones.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        debug=False,
    )
    app.state.reviews = reviews
    app.state.attempts = attempts if attempts is not None else InMemoryProgress()
    app.state.sessions = sessions if sessions is not None else InMemorySessions()
    app.state.cards = cards if cards is not None else InMemoryCardProgress()
    app.state.secret = secret_key or secrets.token_urlsafe(32)
    app.state.csrf = CsrfProtect(app.state.secret)
    app.state.flash = URLSafeSerializer(app.state.secret, salt="wellarch-flash")
    app.state.page_threads = page_threads
    # Order matters: workload names may contain "/", and the dashboard's bare
    # /workloads/{name} route must come after every route with a suffix.
    for module in (
        api,
        workloads,
        review,
        lenses,
        tools,
        practice,
        learn,
        study,
        assessment,
        dashboard,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    app.add_exception_handler(WellarchError, _wellarch_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(CsrfError, _csrf_error)
    app.add_exception_handler(Exception, _server_error)

    app.add_middleware(PageLane, threads=page_threads)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    app.add_middleware(OriginCheck)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app
