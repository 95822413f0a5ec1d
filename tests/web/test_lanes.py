"""The page lane and the long-work lane (wellarch.web.lanes): a long download or lens upload
runs beside the pages, never in front of them."""

from __future__ import annotations

import doctest
import threading

import pytest

from tests.web.conftest import Client, make_app
from wellarch.web import dashboard, lanes, lenses
from wellarch.web.downloads import Download
from wellarch.web.lanes import NETWORK_PAGE_THREADS, SQLITE_PAGE_THREADS

pytestmark = pytest.mark.usefixtures("backend")


def test_the_docstring_example_runs():
    assert doctest.testmod(lanes).failed == 0


def test_the_page_lane_fits_the_database(reviews):
    app = make_app(reviews)
    sqlite = reviews.repository.database.is_sqlite
    assert app.state.page_threads == (SQLITE_PAGE_THREADS if sqlite else NETWORK_PAGE_THREADS)


def _held(release: threading.Event, started: threading.Event, result):
    def slow(*args, **kwargs):
        started.set()
        if not release.wait(20):
            raise AssertionError("the page waited behind the long work")
        return result

    return slow


def _page_while_held(client: Client, long_request, monkeypatch, module, name, result) -> None:
    started, release = threading.Event(), threading.Event()
    monkeypatch.setattr(module, name, _held(release, started, result))
    answers = []
    worker = threading.Thread(target=lambda: answers.append(long_request()))
    worker.start()
    try:
        assert started.wait(20), "the long request never started"
        # served now, while the long work still runs: its lane is not the pages' lane
        assert client.get("/workloads/web-shop").status_code == 200
        assert client.get("/api/health").status_code == 200
    finally:
        release.set()
        worker.join(30)
    assert answers and answers[0].status_code in (200, 303), answers


def test_a_long_download_does_not_hold_up_the_pages(sample, monkeypatch):
    pdf = Download(b"%PDF-1.7 test", "application/pdf", "web-shop.pdf")
    with Client(make_app(sample)) as client:
        _page_while_held(
            client,
            lambda: client.get("/workloads/web-shop/report.pdf"),
            monkeypatch,
            dashboard,
            "report_download",
            pdf,
        )


def test_a_long_lens_upload_does_not_hold_up_the_pages(sample, monkeypatch):
    entry = sample.catalog.get("wellarchitected")
    with Client(make_app(sample)) as client:
        token = client.token("/lenses")
        _page_while_held(
            client,
            lambda: client.post(
                "/lenses",
                data={"csrf_token": token, "alias": "mine"},
                files={"file": ("mine.json", b"{}", "application/json")},
                follow_redirects=False,
            ),
            monkeypatch,
            lenses,
            "import_lens_document",
            (entry, []),
        )
