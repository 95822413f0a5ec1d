"""Review speed (run by hand: `.venv/bin/python benchmarks/review.py`).

1. Answer all 57 questions of the built-in lens, then build and render the JSON and HTML
   reports — target: a full report under 150 ms.
2. List 10,000 workloads with their risk counts — target: under 200 ms.

Each figure is printed against the peer measured in the same run: the same data read back
with one plain SQL query through the sqlite3 module (the floor of any store), so the ratio
shows what wellarch's layers cost on top of the database itself.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.report import render_html
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository, sqlite_url


def median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="wellarch-bench-"))
    path = folder / "bench.db"
    database = Database(sqlite_url(path))
    database.ensure_ready()
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    lens = reviews.catalog.get("wellarchitected").lens
    reviews.create_workload("bench-shop")

    started = time.perf_counter()
    for i, (_, question) in enumerate(lens.questions()):
        chosen = tuple(c.id for c in question.practices[: 1 + i % len(question.practices)])
        reviews.answer("bench-shop", question.id, AnswerUpdate(selected=chosen))
    answer_all = (time.perf_counter() - started) * 1000

    json_report = median_ms(lambda: json.dumps(reviews.report("bench-shop")))
    html_report = median_ms(lambda: render_html(reviews.report("bench-shop")))

    def raw_answers() -> object:
        with sqlite3.connect(path) as conn:
            return conn.execute("select * from answers where workload_id = 1").fetchall()

    peer_answers = median_ms(raw_answers)

    # 10,000 workloads, a few answers each, inserted in bulk through the same tables.
    from wellarch.store import schema

    with database.engine.begin() as conn:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        conn.execute(
            schema.workloads.insert(),
            [
                {
                    "name": f"workload-{i:05d}",
                    "environment": "production",
                    "regions": [],
                    "tags": {},
                    "lenses": ["wellarchitected"],
                    "pillar_priorities": [],
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(10_000)
            ],
        )
    with database.engine.begin() as conn:
        ids = [
            r[0]
            for r in conn.exec_driver_sql("select id from workloads where name like 'workload-%'")
        ]
        conn.execute(
            schema.answers.insert(),
            [
                {
                    "workload_id": wid,
                    "lens": "wellarchitected",
                    "question_id": qid,
                    "selected": [],
                    "choice_na": {},
                    "source": "manual",
                    "risk": risk,
                    "version": 1,
                    "updated_at": now,
                }
                for wid in ids
                for qid, risk in (("REL09", "HIGH"), ("SEC01", "MEDIUM"), ("OPS01", "NONE"))
            ],
        )
    listing = median_ms(lambda: reviews.workloads())

    def raw_list() -> object:
        with sqlite3.connect(path) as conn:
            rows = conn.execute("select * from workloads order by name").fetchall()
            counts = conn.execute(
                "select workload_id, risk, count(*) from answers group by workload_id, risk"
            ).fetchall()
            return rows, counts

    peer_list = median_ms(raw_list)
    database.close()

    print(f"answer 57 questions (one transaction each): {answer_all:7.1f} ms")
    print(
        f"full report, JSON:  {json_report:7.1f} ms  (raw SQL read of the answers "
        f"{peer_answers:.1f} ms, ratio {json_report / peer_answers:.0f}x)  target 150 ms "
        f"{'ok' if json_report < 150 else 'MISSED'}"
    )
    print(
        f"full report, HTML:  {html_report:7.1f} ms  (ratio {html_report / peer_answers:.0f}x)"
        f"  target 150 ms {'ok' if html_report < 150 else 'MISSED'}"
    )
    print(
        f"list 10,000 workloads: {listing:6.1f} ms  (raw SQL {peer_list:.1f} ms, ratio "
        f"{listing / peer_list:.1f}x)  target 200 ms {'ok' if listing < 200 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
