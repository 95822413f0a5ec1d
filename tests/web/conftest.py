"""Fixtures for the web tests: an app on a temporary store, a TestClient that can post forms
with their CSRF token, and a live uvicorn server for the browser tests.

The store is SQLite; modules whose pages read or write it opt in to every back end with
``pytestmark = pytest.mark.usefixtures("backend")`` (see :func:`tests.conftest.backend_of`).
The browser tests stay on SQLite: they are slow, and what they add is the browser's side.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import Databases, backend_of
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review.service import Reviews
from wellarch.samples import load_webshop
from wellarch.store import Database, SqlRepository, sqlite_url
from wellarch.web.factory import app_for

WEB_FIXTURES = Path(__file__).parents[1] / "fixtures" / "web"
LENS_FIXTURES = Path(__file__).parents[1] / "fixtures" / "lenses"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_reviews(folder: Path) -> Reviews:
    database = Database(sqlite_url(folder / "web.db"))
    database.ensure_ready()
    return Reviews(SqlRepository(database), [BuiltinLensSource()])


@pytest.fixture
def reviews(request: pytest.FixtureRequest, tmp_path):
    """Reviews on a fresh store: SQLite, or each back end in turn (see the module's doc)."""
    databases = Databases(backend_of(request), tmp_path)
    yield Reviews(SqlRepository(databases.open()), [BuiltinLensSource()])
    databases.close()


@pytest.fixture
def sample(reviews):
    load_webshop(reviews)
    return reviews


class Client(TestClient):
    """A TestClient whose ``submit`` posts a form the way a browser does: with the CSRF token
    of the page it came from."""

    def token(self, page: str = "/new-workload") -> str:
        response = self.get(page)
        match = _TOKEN.search(response.text)
        assert match, f"no CSRF token on {page} ({response.status_code})"
        return match.group(1)

    def submit(self, url, data=None, *, page="/new-workload", files=None, **kwargs):
        fields = dict(data or {})
        fields.setdefault("csrf_token", self.token(page))
        return self.post(url, data=fields, files=files, follow_redirects=False, **kwargs)


def make_app(
    reviews: Reviews,
    *,
    secret_key: str = "test-secret",
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The app as ``wellarch serve`` builds it (:func:`wellarch.web.factory.app_for`), on the
    store of ``reviews``: practice and cards in the same database."""
    return app_for(
        reviews.repository.database,
        secret_key=secret_key,
        allowed_hosts=allowed_hosts,
        reviews=reviews,
    )


@pytest.fixture
def app(reviews):
    return make_app(reviews, secret_key="test-secret")


@pytest.fixture
def client(app):
    with Client(app) as client:
        yield client


@pytest.fixture
def sample_client(sample, client):
    return client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests in a module that runs on every back end: SQLite only."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if (
            callspec is not None
            and callspec.params.get("backend", "sqlite") != "sqlite"
            and item.get_closest_marker("browser") is not None
        ):
            item.add_marker(pytest.mark.skip(reason="browser tests run on SQLite only (slow)"))


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


class LiveServer:
    """uvicorn serving the app on a free loopback port, in a background thread."""

    def __init__(self, reviews: Reviews) -> None:
        self.reviews = reviews
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        app = make_app(reviews, allowed_hosts=["127.0.0.1", "localhost"])
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture
def live_server(reviews):
    with LiveServer(reviews) as server:
        yield server


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url
    yield page
    context.close()
