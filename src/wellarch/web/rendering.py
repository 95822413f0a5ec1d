"""Rendering pages: the templates' Jinja2 environment, page URLs, redirects and flash messages.

Every template is autoescaped (user text can never become markup); the only ``Markup`` a
route passes in is the risk chart, which :func:`wellarch.report.risk_chart_svg` escapes itself.
Links that come from lenses go through the ``safe_url`` filter, which drops ``javascript:``
and other non-web schemes. Flash messages ("Saved OPS01 — Medium risk") survive one redirect in
a signed cookie.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from itsdangerous import BadSignature, URLSafeSerializer

import wellarch
from wellarch.content.repetition import ProgressStore
from wellarch.practice.progress import ProgressRepository
from wellarch.practice.session import SessionRepository
from wellarch.report import text
from wellarch.review.answer import Reason
from wellarch.review.service import Reviews
from wellarch.web.csrf import CsrfProtect

__all__ = [
    "FLASH_COOKIE",
    "SHORT_RISK",
    "AttemptsDep",
    "CardsDep",
    "ReviewsDep",
    "SessionsDep",
    "environment",
    "lens_url",
    "redirect",
    "render",
    "reviews_of",
    "workload_url",
]

FLASH_COOKIE = "wellarch_flash"
FLASH_KINDS = ("success", "info", "error")
SHORT_RISK = {
    "HIGH": "High",
    "MEDIUM": "Medium",
    "NONE": "None",
    "NOT_APPLICABLE": "N/A",
    "UNANSWERED": "—",
}


def workload_url(name: str, *parts: str, **query: object) -> str:
    """``/workloads/<name>/<parts...>?<query>``, every part percent-encoded (``/`` too)."""
    url = "/workloads/" + quote(name, safe="")
    if parts:
        url += "/" + "/".join(quote(part, safe=".") for part in parts)
    pairs = {key: str(value) for key, value in query.items() if value is not None}
    return f"{url}?{urlencode(pairs)}" if pairs else url


def lens_url(alias: str, *parts: str) -> str:
    return "/".join(["/lenses", quote(alias, safe=""), *(quote(p, safe="") for p in parts)])


async def reviews_of(request: Request) -> Reviews:
    """The app's review service (a FastAPI dependency).

    This and the other dependencies that only fetch a service from the app are coroutines:
    FastAPI runs a plain function dependency in a worker thread, and that hop (twice per
    request with the route's own) cost more under load than most routes' work."""
    reviews: Reviews = request.app.state.reviews
    return reviews


#: The review service as a route parameter: ``reviews: ReviewsDep``.
ReviewsDep = Annotated[Reviews, Depends(reviews_of)]


async def attempts_of(request: Request) -> ProgressRepository:
    """Practice attempts and activities (a FastAPI dependency)."""
    progress: ProgressRepository = request.app.state.attempts
    return progress


async def sessions_of(request: Request) -> SessionRepository:
    """Practice sessions in progress (a FastAPI dependency)."""
    sessions: SessionRepository = request.app.state.sessions
    return sessions


async def cards_of(request: Request) -> ProgressStore:
    """Flashcard schedules (a FastAPI dependency)."""
    cards: ProgressStore = request.app.state.cards
    return cards


#: Practice attempts and activities as a route parameter.
AttemptsDep = Annotated[ProgressRepository, Depends(attempts_of)]
#: Practice sessions in progress as a route parameter.
SessionsDep = Annotated[SessionRepository, Depends(sessions_of)]
#: Flashcard schedules as a route parameter.
CardsDep = Annotated[ProgressStore, Depends(cards_of)]


def _short_risk(risk: object) -> str:
    return SHORT_RISK.get(str(risk), str(risk))


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


@cache
def environment() -> jinja2.Environment:
    """The cached environment of ``wellarch/web/templates`` with the report's filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wellarch.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship inside the package: checking their files' mtimes on every render
        # cost ~6 % of a review page under load.
        auto_reload=False,
    )
    env.filters.update(
        risk_label=text.risk_label,
        risk_key=text.risk_key,
        short_risk=_short_risk,
        na_reason=text.na_reason_label,
        environment=text.environment_label,
        date=text.format_date,
        datetime=text.format_datetime,
        safe_url=text.safe_url,
        plural=_plural,
    )
    env.globals.update(
        workload_url=workload_url,
        lens_url=lens_url,
        RISK_LEVELS=text.RISK_LEVELS,
        REASONS=[(reason.value, text.na_reason_label(reason.value)) for reason in Reason],
        app_version=wellarch.__version__,
    )
    return env


def _flash_serializer(request: Request) -> URLSafeSerializer:
    serializer: URLSafeSerializer = request.app.state.flash  # made once: it derives a key
    return serializer


def _read_flashes(request: Request) -> list[tuple[str, str]]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        data = _flash_serializer(request).loads(raw)
    except BadSignature:
        return []
    if not isinstance(data, list):
        return []
    return [
        (str(item[0]), str(item[1]))
        for item in data
        if isinstance(item, list) and len(item) == 2 and item[0] in FLASH_KINDS
    ]


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """The page ``template`` rendered with ``context``, a CSRF token and pending flashes."""
    csrf: CsrfProtect = request.app.state.csrf
    flashes = _read_flashes(request)
    html = (
        environment()
        .get_template(template)
        .render(
            {
                "csrf_token": csrf.token(request),
                "flashes": flashes,
                "section": "",
                "error": None,
                "path": request.url.path,
                **(context or {}),
            }
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    csrf.set_cookie(request, response)
    if flashes:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(
    request: Request, url: str, message: str | None = None, kind: str = "success"
) -> RedirectResponse:
    """A ``303 See Other`` to ``url`` (after a form post), with an optional flash message."""
    response = RedirectResponse(url, status_code=303)
    if message:
        value = _flash_serializer(request).dumps([[kind, message[:500]]])
        response.set_cookie(FLASH_COOKIE, value, httponly=True, samesite="strict", path="/")
    return response
