"""Dashboard: chart, counts, improvement plan, milestones and compare, report downloads."""

from __future__ import annotations

import json
import re
import zlib

import pytest

from wellarch.review.answer import AnswerUpdate

#: Every test here reads or writes the store: each runs on every back end.
pytestmark = pytest.mark.usefixtures("backend")


def pdf_pages(data: bytes) -> int:
    """Pages in a PDF, object streams included (WeasyPrint compresses its objects)."""
    texts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            texts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", text)) for text in texts)


def test_dashboard_shows_chart_counts_plan_and_milestones(sample_client):
    page = sample_client.get("/workloads/web-shop").text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="risk-chart"' in page
    assert re.search(r'data-card="HIGH">.*?data-value>15<', page, re.S)
    assert re.search(r'data-card="MEDIUM">.*?data-value>33<', page, re.S)
    assert "Improvement plan" in page and "Revisit SEC07" in page
    assert "After the resilience sprint" in page and "Initial review" in page
    for fmt in ("html", "pdf", "md", "json"):
        assert f'href="/workloads/web-shop/report.{fmt}"' in page


def test_dashboard_changes_when_an_answer_changes(sample, sample_client):
    before = sample_client.get("/workloads/web-shop").text
    assert re.search(r'data-card="HIGH">.*?data-value>15<', before, re.S)
    current = sample.repository.answers(sample.workload("web-shop"), "wellarchitected")["SEC07"]
    question = sample.catalog.get("wellarchitected").lens.question("SEC07")
    every = tuple(c.id for c in question.practices)
    sample.answer(
        "web-shop", "SEC07", AnswerUpdate(selected=every, expected_version=current.version)
    )
    after = sample_client.get("/workloads/web-shop").text
    assert re.search(r'data-card="HIGH">.*?data-value>14<', after, re.S)
    assert "Revisit SEC07" not in after


def test_new_workload_dashboard_invites_to_start(reviews, client):
    reviews.create_workload("fresh")
    page = client.get("/workloads/fresh").text
    assert "Start review" in page
    assert "The plan appears as you answer questions." in page
    assert "A milestone is a snapshot" in page


def test_create_milestone_and_duplicate(sample_client, sample):
    page = "/workloads/web-shop"
    response = sample_client.submit(f"{page}/milestones", {"milestone": "Q3"}, page=page)
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}#milestones"
    assert "Saved milestone 3 “Q3”" in sample_client.get(page).text
    assert [m.name for m in sample.milestones("web-shop")][-1] == "Q3"
    sample_client.submit(f"{page}/milestones", {"milestone": "Q3"}, page=page)
    assert "Milestone not saved" in sample_client.get(page).text
    sample_client.submit(f"{page}/milestones", {"milestone": "  "}, page=page)
    assert "1–100 characters" in sample_client.get(page).text


def test_compare_two_milestones_and_now(sample_client):
    page = sample_client.get("/workloads/web-shop/compare?from=1&to=2").text
    assert "Milestone 1 (Initial review) → 2 (After the resilience sprint)" in page
    assert '<div class="card-value" data-total="hris_fixed">8</div>' in page
    assert 'data-question="REL09"' in page
    assert "Perform periodic recovery of the data" in page  # choice titles, not ids
    assert "Reliability" in page  # pillar names, not ids
    now = sample_client.get("/workloads/web-shop/compare?from=2").text
    assert "→ now" in now and "Nothing changed between these two points." in now


@pytest.mark.parametrize("query", ["from=9", "from=0", "from=1&to=x", ""])
def test_compare_bad_input(sample_client, query):
    response = sample_client.get(f"/workloads/web-shop/compare?{query}")
    assert response.status_code in (404, 422)
    assert "<html" in response.text  # a page, not JSON


@pytest.mark.parametrize(
    ("fmt", "media_type", "start"),
    [
        ("html", "text/html", b"<!DOCTYPE html>"),
        ("md", "text/markdown", b"# "),
        ("json", "application/json", b"{"),
    ],
)
def test_report_downloads(sample_client, fmt, media_type, start):
    response = sample_client.get(f"/workloads/web-shop/report.{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="web-shop-well-architected-review.{fmt}"' in disposition
    assert response.content.lstrip().startswith(start)
    if fmt == "json":
        assert json.loads(response.content)["workload"]["name"] == "web-shop"


def test_pdf_download_has_pages(sample_client):
    response = sample_client.get("/workloads/web-shop/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pdf_pages(response.content) > 10


def test_unknown_report_format_is_404(sample_client):
    assert sample_client.get("/workloads/web-shop/report.docx").status_code == 404
