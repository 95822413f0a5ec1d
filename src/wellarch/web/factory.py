"""The app as ``wellarch serve`` builds it, from settings in the environment.

``wellarch serve --workers N`` starts N server processes; each builds its own app by calling
:func:`app_from_environment` (uvicorn imports it by name in every worker). The serving command
sets the variables once, so that every worker uses the same database and signs CSRF tokens
and flash messages with the same key — a form rendered by one worker is accepted by another.

- ``WELLARCH_SERVE_DB``: the database URL (required);
- ``WELLARCH_SERVE_SECRET``: the signing key (required);
- ``WELLARCH_SERVE_HOSTS``: accepted ``Host`` names, comma-separated (empty: any).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi import FastAPI

from wellarch.errors import InputError, StoreError
from wellarch.store import Database

if TYPE_CHECKING:  # imported when an app is made: `wellarch serve` imports this module early
    from wellarch.review.service import Reviews

__all__ = [
    "ENV_DB",
    "ENV_HOSTS",
    "ENV_SECRET",
    "app_for",
    "app_from_environment",
    "server_processes",
    "settle",
]

ENV_DB = "WELLARCH_SERVE_DB"
ENV_SECRET = "WELLARCH_SERVE_SECRET"
ENV_HOSTS = "WELLARCH_SERVE_HOSTS"


def app_for(
    database: Database,
    *,
    secret_key: str,
    allowed_hosts: Sequence[str] | None,
    reviews: Reviews | None = None,
) -> FastAPI:
    """The web app on ``database``: reviews, practice and flashcards (schema made current).

    ``reviews`` serves review operations the caller already has on ``database`` (the tests
    pass theirs); by default they are made here, with the built-in lenses.
    """
    from wellarch.store.cards import SqlCardProgress
    from wellarch.store.practice import SqlProgress, SqlSessions
    from wellarch.web.app import create_app
    from wellarch.web.lanes import NETWORK_PAGE_THREADS, SQLITE_PAGE_THREADS

    database.ensure_ready()
    if reviews is None:
        from wellarch.lens.catalog import BuiltinLensSource
        from wellarch.review.service import Reviews
        from wellarch.store import SqlRepository

        reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    return create_app(
        reviews,
        attempts=SqlProgress(database),
        sessions=SqlSessions(database),
        cards=SqlCardProgress(database),
        secret_key=secret_key,
        allowed_hosts=allowed_hosts,
        page_threads=SQLITE_PAGE_THREADS if database.is_sqlite else NETWORK_PAGE_THREADS,
    )


def app_from_environment() -> FastAPI:
    """:func:`app_for` with the settings ``wellarch serve`` put in the environment."""
    try:
        db_url, secret = os.environ[ENV_DB], os.environ[ENV_SECRET]
    except KeyError as exc:
        raise StoreError(
            f"{exc.args[0]} is not set: start the server with `wellarch serve`"
        ) from None
    hosts = [h for h in os.environ.get(ENV_HOSTS, "").split(",") if h]
    app = app_for(Database(db_url), secret_key=secret, allowed_hosts=hosts or None)
    settle()
    return app


def server_processes(database: Database, asked: int | None = None) -> int:
    """How many server processes to run on ``database``: ``asked``, else two where the machine
    has two cores or more (on SQLite one process serves pages one at a time, and its writers
    take turns across processes: see :mod:`wellarch.store.writers`), else one.

    A database in memory lives in its process: it gets one, and asking for more is an error.
    """
    if database.in_memory:
        if asked not in (None, 1):
            raise InputError(f"{database.display} lives in one process: serve it with --workers 1")
        return 1
    if asked is not None:
        return asked
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def settle() -> None:
    """Move what start-up made out of the garbage collector's way: a full collection then
    walks only what requests made since, not every module, lens and template (a pause of
    about 50 ms per full collection otherwise). For a server process, before it serves."""
    gc.collect()
    gc.freeze()
