"""Workload lists: the SQL page (filtered and totalled in the database, risk counts kept on
each workload) agrees with the in-memory reference, and the counts never drift."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, InMemoryRepository, Reviews
from wellarch.samples import load_webshop
from wellarch.store import Database, SqlRepository


def both(database: Database) -> list[Reviews]:
    sources = [BuiltinLensSource()]
    return [Reviews(InMemoryRepository(), sources), Reviews(SqlRepository(database), sources)]


WORKLOADS = [
    ("web-shop", "Team Payments", "production"),
    ("web_shop_eu", "team-payments", "pre-production"),
    ("100%-uptime", None, "production"),
    ("Analytics", "data", "production"),
    ("analytics-dev", "Data", "pre-production"),
]
QUERIES = [
    "",
    "shop",
    "SHOP",
    "web_",
    "web%",
    "%",
    "_",
    "payments prod",
    "data",
    "interview",
    "wellarchitected",
    "zzz",
    "100%",
    "\\",
]


def fill(reviews: Reviews) -> None:
    for name, owner, environment in WORKLOADS:
        reviews.create_workload(name, owner=owner, environment=environment)
    reviews.answer("web-shop", "OPS01", AnswerUpdate(selected=()))  # high
    reviews.answer("web-shop", "SEC01", AnswerUpdate(selected=()))
    reviews.answer("Analytics", "REL01", AnswerUpdate(selected=()))


@pytest.mark.parametrize("query", QUERIES)
def test_sql_page_matches_the_reference(database, query):
    memory, sql = both(database)
    fill(memory)
    fill(sql)
    for offset, limit in [(0, None), (0, 2), (2, 2), (4, 10), (9, 3)]:
        expected = memory.workload_page(query, offset, limit)
        found = sql.workload_page(query, offset, limit)
        assert [s.name for s in found.summaries] == [s.name for s in expected.summaries]
        assert [dict(s.risks) for s in found.summaries] == [
            dict(s.risks) for s in expected.summaries
        ]
        assert (found.matched, found.total, dict(found.risks)) == (
            expected.matched,
            expected.total,
            dict(expected.risks),
        )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        st.text(alphabet="ab_%-xÉé", min_size=3, max_size=6).filter(lambda n: n.strip() == n),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    query=st.text(alphabet="ab_%-xÉé ", max_size=4),
)
def test_any_search_agrees_with_the_reference(databases, names, query):
    db = databases.open()
    memory, sql = both(db)
    for reviews in (memory, sql):
        for name in names:
            reviews.create_workload(name)
    assert [s.name for s in sql.workload_page(query).summaries] == [
        s.name for s in memory.workload_page(query).summaries
    ]
    db.close()


def test_counts_follow_every_save_and_survive_export_and_import(database, databases):
    reviews = both(database)[1]
    load_webshop(reviews)
    summary = reviews.workload_page("web-shop").summaries[0]
    answers = reviews.repository.answers(reviews.workload("web-shop"), "wellarchitected")
    by_risk: dict[str, int] = {}
    for risk in (r.value for r in _risks(reviews)):
        by_risk[risk] = by_risk.get(risk, 0) + 1
    assert dict(summary.risks) == {k: v for k, v in by_risk.items() if k != "UNANSWERED"}
    assert summary.answered == len(answers)

    dump = reviews.repository.dump()
    assert "risk_high" not in dump["workloads"][0]
    copy = Reviews(SqlRepository(databases.open()), [BuiltinLensSource()])
    copy.repository.load(dump)
    assert copy.workload_page().summaries == reviews.workload_page().summaries


def _risks(reviews: Reviews):
    workload = reviews.workload("web-shop")
    return [q.risk for r in reviews.lens_reviews(workload) for _, q in r.questions() if q.answer]


def test_migration_backfills_the_counts(databases):
    database = databases.open(ready=False)
    with database.engine.begin() as conn:
        command.upgrade(database._config(conn), "0004")
        conn.exec_driver_sql(
            "INSERT INTO workloads (id, name, environment, regions, tags, lenses, "
            "pillar_priorities, created_at, updated_at) VALUES (1, 'old', 'PRODUCTION', '[]', "
            "'{}', '[\"wellarchitected\"]', '[]', '2026-01-01', '2026-01-01')"
        )
        for qid, risk in [("OPS01", "HIGH"), ("OPS02", "HIGH"), ("SEC01", "MEDIUM")]:
            conn.exec_driver_sql(
                "INSERT INTO answers (workload_id, lens, question_id, selected, choice_na, "
                f"source, risk, version, updated_at) VALUES (1, 'wellarchitected', '{qid}', "
                f"'[]', '{{}}', 'MANUAL', '{risk}', 1, '2026-01-01')"
            )
    database.upgrade()
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    page = reviews.workload_page()
    assert dict(page.summaries[0].risks) == {"HIGH": 2, "MEDIUM": 1}
    assert dict(page.risks) == {"HIGH": 2, "MEDIUM": 1}


def test_concurrent_writers_to_one_workload_lose_nothing(database):
    """Four writers answer one workload's questions and add milestones at once: the risk
    counts match the answers, and every milestone gets its own number (PostgreSQL runs them
    truly at once; SQLite has them take turns)."""
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    reviews.create_workload("shop")
    lens = reviews.catalog.get("wellarchitected").lens
    questions = [question.id for _, question in lens.questions()]
    failures: list[BaseException] = []

    def write(part: int) -> None:
        mine = Reviews(SqlRepository(database), [BuiltinLensSource()])
        try:
            for n, qid in enumerate(questions[part::4]):
                mine.answer("shop", qid, AnswerUpdate(none_of_these=True))
                if n % 5 == 0:
                    mine.create_milestone("shop", f"writer {part}, step {n}")
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(part,)) for part in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    summary = reviews.workload_page().summaries[0]
    answers = reviews.repository.answers(reviews.workload("shop"), "wellarchitected")
    assert summary.answered == len(answers) == len(questions)
    numbers = [m.number for m in reviews.milestones("shop")]
    assert numbers == list(range(1, len(numbers) + 1))
