"""Where the app's synchronous work runs: the page lane and the long-work lane.

Routes are plain functions (the review service is synchronous). FastAPI would run each in a
worker thread; every router here builds its routes with :class:`PageRoute` instead, which
runs them in the *page lane* of the app that serves the request — set per app by the
:class:`PageLane` middleware:

- ``threads=0`` (:data:`SQLITE_PAGE_THREADS`): on the event loop itself. A page is one to two
  milliseconds of Python, and SQLite answers from the same process without waiting on a
  network, so a thread only adds a hand-over both ways and a fight for the interpreter lock
  with the loop. ``benchmarks/web.py`` on SQLite, 20 clients: four page threads served 314
  form saves/s, one thread 529/s, the event loop itself more again (see the CHANGELOG).
  The cost: while a page runs, nothing else does — so long work never runs there.
- ``threads=N`` (:data:`NETWORK_PAGE_THREADS` on PostgreSQL): in N worker threads of the
  app's own, where a thread waiting on a query lets another one work.

Work that takes long — a PDF report, parsing an uploaded lens, scoring a long interview
answer — must not hold up everyone's pages behind it: :func:`run_long` runs it in the
*long-work lane*, a separate pool of :data:`LONG_WORK_THREADS`, from a route written as a
coroutine; a plain-function route marked :func:`long_work` runs there whole.

Example:
    >>> import asyncio
    >>> asyncio.run(run_long(sum, [1, 2, 3]))
    6
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "LONG_WORK_THREADS",
    "NETWORK_PAGE_THREADS",
    "SQLITE_PAGE_THREADS",
    "PageLane",
    "PageRoute",
    "in_page_lane",
    "long_work",
    "run_long",
]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
#: The attribute :func:`long_work` sets on a route function.
_LONG = "__wellarch_long_work__"

#: Page threads on SQLite: none, the pages run on the event loop (see the module docstring).
SQLITE_PAGE_THREADS = 0
#: Page threads on a database reached over a connection (PostgreSQL).
NETWORK_PAGE_THREADS = 4
#: Threads for long work (:func:`run_long`), apart from the pages'.
LONG_WORK_THREADS = 2

#: The long-work lane of the running event loop (anyio keeps its default limiter so too).
_long_work: RunVar[anyio.CapacityLimiter] = RunVar("wellarch_long_work")
#: The page lane of the app serving the current request (set by :class:`PageLane`).
_page_lane: ContextVar[PageLane | None] = ContextVar("wellarch_page_lane", default=None)


class PageLane:
    """ASGI middleware: the routes of the app it wraps run in a lane of ``threads`` worker
    threads, or on the event loop when ``threads`` is 0."""

    def __init__(self, app: ASGIApp, *, threads: int) -> None:
        if threads < 0:
            raise ValueError(f"a page lane has 0 or more threads, not {threads}")
        self.app = app
        self.threads = threads
        # a limiter belongs to one event loop: a test client starts a loop per client
        self._limiter: RunVar[anyio.CapacityLimiter] = RunVar(f"wellarch_pages_{id(self)}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _page_lane.set(self)
        try:
            await self.app(scope, receive, send)
        finally:
            _page_lane.reset(token)

    async def run(self, func: Callable[[], T]) -> T:
        """``func()`` in this lane."""
        if not self.threads:
            return func()
        try:
            limiter = self._limiter.get()
        except LookupError:
            limiter = anyio.CapacityLimiter(self.threads)
            self._limiter.set(limiter)
        return await anyio.to_thread.run_sync(func, limiter=limiter)


def long_work(endpoint: F) -> F:
    """Mark a plain-function route whose work may take long (seconds on a large input): its
    :class:`PageRoute` runs it in the long-work lane, never on the event loop."""
    setattr(endpoint, _LONG, True)
    return endpoint


def in_page_lane(endpoint: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """``endpoint`` as a coroutine that runs it in the current app's page lane (a worker
    thread of anyio's when no :class:`PageLane` wraps the app), or in the long-work lane when
    it is marked :func:`long_work`. A coroutine is returned as is.

    FastAPI reads the parameters from the wrapped function (``__wrapped__``), so the route's
    signature and OpenAPI document do not change.
    """
    if inspect.iscoroutinefunction(endpoint):
        return endpoint
    long = bool(getattr(endpoint, _LONG, False))

    @functools.wraps(endpoint)
    async def in_lane(*args: Any, **kwargs: Any) -> Any:
        call = partial(endpoint, *args, **kwargs)
        if long:
            return await run_long(call)
        lane = _page_lane.get()
        if lane is None:
            return await anyio.to_thread.run_sync(call)
        return await lane.run(call)

    return in_lane


class PageRoute(APIRoute):
    """A FastAPI route whose plain-function endpoint runs in the page lane
    (``APIRouter(route_class=PageRoute)``)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, in_page_lane(endpoint), **kwargs)


async def run_long(func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` in the long-work lane; the pages go on meanwhile."""
    try:
        lane = _long_work.get()
    except LookupError:
        lane = anyio.CapacityLimiter(LONG_WORK_THREADS)
        _long_work.set(lane)
    return await anyio.to_thread.run_sync(partial(func, *args, **kwargs), limiter=lane)
