"""Lens pages: catalog, view, export, and uploads with every problem shown by JSON path."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import LENS_FIXTURES, WEB_FIXTURES
from wellarch.web.lenses import MAX_UPLOAD

#: Every test here reads or writes the store: each runs on every back end.
pytestmark = pytest.mark.usefixtures("backend")


def upload(client, path_or_bytes, alias="", name="lens.json", **extra):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    fields = {"alias": alias, **extra}
    return client.submit(
        "/lenses", fields, page="/lenses", files={"file": (name, data, "application/json")}
    )


def test_catalog_lists_builtin_lenses(client):
    page = client.get("/lenses").text
    assert 'href="/lenses/wellarchitected"' in page
    assert 'href="/lenses/interview"' in page
    assert 'enctype="multipart/form-data"' in page


def test_lens_view_shows_questions_choices_and_rules(client):
    page = client.get("/lenses/wellarchitected").text
    assert "How do you back up data?" in page
    assert "rel_backing_up_data_identified_backups_data" in page
    assert "Risk rules" in page and "High risk" in page
    assert client.get("/lenses/nope").status_code == 404


def test_export_downloads_the_aws_json(client):
    response = client.get("/lenses/interview/export")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert json.loads(response.content)["schemaVersion"] == "2021-11-01"


def test_upload_valid_lens(client, reviews):
    response = upload(client, LENS_FIXTURES / "minimal.json", name="Team Basics.json")
    assert response.status_code == 303
    assert response.headers["location"] == "/lenses/team-basics"
    assert reviews.catalog.get("team-basics").lens.name == "Minimal team lens"
    page = client.get("/lenses/team-basics").text
    assert "Imported “Minimal team lens” as team-basics" in page
    assert "Do you have runbooks for routine operations?" in page


def test_upload_invalid_lens_lists_every_problem_with_its_json_path(client, reviews):
    response = upload(client, LENS_FIXTURES / "many-problems.json", alias="broken")
    assert response.status_code == 422
    page = response.text
    assert "many-problems" not in reviews.catalog.aliases()
    assert "is not a valid lens" in page
    assert "<td>$.pillars[0].id</td>" in page
    assert "<td>$.pillars[0].questions[0].riskRules[0].condition</td>" in page
    assert "javascript:alert(1)" in page  # quoted in a message, never a link
    assert 'href="javascript:' not in page


def test_upload_not_json_names_the_line(client):
    response = upload(client, LENS_FIXTURES / "not-json.json", alias="notjson")
    assert response.status_code == 422
    assert "not valid JSON" in response.text


def test_upload_too_large_is_refused(client):
    big = b'{"name": "' + b"x" * (MAX_UPLOAD + 10) + b'"}'
    response = upload(client, big, alias="big")
    assert response.status_code == 413


def test_upload_without_file_or_with_bad_alias(client):
    response = client.submit("/lenses", {"alias": "x"}, page="/lenses")
    assert response.status_code == 422
    assert "Choose a lens file" in response.text
    response = upload(client, LENS_FIXTURES / "minimal.json", alias="Bad Alias!")
    assert response.status_code == 422
    assert "lens alias" in response.text


def test_upload_builtin_alias_and_taken_alias(client):
    assert upload(client, LENS_FIXTURES / "minimal.json", alias="interview").status_code == 422
    assert upload(client, LENS_FIXTURES / "minimal.json", alias="team").status_code == 303
    response = upload(client, LENS_FIXTURES / "minimal.json", alias="team")
    assert response.status_code == 409
    assert "replace it" in response.text


def test_replace_shows_the_new_lens_at_once(client, reviews):
    assert upload(client, LENS_FIXTURES / "minimal.json", alias="team").status_code == 303
    assert "Minimal team lens" in client.get("/lenses/team").text
    response = upload(client, WEB_FIXTURES / "hostile-lens.json", alias="team", replace="on")
    assert response.status_code == 303
    assert reviews.catalog.get("team").lens.name.startswith("Hostile")
    assert "Minimal team lens" not in client.get("/lenses/team").text


def test_lenient_upload_reports_warnings(client):
    path = LENS_FIXTURES / "published-quirks.json"
    assert upload(client, path, alias="quirky").status_code == 422
    response = upload(client, path, alias="quirky", lenient="on")
    assert response.status_code == 303
    assert "accepted in lenient mode" in client.get(response.headers["location"]).text
