"""The shipped knowledge base: complete, lint-clean, and every runnable example runs."""

from __future__ import annotations

import pytest

from wellarch.content import Linter, load_pages, shipped_pages_dir

PILLARS = [
    "operational-excellence",
    "security",
    "reliability",
    "performance-efficiency",
    "cost-optimization",
    "sustainability",
]
TOPICS = [
    *PILLARS,
    "framework-overview",
    "reliability-metrics",
    "availability-nines",
    "disaster-recovery",
    "defense-in-depth",
    "caching-layers",
    "resilience-patterns",
    "data-store-choices",
    "interview-questions",
    "l6-vs-l7",
    "capacity-estimation",
]


@pytest.fixture(scope="module")
def pages():
    return {page.slug: page for page in load_pages()}


def test_the_shipped_pages_pass_lint_with_every_example_run():
    report = Linter(timeout=60).lint([shipped_pages_dir()])
    assert report.lines() == []
    assert report.files >= len(TOPICS)
    assert report.examples >= 8


def test_every_topic_of_the_issue_has_a_page(pages):
    assert set(TOPICS) <= set(pages)


@pytest.mark.parametrize("slug", PILLARS)
def test_each_pillar_page_has_principles_practices_checklist_and_trade_offs(pages, slug):
    headings = [h.text for h in pages[slug].document.headings if h.level == 2]
    for wanted in ("Design principles", "Key practices", "Review checklist"):
        assert wanted in headings, (slug, headings)
    assert "Trade-offs with the other pillars" in headings
    checklist = next(h for h in pages[slug].document.headings if h.text == "Review checklist")
    assert pages[slug].document.section(checklist).count("- [ ]") >= 4
    (table,) = [t for t in pages[slug].document.tables if "Other pillar" in t.rows[0]]
    assert len(table.rows) - 2 == 5  # one row per other pillar


def test_interview_page_has_25_questions_each_with_l6_and_l7_answers(pages):
    doc = pages["interview-questions"].document
    questions = [h for h in doc.headings if h.level == 3 and h.text.endswith("?")]
    assert len(questions) >= 25
    for question in questions:
        section = doc.section(question)
        assert "**L6 answer.**" in section and "**L7 answer.**" in section, question.text


def test_the_nines_table_uses_a_year_of_365_25_days(pages):
    body = pages["availability-nines"].body
    assert "| 99.9 % | three | 8 h 45 min 57 s |" in body
    assert "| 99.99 % | four | 52 min 35.7 s |" in body


def test_metrics_page_gives_the_formulas(pages):
    body = pages["reliability-metrics"].body
    for formula in (
        "availability = MTBF / (MTBF + MTTR)",
        "MTTR = total time spent in outage / number of outages",
        "MTBF = total operating time / number of failures",
    ):
        assert formula in body


def test_resilience_examples_use_the_libraries(pages):
    blocks = [b.code for b in pages["resilience-patterns"].document.code_blocks if b.runnable]
    code = "\n".join(blocks)
    assert "from tenacity import" in code and "wait_random_exponential" in code
    assert "import pybreaker" in code
    assert "QueuePool" in code and "sqlite:///" in code


def test_pages_are_published_and_for_both_levels_or_one(pages):
    for page in pages.values():
        assert page.meta.status == "published", page.slug
        assert set(page.meta.audience) <= {"L6", "L7"}
