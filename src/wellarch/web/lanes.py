"""Where the app's synchronous work runs: the page lane and the long-work lane.

Routes are plain functions (the review service is synchronous), so Starlette runs each in a
worker thread of anyio's default limiter — the *page lane*. Python runs one thread at a time,
and a page is a few milliseconds of Python: more page threads than the store can keep busy
only make them fight for the interpreter lock. ``benchmarks/web.py`` on SQLite, 20 clients:
four page threads served 314 form saves/s (p95 74 ms), one served 529/s (p95 44 ms) — as
many as one client gets. So the page lane has one thread on SQLite, whose queries never
wait on a network, and :data:`NETWORK_PAGE_THREADS` on a server database (PostgreSQL),
where a thread waiting on a query lets another one work.

Work that takes long — a PDF report, parsing an uploaded lens — must not hold up everyone's
pages behind it: :func:`run_long` runs it in the *long-work lane*, a separate pool of
:data:`LONG_WORK_THREADS`, from a route written as a coroutine.

Example:
    >>> import asyncio
    >>> asyncio.run(run_long(sum, [1, 2, 3]))
    6
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar

__all__ = [
    "LONG_WORK_THREADS",
    "NETWORK_PAGE_THREADS",
    "SQLITE_PAGE_THREADS",
    "run_long",
    "set_page_threads",
]

T = TypeVar("T")

#: Page threads on SQLite (see the module docstring).
SQLITE_PAGE_THREADS = 1
#: Page threads on a database reached over a connection (PostgreSQL).
NETWORK_PAGE_THREADS = 4
#: Threads for long work (:func:`run_long`), apart from the pages'.
LONG_WORK_THREADS = 2

#: The long-work lane of the running event loop (anyio keeps its default limiter so too).
_long_work: RunVar[anyio.CapacityLimiter] = RunVar("wellarch_long_work")


def set_page_threads(threads: int) -> None:
    """Size the page lane (call it from the app's lifespan, inside the event loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads


async def run_long(func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` in the long-work lane; the pages go on meanwhile."""
    try:
        lane = _long_work.get()
    except LookupError:
        lane = anyio.CapacityLimiter(LONG_WORK_THREADS)
        _long_work.set(lane)
    return await anyio.to_thread.run_sync(partial(func, *args, **kwargs), limiter=lane)
