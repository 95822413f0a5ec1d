"""Full-text search: ranking, phrases, snippets."""

from __future__ import annotations

import pytest

from wellarch.content import load_pages
from wellarch.content.search import SearchIndex, tokenize


@pytest.fixture(scope="module")
def index():
    return SearchIndex(load_pages())


def test_tokenize_lowercases_stems_and_drops_stop_words():
    assert tokenize("The Retries of Circuit-Breakers, caches and 99.9%") == [
        "retry",
        "circuit",
        "breaker",
        "cache",
        "99",
        "9",
    ]
    assert tokenize("what is it", keep_stop_words=True) == ["what", "is", "it"]


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("circuit breaker", "resilience-patterns"),
        ("exponential backoff jitter", "resilience-patterns"),
        ("RTO RPO MTTR", "reliability-metrics"),
        ("pilot light warm standby", "disaster-recovery"),
        ("cache-aside write-behind", "caching-layers"),
        ("WAF security groups", "defense-in-depth"),
        ("peak factor storage", "capacity-estimation"),
        ("bar raiser", "l6-vs-l7"),
        ("downtime per year", "availability-nines"),
    ],
)
def test_the_expected_page_ranks_first(index, query, best):
    hits = index.search(query)
    assert hits[0].page.slug == best, [(h.page.slug, round(h.score, 1)) for h in hits[:3]]


def test_pages_with_more_query_words_rank_first(index):
    hits = index.search("circuit kubernetes")
    assert all(hit.matched == 1 for hit in hits)
    hits = index.search("circuit breaker jitter")
    assert [hit.matched for hit in hits] == sorted((hit.matched for hit in hits), reverse=True)


def test_hits_carry_a_snippet_and_its_line(index):
    hit = index.search("circuit breaker")[0]
    assert "circuit breaker" in hit.snippet.lower()
    line = hit.page.path.read_text(encoding="utf-8").splitlines()[hit.line - 1]
    assert "circuit breaker" in line.lower()


def test_no_match_and_empty_query(index):
    assert index.search("kafka zookeeper") == []
    assert index.search("the of and") == []


def test_limit(index):
    assert len(index.search("reliability", limit=2)) == 2
