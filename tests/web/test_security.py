"""Security basics: CSRF on every form, escaping of hostile text, size limits, origin and host
checks, strict headers, and no debug pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import WEB_FIXTURES, Client
from wellarch.web import create_app
from wellarch.web.app import MAX_BODY
from wellarch.web.csrf import COOKIE

HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'
FORMS = [
    ("/workloads", {"name": "new-one"}),
    ("/workloads/web-shop/edit", {"owner": "x"}),
    ("/workloads/web-shop/delete", {}),
    ("/workloads/web-shop/milestones", {"milestone": "m"}),
    ("/workloads/web-shop/review/wellarchitected/REL09", {"version": "0", "choice": "x"}),
    ("/lenses", {"alias": "abc"}),
]


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_every_form_refuses_a_post_without_token(sample_client, url, data):
    sample_client.get("/workloads")  # the browser has its cookie
    response = sample_client.post(url, data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "no CSRF token" in response.text


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_every_form_refuses_a_forged_token(sample_client, url, data):
    sample_client.get("/workloads")
    forged = {**data, "csrf_token": "forged.token.value"}
    assert sample_client.post(url, data=forged, follow_redirects=False).status_code == 403


def test_token_of_another_browser_is_refused(sample, app):
    with Client(app) as alice, Client(app) as mallory:
        token = mallory.token()
        alice.get("/workloads")
        response = alice.post(
            "/workloads", data={"name": "pwned", "csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 403
        assert "another session" in response.text
    assert "pwned" not in [s.name for s in sample.workloads()]


def test_post_without_cookie_is_refused(app):
    with Client(app) as first:
        token = first.token()
    with TestClient(app) as fresh:
        response = fresh.post("/workloads", data={"name": "x-y-z", "csrf_token": token})
        assert response.status_code == 403


def test_csrf_cookie_is_httponly_and_samesite_strict(client):
    header = client.get("/workloads").headers["set-cookie"]
    assert header.startswith(f"{COOKIE}=")
    assert "HttpOnly" in header and "SameSite=strict" in header.replace("Strict", "strict")


def test_foreign_origin_is_refused(sample_client):
    token = sample_client.token()
    response = sample_client.post(
        "/workloads",
        data={"name": "evil", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    api = sample_client.delete("/api/workloads/web-shop", headers={"Origin": "null"})
    assert api.status_code == 403
    assert api.json()["type"] == "request"


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_hostile_workload_text_is_escaped_everywhere(reviews, client):
    name = "x" + HOSTILE[:90]
    response = client.submit(
        "/workloads",
        {"name": name, "description": HOSTILE, "owner": HOSTILE, "tags": f"k={HOSTILE}"},
        page="/new-workload",
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert "<" not in location and '"' not in location
    pages = [
        client.get("/workloads").text,
        client.get(location).text,
        client.get(location + "/edit").text,
        client.get(location + "/delete").text,
        client.get(location + "/review/wellarchitected/OPS01").text,
        client.get(location + "/report.html").text,
    ]
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;" in page or "&lt;script" in page
    assert reviews.workload(name).owner == HOSTILE


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_hostile_answer_notes_and_milestone_names_are_escaped(sample_client):
    url = "/workloads/web-shop/review/wellarchitected/REL09"
    version = re.search(r'name="version" value="(\d+)"', sample_client.get(url).text).group(1)
    sample_client.submit(url, {"version": version, "notes": HOSTILE, "na": "on"}, page=url)
    sample_client.submit(
        "/workloads/web-shop/milestones", {"milestone": HOSTILE[:99]}, page="/workloads/web-shop"
    )
    for page in (sample_client.get(url).text, sample_client.get("/workloads/web-shop").text):
        assert "<script>alert" not in page and "<img src=x" not in page


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_hostile_lens_text_is_escaped(client):
    data = (WEB_FIXTURES / "hostile-lens.json").read_bytes()
    response = client.submit(
        "/lenses",
        {"alias": "hostile"},
        page="/lenses",
        files={"file": ("hostile.json", data, "application/json")},
    )
    assert response.status_code == 303
    client.submit("/workloads", {"name": "h-shop", "lenses": "hostile"}, page="/new-workload")
    pages = [
        client.get("/lenses").text,
        client.get("/lenses/hostile").text,
        client.get("/workloads/h-shop/review/hostile/ops_runbooks").text,
        client.get("/workloads/h-shop").text,
    ]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page


@pytest.mark.parametrize("name", ["team/a", "50% done", "what? #1", "déjà vu", "a/../b"])
@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_awkward_names_round_trip_through_urls(reviews, client, name):
    response = client.submit("/workloads", {"name": name}, page="/new-workload")
    assert response.status_code == 303
    location = response.headers["location"]
    page = client.get(location)
    assert page.status_code == 200, location
    assert client.get(location + "/review/wellarchitected/OPS01").status_code == 200
    assert client.get(location + "/report.md").status_code == 200
    assert client.get(f"/api{location}").json()["name"] == name


def test_request_bodies_are_limited(client):
    token = client.token()
    big = "x" * (MAX_BODY + 1)
    response = client.post("/workloads", data={"name": big, "csrf_token": token})
    assert response.status_code == 413
    response = client.post(
        "/api/workloads",
        content=b"{" + b" " * MAX_BODY + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["type"] == "request"


def test_streamed_body_over_the_limit_is_refused(client):
    def chunks():
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"x" * 65536

    response = client.post(
        "/api/lenses?alias=streamed",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_security_headers(client):
    response = client.get("/workloads")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_templates_use_no_inline_script_or_style(client, sample):
    for url in ["/workloads", "/workloads/web-shop", "/new-workload", "/lenses"]:
        page = client.get(url).text
        assert "<script>" not in page and " style=" not in page and "<style" not in page
        assert " onclick=" not in page


def test_host_header_is_checked_when_configured(reviews):
    app = create_app(reviews, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as ok:
        assert ok.get("/workloads").status_code == 200
    with TestClient(app, base_url="http://rebound.example") as rebound:
        assert rebound.get("/workloads").status_code == 400


def test_unexpected_errors_show_no_debug_page(reviews, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internals at /etc/passwd")

    monkeypatch.setattr(type(reviews), "workload_page", boom)
    app = create_app(reviews)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/workloads")
        assert page.status_code == 500
        assert "Something went wrong" in page.text
        assert "secret internals" not in page.text and "Traceback" not in page.text
        api = client.get("/api/workloads")
        assert api.status_code == 500
        assert "secret internals" not in api.text
    assert app.docs_url is None and app.redoc_url is None and not app.debug


def test_navigation_rows_escape_every_value():
    from wellarch.web.review import nav_row

    row = str(nav_row('/w/"x/', 'Q"1', HOSTILE, "HIGH", True))
    assert "<script>" not in row and "<img src=x" not in row
    assert 'href="/w/&#34;x/"' in row and 'aria-current="page"' in row
    assert "&lt;script&gt;" in row
    assert "aria-current" not in str(nav_row("/w/", "Q1", "t", "NONE", False))
