"""The page lane and the long-work lane (wellarch.web.lanes): a long download or lens upload
runs beside the pages, never in front of them."""

from __future__ import annotations

import doctest
import inspect
import threading

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.web.conftest import Client, make_app
from wellarch.practice import get_scenario, score_answer
from wellarch.web import dashboard, lanes, lenses, practice_api
from wellarch.web.downloads import Download
from wellarch.web.lanes import (
    NETWORK_PAGE_THREADS,
    SQLITE_PAGE_THREADS,
    PageLane,
    PageRoute,
    long_work,
)

pytestmark = pytest.mark.usefixtures("backend")


def test_the_docstring_example_runs():
    assert doctest.testmod(lanes).failed == 0


def test_the_page_lane_fits_the_database(reviews):
    app = make_app(reviews)
    sqlite = reviews.repository.database.is_sqlite
    assert app.state.page_threads == (SQLITE_PAGE_THREADS if sqlite else NETWORK_PAGE_THREADS)


def test_every_route_runs_in_the_page_lane(reviews):
    """A router made without ``route_class=PageRoute`` would hand its plain functions to
    FastAPI's thread pool: on SQLite, a thread hop each way per page."""
    app = make_app(reviews)
    plain = [
        route.path
        for route in app.routes
        if isinstance(route, APIRoute) and not inspect.iscoroutinefunction(route.endpoint)
    ]
    assert plain == []
    assert all(isinstance(r, PageRoute) for r in app.routes if isinstance(r, APIRoute))


def _thread_of_a_page(threads: int, *, long: bool = False) -> tuple[int, int]:
    """(the event loop's thread, the thread a page ran in) in an app with ``threads``."""
    seen: dict[str, int] = {}

    def page() -> dict[str, str]:
        seen["page"] = threading.get_ident()
        return {"ok": "yes"}

    if long:
        page = long_work(page)

    async def loop() -> dict[str, str]:
        seen["loop"] = threading.get_ident()
        return {"ok": "yes"}

    router = APIRouter(route_class=PageRoute)
    router.add_api_route("/page", page)
    router.add_api_route("/loop", loop)
    app = FastAPI()
    app.include_router(router)
    app.add_middleware(PageLane, threads=threads)
    with TestClient(app) as client:
        assert client.get("/page").json() == {"ok": "yes"}
        assert client.get("/loop").json() == {"ok": "yes"}
    return seen["loop"], seen["page"]


def test_without_page_threads_pages_run_on_the_event_loop():
    loop, page = _thread_of_a_page(0)
    assert page == loop


def test_with_page_threads_pages_run_in_a_worker_thread():
    loop, page = _thread_of_a_page(2)
    assert page != loop


def test_long_work_runs_off_the_event_loop_even_on_sqlite():
    loop, page = _thread_of_a_page(0, long=True)
    assert page != loop


def test_a_long_scoring_does_not_hold_up_the_pages(sample, monkeypatch):
    """Scoring a long interview answer (up to 200,000 characters) runs in the long-work lane."""
    scenario = get_scenario("chat")
    feedback = score_answer(scenario, "We cache hot keys in Redis.")
    with Client(make_app(sample)) as client:
        _page_while_held(
            client,
            lambda: client.post(
                "/api/practice/score",
                json={"scenario": "chat", "answer": "We cache hot keys in Redis."},
            ),
            monkeypatch,
            practice_api,
            "score_answer",
            feedback,
        )


def test_a_page_lane_has_no_negative_threads():
    with pytest.raises(ValueError, match="0 or more threads"):
        PageLane(FastAPI(), threads=-1)


def test_the_page_lane_keeps_the_routes_signature(reviews):
    """FastAPI reads parameters through the wrapper: the OpenAPI document still names them."""
    document = make_app(reviews).openapi()
    put = document["paths"]["/api/workloads/{name}/lenses/{lens}/answers/{question_id}"]["put"]
    assert {p["name"] for p in put["parameters"]} == {"name", "lens", "question_id"}
    assert put["operationId"].startswith("put_answer")


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
