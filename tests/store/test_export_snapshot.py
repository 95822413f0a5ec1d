"""``db export`` (SqlRepository.dump) reads one snapshot: writes that land while it runs are
either all in the export or not at all — never half of them."""

from __future__ import annotations

import sqlalchemy as sa

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository


def _reviews(database: Database) -> Reviews:
    return Reviews(SqlRepository(database), [BuiltinLensSource()])


def test_writes_during_an_export_are_not_in_it(databases):
    exporting = databases.open()
    writer = _reviews(databases.open(exporting.url))  # another process, its own engine
    writer.create_workload("shop")
    writer.answer("shop", "OPS01", AnswerUpdate(selected=()))

    fired = []

    def write_meanwhile(conn, cursor, statement, *args):
        if fired or "FROM workloads" not in statement:
            return
        fired.append(statement)
        # after the export read the workloads (and set its snapshot), another writer adds a
        # workload and changes an answer whose rows the export reads later
        writer.create_workload("late")
        writer.answer("late", "OPS01", AnswerUpdate(selected=()))
        writer.answer("shop", "OPS01", AnswerUpdate(notes="changed", expected_version=1))

    sa.event.listen(exporting.engine, "after_cursor_execute", write_meanwhile)
    try:
        dumped = SqlRepository(exporting).dump()
    finally:
        sa.event.remove(exporting.engine, "after_cursor_execute", write_meanwhile)
    assert fired, "the export never read the workloads"
    assert [w["name"] for w in dumped["workloads"]] == ["shop"]
    (answer,) = dumped["workloads"][0]["answers"]
    assert answer["version"] == 1 and answer["notes"] is None

    later = SqlRepository(exporting).dump()  # the next export has them all
    assert [w["name"] for w in later["workloads"]] == ["shop", "late"]
    assert later["workloads"][0]["answers"][0]["notes"] == "changed"


def test_an_export_leaves_no_transaction_open(databases):
    database = databases.open()
    reviews = _reviews(database)
    reviews.create_workload("shop")
    SqlRepository(database).dump()
    reviews.answer("shop", "OPS01", AnswerUpdate(selected=()))  # a writer is not held up
    assert SqlRepository(database).dump()["workloads"][0]["answers"][0]["version"] == 1
