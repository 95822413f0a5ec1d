"""Loading pages: valid ones become Page objects, invalid ones name their file and line."""

from __future__ import annotations

import pytest

from wellarch.content import find_page, load_page, load_pages, parse_page
from wellarch.errors import InputError, NotFound


def test_parse_page_splits_front_matter_and_body():
    parsed = parse_page(
        "---\ntitle: T\nsummary: S\ncontent_type: guide\naudience: [L6]\n"
        "difficulty: beginner\ntags: [t]\nlast_updated: 2025-01-01\nversion: '1'\n"
        "status: draft\n---\n# Heading\n",
        file="x.md",
    )
    assert parsed.issues == ()
    assert parsed.meta is not None and parsed.meta.title == "T"
    assert parsed.body == "# Heading\n"
    assert parsed.body_line == 12


def test_load_page_and_directory(content_fixtures):
    pages = load_pages(content_fixtures / "good")
    assert [page.slug for page in pages] == ["good-page", "other-page"]
    page = pages[0]
    assert page.title == "A page that passes every rule"
    assert page.document.headings[0].line == page.body_line + 1


def test_load_page_raises_at_the_first_problem(content_fixtures):
    with pytest.raises(InputError) as raised:
        load_page(content_fixtures / "bad" / "missing-field.md")
    message = str(raised.value)
    assert message.endswith("missing-field.md:9: missing required field 'summary' (and 1 more)")


def test_load_page_of_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read the page"):
        load_page(tmp_path / "gone.md")


def test_find_page_by_slug_prefix_and_title(content_fixtures):
    pages = load_pages(content_fixtures / "good")
    assert find_page(pages, "other-page.md").slug == "other-page"
    assert find_page(pages, "good").slug == "good-page"
    assert find_page(pages, "passes every").slug == "good-page"
    with pytest.raises(InputError, match="ambiguous"):
        find_page(pages, "page")
    with pytest.raises(NotFound, match="no topic 'kafka'"):
        find_page(pages, "kafka")
