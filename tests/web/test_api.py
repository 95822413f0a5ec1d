"""The JSON API under /api/: every route, its error shape, conflicts and the OpenAPI document."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import LENS_FIXTURES

#: Every test here reads or writes the store: each runs on every back end.
pytestmark = pytest.mark.usefixtures("backend")

REL09 = [
    "rel_backing_up_data_identified_backups_data",
    "rel_backing_up_data_secured_backups_data",
]
ANSWERS = "/api/workloads/shop/lenses/wellarchitected/answers"


@pytest.fixture
def api(client):
    response = client.post(
        "/api/workloads",
        json={"name": "shop", "owner": "Team", "regions": ["eu-west-1"], "tags": {"a": "b"}},
    )
    assert response.status_code == 201, response.text
    return client


def test_health(client):
    assert client.get("/api/health").json()["status"] == "ok"


def test_openapi_document_describes_the_api(client):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert "/api/workloads/{name}/lenses/{lens}/answers/{question_id}" in paths
    assert (
        "409"
        in paths["/api/workloads/{name}/lenses/{lens}/answers/{question_id}"]["put"]["responses"]
    )
    assert all(path.startswith("/api/") for path in paths)  # pages are not in the API


def test_workload_crud(api):
    created = api.get("/api/workloads/shop").json()
    assert created["owner"] == "Team" and created["regions"] == ["eu-west-1"]
    assert created["risk_counts"]["UNANSWERED"] == 57
    listed = api.get("/api/workloads").json()
    assert [w["name"] for w in listed] == ["shop"]
    assert api.get("/api/workloads?q=nothing").json() == []
    patched = api.patch(
        "/api/workloads/shop", json={"owner": "Other", "environment": "pre-production"}
    )
    assert patched.status_code == 200
    assert patched.json()["owner"] == "Other" and patched.json()["regions"] == ["eu-west-1"]
    assert api.delete("/api/workloads/shop").status_code == 204
    assert api.get("/api/workloads/shop").status_code == 404


def test_workload_errors_have_one_shape(api):
    duplicate = api.post("/api/workloads", json={"name": "shop"})
    assert duplicate.status_code == 409
    assert duplicate.json()["type"] == "conflict"
    invalid = api.post("/api/workloads", json={"name": "ab"})
    assert invalid.status_code == 422
    body = invalid.json()
    assert body["type"] == "validation"
    assert body["problems"][0]["path"] == "$.name"
    domain = api.post("/api/workloads", json={"name": "abc", "architectural_design": "ftp://x"})
    assert domain.status_code == 422 and domain.json()["type"] == "input"
    unknown = api.get("/api/workloads/nope")
    assert unknown.status_code == 404 and unknown.json()["type"] == "not_found"
    assert api.patch("/api/workloads/shop", json={"name": "ab"}).status_code == 422
    api.post("/api/workloads", json={"name": "other"})
    taken = api.patch("/api/workloads/other", json={"name": "shop"})
    assert taken.status_code == 409 and taken.json()["type"] == "conflict"


def test_text_the_store_cannot_keep_is_an_input_error_not_a_server_error(api):
    """PostgreSQL cannot store the NUL character (SQLite can): it is refused on both alike,
    and looking things up by it finds nothing (found by the fuzz test run on PostgreSQL)."""
    for body in ({"name": "a\u0000b"}, {"name": "abc", "description": "x\u0000"}):
        refused = api.post("/api/workloads", json=body)
        assert refused.status_code == 422 and refused.json()["type"] == "input"
    answer = api.put(
        f"{ANSWERS}/REL09", json={"none_of_these": True, "notes": "\u0000", "expected_version": 0}
    )
    assert answer.status_code == 422 and answer.json()["type"] == "input"
    assert api.get("/api/workloads/shop%00").status_code == 404
    assert api.get("/api/workloads?q=%00").json() == []


def test_patch_renames_a_workload(api):
    api.put(f"{ANSWERS}/REL09", json={"selected": REL09, "expected_version": 0})
    renamed = api.patch("/api/workloads/shop", json={"name": "shop-eu", "owner": "EU"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "shop-eu" and renamed.json()["owner"] == "EU"
    assert api.get("/api/workloads/shop").status_code == 404
    moved = api.get("/api/workloads/shop-eu/lenses/wellarchitected/answers/REL09").json()
    assert moved["version"] == 1


def test_answers_read_and_write_with_versions(api):
    answers = api.get(ANSWERS).json()
    assert len(answers) == 57
    assert answers[0]["risk"] == "UNANSWERED" and answers[0]["version"] == 0
    put = api.put(f"{ANSWERS}/REL09", json={"selected": REL09, "notes": "n", "expected_version": 0})
    assert put.status_code == 200, put.text
    body = put.json()
    assert body["risk"] == "MEDIUM" and body["version"] == 1 and body["pillar"] == "reliability"
    assert api.get(f"{ANSWERS}/REL09").json()["selected"] == REL09


def test_stale_version_is_409_with_the_current_answer(api):
    api.put(f"{ANSWERS}/REL09", json={"selected": REL09, "expected_version": 0})
    stale = api.put(f"{ANSWERS}/REL09", json={"none_of_these": True, "expected_version": 0})
    assert stale.status_code == 409
    body = stale.json()
    assert body["type"] == "conflict"
    assert body["current"]["version"] == 1 and body["current"]["selected"] == REL09
    assert api.get(f"{ANSWERS}/REL09").json()["selected"] == REL09  # nothing overwritten


def test_not_applicable_and_none_of_these(api):
    na = {"not_applicable": {"reason": "OUT_OF_SCOPE", "details": "no data"}}
    body = api.put(f"{ANSWERS}/REL09", json={**na, "expected_version": 0}).json()
    assert body["risk"] == "NOT_APPLICABLE" and body["not_applicable"]["details"] == "no data"
    body = api.put(f"{ANSWERS}/REL09", json={"none_of_these": True, "expected_version": 1}).json()
    assert body["risk"] == "HIGH" and body["selected"] == ["rel09_no"]
    mixed = {"none_of_these": True, "selected": REL09, "expected_version": 2}
    assert api.put(f"{ANSWERS}/REL09", json=mixed).status_code == 422
    per_choice = {
        "selected": REL09,
        "choice_not_applicable": {"rel_backing_up_data_automated_backups_data": {}},
        "expected_version": 2,
    }
    body = api.put(f"{ANSWERS}/REL09", json=per_choice).json()
    assert "rel_backing_up_data_automated_backups_data" in body["choice_not_applicable"]


def test_answer_errors(api):
    bad_choice = api.put(f"{ANSWERS}/REL09", json={"selected": ["nope"], "expected_version": 0})
    assert bad_choice.status_code == 404
    assert api.get(f"{ANSWERS}/NOPE").status_code == 404
    assert api.get("/api/workloads/shop/lenses/interview/answers").status_code == 404
    assert api.put(f"{ANSWERS}/REL09", json={"selected": []}).status_code == 422  # no version


def test_results_milestones_and_diff(api):
    api.put(f"{ANSWERS}/REL09", json={"none_of_these": True, "expected_version": 0})
    report = api.get("/api/workloads/shop/report").json()
    assert report["workload"]["name"] == "shop"
    plan = api.get("/api/workloads/shop/plan").json()
    assert plan[0]["question_id"] == "REL09"
    created = api.post("/api/workloads/shop/milestones", json={"name": "first"})
    assert created.status_code == 201 and created.json()["number"] == 1
    assert api.post("/api/workloads/shop/milestones", json={"name": "first"}).status_code == 409
    api.put(f"{ANSWERS}/REL09", json={"selected": REL09, "expected_version": 1})
    assert [m["name"] for m in api.get("/api/workloads/shop/milestones").json()] == ["first"]
    diff = api.get("/api/workloads/shop/diff?from=1").json()
    assert diff["from"] == "1 (first)" and diff["to"] == "now"
    assert diff["changes"][0]["risk_before"] == "HIGH"
    assert diff["changes"][0]["risk_after"] == "MEDIUM"
    assert api.get("/api/workloads/shop/diff?from=2").status_code == 404


def test_lenses_list_get_and_import(client):
    lenses = client.get("/api/lenses").json()
    assert {lens["alias"] for lens in lenses} == {"wellarchitected", "interview"}
    assert client.get("/api/lenses/interview").json()["schemaVersion"] == "2021-11-01"
    assert client.get("/api/lenses/nope").status_code == 404
    data = (LENS_FIXTURES / "minimal.json").read_bytes()
    headers = {"content-type": "application/json"}
    created = client.post("/api/lenses?alias=team", content=data, headers=headers)
    assert created.status_code == 201 and created.json()["questions"] == 2
    again = client.post("/api/lenses?alias=team", content=data, headers=headers)
    assert again.status_code == 409
    replaced = client.post("/api/lenses?alias=team&replace=true", content=data, headers=headers)
    assert replaced.status_code == 201


def test_lens_import_errors(client):
    headers = {"content-type": "application/json"}
    broken = (LENS_FIXTURES / "many-problems.json").read_bytes()
    response = client.post("/api/lenses?alias=broken", content=broken, headers=headers)
    assert response.status_code == 422
    paths = [p["path"] for p in response.json()["problems"]]
    assert "$.pillars[0].id" in paths and len(paths) > 3
    text = client.post(
        "/api/lenses?alias=text", content=b"{}", headers={"content-type": "text/plain"}
    )
    assert text.status_code == 415
    assert client.post("/api/lenses?alias=Bad!", content=b"{}", headers=headers).status_code == 422
    not_json = client.post("/api/lenses?alias=nojson", content=b"{oops", headers=headers)
    assert not_json.status_code == 422 and "not valid JSON" in not_json.json()["detail"]
    huge = json.dumps({"name": "x" * 1_100_000}).encode()
    assert client.post("/api/lenses?alias=huge", content=huge, headers=headers).status_code == 413
