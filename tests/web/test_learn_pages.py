"""The knowledge-base pages: topics by group with filters, search, a page rendered safely,
and the 404 page that suggests a search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wellarch.content.loader import load_page, load_pages
from wellarch.web.learn import Knowledge, group_of, highlight
from wellarch.web.markdown import markdown_html, page_resolver

FRONT = """---
title: {title}
summary: A page made for a test.
content_type: guide
audience: [L6]
difficulty: beginner
tags: [{tags}]
last_updated: 2026-01-01
version: "1.0"
status: published
---
"""


def write_page(folder: Path, slug: str, body: str, *, title: str = "Test page", tags="test"):
    path = folder / f"{slug}.md"
    path.write_text(FRONT.format(title=title, tags=tags) + body, encoding="utf-8")
    return load_page(path)


def test_topics_are_listed_by_group_with_every_page(client):
    response = client.get("/learn")
    assert response.status_code == 200
    text = response.text
    for heading in ("The framework and its pillars", "Patterns", "Interview preparation"):
        assert heading in text
    for page in load_pages():
        assert f'href="/learn/{page.slug}"' in text
    # The framework overview comes first among the pillars, then the pillars in AWS order.
    pillars = re.findall(r'href="/learn/([a-z-]+)">', text.split('id="group-pillars"')[1])[:4]
    assert pillars == ["framework-overview", "operational-excellence", "security", "reliability"]


def test_tag_and_level_filters(client):
    text = client.get("/learn", params={"tag": "caching"}).text
    assert 'href="/learn/caching-layers"' in text
    assert 'href="/learn/security"' not in text
    tagged = [page for page in load_pages() if "caching" in page.meta.tags]
    assert f"{len(tagged)} topics of {len(load_pages())} tagged" in text
    assert text.count('class="topic-card"') == len(tagged)
    assert client.get("/learn", params={"level": "L7"}).status_code == 200


def test_an_unknown_tag_is_an_empty_state_not_an_error(client):
    response = client.get("/learn", params={"tag": "<nope>"})
    assert response.status_code == 200
    assert "There is no tag “&lt;nope&gt;”" in response.text
    assert "<nope>" not in response.text
    assert 'href="/learn?q=%3Cnope%3E"' in response.text


def test_an_unknown_level_is_refused(client):
    assert client.get("/learn", params={"level": "L9"}).status_code == 422


def test_search_ranks_pages_and_highlights_the_words(client):
    response = client.get("/learn", params={"q": "circuit breaker"})
    assert response.status_code == 200
    hits = re.findall(r'class="hit-title" href="/learn/([a-z-]+)"', response.text)
    assert hits[0] == "resilience-patterns"
    assert f"{len(hits)} pages match “circuit breaker”" in response.text
    assert "<mark>circuit</mark>" in response.text.lower()
    # The result links to the section of the best line.
    assert re.search(r'href="/learn/interview-questions#[a-z0-9-]+">In “How would', response.text)


def test_search_text_is_escaped(client):
    response = client.get("/learn", params={"q": "<script>alert(1)</script> retry"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;" in response.text


def test_search_without_results_says_what_to_do(client):
    text = client.get("/learn", params={"q": "blockchain"}).text
    assert "No page matches “blockchain”" in text and "Browse all topics" in text
    text = client.get("/learn", params={"q": "the how what"}).text
    assert "is too common to search for" in text
    text = client.get("/learn", params={"q": "retry", "tag": "security"}).text
    assert "search without the filters" in text


def test_search_respects_the_filters(client):
    text = client.get("/learn", params={"q": "encryption", "tag": "security"}).text
    hits = re.findall(r'class="hit-title" href="/learn/([a-z-]+)"', text)
    assert hits and all(slug in {"security", "defense-in-depth"} for slug in hits)


def test_a_page_has_its_contents_metadata_and_neighbours(client):
    response = client.get("/learn/resilience-patterns")
    assert response.status_code == 200
    text = response.text
    page = next(p for p in load_pages() if p.slug == "resilience-patterns")
    for heading in page.document.headings:
        if heading.level in (2, 3):
            assert f'href="#{heading.anchor}"' in text  # table of contents
            assert f'id="{heading.anchor}"' in text  # the anchor it points to
    assert text.count("<h1") == 1  # the Markdown title is not repeated
    assert 'href="/learn?tag=circuit-breaker"' in text
    assert "Advanced" in text and "L6 · L7" in text
    assert 'href="/learn/reliability"' in text  # prerequisite / related
    assert 'rel="prev"' in text and 'rel="next"' in text
    assert '<div class="code-block"><span class="code-lang">python</span>' in text
    assert 'class="table"' in text
    assert 'href="https://tenacity.readthedocs.io/" class="external"' in text
    assert 'href="/study/cards?page=resilience-patterns"' in text


def test_internal_links_point_at_learn_pages(client):
    text = client.get("/learn/framework-overview").text
    assert 'href="/learn/operational-excellence"' in text
    assert not re.search(r'href="[^"]*\.md', text)


def test_an_unknown_page_is_a_404_that_suggests_a_search(client):
    response = client.get("/learn/circuit-breakers")
    assert response.status_code == 404
    assert "No topic “circuit-breakers”" in response.text
    assert 'name="q" value="circuit breakers"' in response.text
    assert 'href="/learn/resilience-patterns"' in response.text


def test_raw_html_and_unsafe_links_in_a_page_are_not_rendered(app, client, tmp_path):
    body = (
        "# Test page\n\n## Attack <script>alert(1)</script>\n\n"
        "<script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n\n"
        "[click](javascript:alert(4)) [data](data:text/html,hi) [ok](other.md#intro) "
        '[web](https://example.com/a"b)\n\n![pic](https://example.com/p.png)\n'
    )
    page = write_page(tmp_path, "evil", body)
    other = write_page(tmp_path, "other", "# Other\n\n## Intro\n", title="Other page")
    app.state.knowledge = Knowledge([page, other], [])
    response = client.get("/learn/evil")
    assert response.status_code == 200
    text = response.text
    assert "<script>alert" not in text and "<img" not in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(3)&gt;" in text
    assert 'href="javascript' not in text and 'href="data:' not in text
    assert 'href="/learn/other#intro"' in text
    assert 'href="https://example.com/a%22b"' in text
    assert ">Image: pic</a>" in text and 'src="https://example.com' not in text
    # The heading's anchor matches the table of contents.
    assert 'id="attack-scriptalert1script"' in text and 'href="#attack-scriptalert1script"' in text


def test_highlight_marks_matching_words_and_escapes_the_rest():
    html = str(highlight("Retries & <b>backoff</b>", "retry backoffs"))
    assert html == "<mark>Retries</mark> &amp; &lt;b&gt;<mark>backoff</mark>&lt;/b&gt;"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("other.md", "/learn/other"),
        ("./other.md#a-b", "/learn/other#a-b"),
        ("missing.md", None),
        ("#local", "#local"),
        ("https://example.com/x", "https://example.com/x"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("image.png", None),
    ],
)
def test_the_page_resolver(href, expected):
    assert page_resolver({"other"})(href) == expected


def test_markdown_alignment_becomes_a_class_not_a_style():
    html = markdown_html("| a | b |\n|--:|:-:|\n| 1 | 2 |\n", resolve=lambda _: None)
    assert "style=" not in html
    assert '<th class="align-right">a</th>' in html and '<td class="align-center">2</td>' in html


def test_every_shipped_page_has_a_group():
    assert {group_of(page) for page in load_pages()} <= {
        "pillars",
        "patterns",
        "metrics",
        "tutorials",
        "interview",
        "guides",
        "checklists",
    }
