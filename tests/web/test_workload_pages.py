"""Workload pages: list with risk counts and search, create, edit, delete with confirmation."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import LENS_FIXTURES
from wellarch.errors import NotFound
from wellarch.lens import read_lens_file
from wellarch.review.workload import new_workload
from wellarch.web.workloads import PAGE_SIZE

#: Every test here reads or writes the store: each runs on every back end.
pytestmark = pytest.mark.usefixtures("backend")


def test_home_redirects_to_the_workload_list(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/workloads"


def test_empty_list_points_to_create_and_the_sample(client):
    page = client.get("/workloads").text
    assert "No workloads yet" in page
    assert 'href="/new-workload"' in page
    assert "wellarch serve --sample" in page


def test_list_shows_risk_counts_and_progress(sample_client):
    page = sample_client.get("/workloads").text
    assert 'href="/workloads/web-shop"' in page
    assert "57 of 57 answered" in page
    assert '<span class="count count-high">15</span>' in page
    assert '<span class="count count-medium">33</span>' in page


def test_list_rows_escape_and_link_awkward_names(reviews, client):
    reviews.create_workload('a/b <&> "x"', owner="<Team>", environment="pre-production")
    page = client.get("/workloads").text
    url = "/workloads/a%2Fb%20%3C%26%3E%20%22x%22"
    name = "a/b &lt;&amp;&gt; &#34;x&#34;"
    assert f'<a href="{url}">{name}</a><span class="sub">&lt;Team&gt;</span>' in page
    assert f'href="{url}/review" aria-label="Review {name}">Review</a>' in page
    assert "<td>Pre-production</td>" in page
    assert page.count('<td class="num"><span class="count count-zero">0</span></td>') == 2
    stamp = r'<time datetime="\d{4}-\d\d-\d\dT[\d:.]+\+00:00">\d{1,2} [A-Z][a-z]+ \d{4}</time>'
    assert re.search(stamp, page)


def test_progress_counts_the_questions_of_each_lens_on_the_row(reviews, client):
    lens = read_lens_file(LENS_FIXTURES / "minimal.json").lens
    reviews.import_lens(lens, "mini")
    builtin = reviews.catalog.get("wellarchitected").lens.question_count
    reviews.create_workload("both", lenses=["wellarchitected", "mini"])
    reviews.create_workload("custom", lenses=["mini"])
    reviews.repository.add_workload(new_workload("orphan", lenses=["gone"]))  # no such lens
    page = client.get("/workloads").text
    assert f"<span>0 of {builtin + lens.question_count} answered</span>" in page
    assert f'<progress class="meter" max="{lens.question_count}" value="0">0%</progress>' in page
    assert "<span>0 of 0 answered</span><span>0%</span>" in page
    assert '<progress class="meter" max="1" value="0">0%</progress>' in page


def test_search_filters_by_name_owner_and_lens(sample, client):
    sample.create_workload("payments-api", owner="Team Pay")
    assert "payments-api" in client.get("/workloads?q=pay").text
    assert "web-shop" not in client.get("/workloads?q=pay").text
    assert "web-shop" in client.get("/workloads?q=cart").text  # owner Team Cart
    page = client.get("/workloads?q=nothing-like-this").text
    assert "No workload matches" in page


def test_list_pages_through_many_workloads(reviews, client):
    for i in range(PAGE_SIZE + 5):
        reviews.create_workload(f"svc-{i:03d}")
    first = client.get("/workloads").text
    assert "svc-000" in first and f"svc-{PAGE_SIZE:03d}" not in first
    assert "Page 1 of 2" in first
    second = client.get("/workloads?page=2").text
    assert f"svc-{PAGE_SIZE:03d}" in second
    assert client.get("/workloads?page=0").status_code == 422


def test_create_form_lists_lenses_and_pillars(client):
    page = client.get("/new-workload").text
    assert 'value="wellarchitected" checked' in page
    assert 'value="interview"' in page
    assert '<option value="reliability">Reliability</option>' in page


def test_create_workload_with_every_field(client, reviews):
    response = client.submit(
        "/workloads",
        {
            "name": "web-shop",
            "description": "Shop",
            "environment": "pre-production",
            "owner": "Team Cart",
            "regions": "eu-west-1, us-east-1",
            "industry": "Retail",
            "architectural_design": "https://example.com/design",
            "notes": "n",
            "tags": "team=cart\ncost-center = 4711\n",
            "lenses": ["wellarchitected", "interview"],
            "priority_1": "security",
            "priority_2": "reliability",
        },
        page="/new-workload",
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/workloads/web-shop"
    workload = reviews.workload("web-shop")
    assert workload.environment.value == "pre-production"
    assert workload.regions == ("eu-west-1", "us-east-1")
    assert dict(workload.tags) == {"team": "cart", "cost-center": "4711"}
    assert workload.lenses == ("wellarchitected", "interview")
    assert workload.pillar_priorities == ("security", "reliability")
    assert "Created workload" in client.get("/workloads/web-shop").text  # flash message


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "ab"}, "names are 3–100 characters"),
        ({"name": "shop", "architectural_design": "ftp://x"}, "is not an http(s) url"),
        ({"name": "shop", "tags": "no-equals-sign"}, "must look like key=value"),
        ({"name": "shop", "priority_1": "nonsense"}, "unknown pillar"),
    ],
)
def test_create_refused_shows_the_form_again_with_the_input(client, fields, message):
    response = client.submit("/workloads", {"owner": "Kept Owner", **fields}, page="/new-workload")
    assert response.status_code == 422
    assert message in response.text
    assert 'value="Kept Owner"' in response.text


def test_create_duplicate_is_a_conflict(sample_client):
    response = sample_client.submit("/workloads", {"name": "web-shop"}, page="/new-workload")
    assert response.status_code == 409
    assert "already exists" in response.text


def test_edit_prefills_and_saves(sample_client, sample):
    page = sample_client.get("/workloads/web-shop/edit").text
    assert 'value="Team Cart"' in page
    assert 'name="name" value="web-shop"' in page
    response = sample_client.submit(
        "/workloads/web-shop/edit",
        {
            "name": "web-shop",
            "owner": "Team Checkout",
            "environment": "production",
            "lenses": ["wellarchitected"],
        },
        page="/workloads/web-shop/edit",
    )
    assert response.status_code == 303
    assert sample.workload("web-shop").owner == "Team Checkout"


def test_rename_keeps_the_review_and_moves_the_address(sample_client, sample):
    before = sample.report("web-shop")["lenses"]
    response = sample_client.submit(
        "/workloads/web-shop/edit",
        {"name": "web-shop-v2", "lenses": ["wellarchitected"]},
        page="/workloads/web-shop/edit",
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/workloads/web-shop-v2"
    assert sample.report("web-shop-v2")["lenses"] == before
    assert len(sample.milestones("web-shop-v2")) == 2
    assert sample_client.get("/workloads/web-shop").status_code == 404
    sample.create_workload("other")
    taken = sample_client.submit(
        "/workloads/other/edit", {"name": "web-shop-v2"}, page="/workloads/other/edit"
    )
    assert taken.status_code == 409 and "already exists" in taken.text
    assert 'value="web-shop-v2"' in taken.text  # what was typed is kept


def test_edit_refused_keeps_the_input(sample_client):
    response = sample_client.submit(
        "/workloads/web-shop/edit",
        {"owner": "Someone", "architectural_design": "not a url"},
        page="/workloads/web-shop/edit",
    )
    assert response.status_code == 422
    assert 'value="Someone"' in response.text


def test_delete_asks_first_then_deletes(sample_client, sample):
    page = sample_client.get("/workloads/web-shop/delete").text
    assert "This cannot be undone" in page
    assert "57 saved answers" in page and "2 milestones" in page
    response = sample_client.submit("/workloads/web-shop/delete", page="/workloads/web-shop/delete")
    assert response.status_code == 303
    with pytest.raises(NotFound):
        sample.workload("web-shop")
    assert "Deleted workload" in sample_client.get("/workloads").text


@pytest.mark.parametrize("suffix", ["", "/edit", "/delete", "/review", "/report.md"])
def test_unknown_workload_is_404(client, suffix):
    response = client.get(f"/workloads/nope{suffix}")
    assert response.status_code == 404
    assert "unknown workload" in response.text
