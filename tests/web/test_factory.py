"""``wellarch.web.factory``: the app ``wellarch serve`` builds, in-process."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from wellarch.errors import InputError, StoreError
from wellarch.store import Database, sqlite_url
from wellarch.store.cards import SqlCardProgress
from wellarch.store.practice import SqlProgress, SqlSessions
from wellarch.web import factory
from wellarch.web.factory import (
    ENV_DB,
    ENV_HOSTS,
    ENV_SECRET,
    app_for,
    app_from_environment,
    server_processes,
    settle,
)


@pytest.fixture(autouse=True)
def _unfrozen():
    """A server process freezes what start-up made (settle); a test process must not keep
    everything its earlier tests made."""
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_the_app_from_the_environment_keeps_everything_in_the_database(databases, monkeypatch):
    url = databases.url()
    monkeypatch.setenv(ENV_DB, url)
    monkeypatch.setenv(ENV_SECRET, "shared-secret")
    monkeypatch.setenv(ENV_HOSTS, "127.0.0.1,localhost")
    app = app_from_environment()
    try:
        _check_serves_the_database(app)
    finally:
        app.state.reviews.repository.database.close()


def _check_serves_the_database(app):
    assert app.state.secret == "shared-secret"
    assert isinstance(app.state.attempts, SqlProgress)
    assert isinstance(app.state.sessions, SqlSessions)
    assert isinstance(app.state.cards, SqlCardProgress)
    with TestClient(app, base_url="http://localhost") as client:
        assert client.get("/api/workloads").json() == []  # the schema was made
        assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400


@pytest.mark.parametrize("missing", [ENV_DB, ENV_SECRET])
def test_the_app_from_the_environment_needs_the_database_and_the_key(monkeypatch, missing):
    monkeypatch.setenv(ENV_DB, "sqlite://")
    monkeypatch.setenv(ENV_SECRET, "key")
    monkeypatch.delenv(missing)
    with pytest.raises(StoreError, match=f"{missing} is not set: start the server with"):
        app_from_environment()


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_an_app_on_reviews_the_caller_has(reviews):
    database: Database = reviews.repository.database
    app = app_for(database, secret_key="k", allowed_hosts=None, reviews=reviews)
    assert app.state.reviews is reviews
    assert app.state.cards.database is database


def test_a_server_process_settles_before_it_serves(monkeypatch):
    monkeypatch.setenv(ENV_DB, "sqlite://")
    monkeypatch.setenv(ENV_SECRET, "key")
    gc.unfreeze()
    app_from_environment()
    assert gc.get_freeze_count() > 0


def test_settle_freezes_what_exists():
    gc.unfreeze()
    settle()
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize(
    ("cores", "asked", "expected"),
    [(8, None, 2), (2, None, 2), (1, None, 1), (None, None, 1), (1, 3, 3), (8, 1, 1)],
)
def test_server_processes_in_a_file(tmp_path, monkeypatch, cores, asked, expected):
    monkeypatch.setattr(factory.os, "cpu_count", lambda: cores)
    database = Database(sqlite_url(tmp_path / "serve.db"))
    assert server_processes(database, asked) == expected


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_a_database_in_memory_gets_one_process(url, monkeypatch):
    monkeypatch.setattr(factory.os, "cpu_count", lambda: 8)
    database = Database(url)
    assert database.in_memory
    assert server_processes(database) == 1
    assert server_processes(database, 1) == 1
    with pytest.raises(InputError, match="lives in one process: serve it with --workers 1"):
        server_processes(database, 2)
