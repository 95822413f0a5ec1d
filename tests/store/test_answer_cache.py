"""SqlRepository.answers decodes answers once per change and never serves stale ones."""

from __future__ import annotations

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository


def _reviews(database: Database) -> Reviews:
    return Reviews(SqlRepository(database), [BuiltinLensSource()])


def test_a_change_from_another_process_is_seen(databases):
    first_db = databases.open()
    second_db = databases.open(first_db.url)
    mine, theirs = _reviews(first_db), _reviews(second_db)
    mine.create_workload("shop")
    workload = mine.workload("shop")
    mine.answer("shop", "OPS01", AnswerUpdate(selected=("ops_priorities_ext_cust_needs",)))
    assert mine.repository.answers(workload, "wellarchitected")["OPS01"].version == 1

    # another process (its own repository and engine) changes the answer, then adds one
    theirs.answer("shop", "OPS01", AnswerUpdate(selected=(), expected_version=1))
    seen = mine.repository.answers(workload, "wellarchitected")
    assert seen["OPS01"].version == 2 and seen["OPS01"].selected == ()
    theirs.answer("shop", "SEC01", AnswerUpdate(selected=()))
    assert set(mine.repository.answers(workload, "wellarchitected")) == {"OPS01", "SEC01"}

    theirs.delete_workload("shop")
    theirs.create_workload("shop")
    again = mine.workload("shop")
    assert mine.repository.answers(again, "wellarchitected") == {}


def test_callers_cannot_change_the_cached_answers(database):
    reviews = _reviews(database)
    reviews.create_workload("shop")
    reviews.answer("shop", "OPS01", AnswerUpdate(selected=()))
    workload = reviews.workload("shop")
    answers = reviews.repository.answers(workload, "wellarchitected")
    answers.clear()
    assert set(reviews.repository.answers(workload, "wellarchitected")) == {"OPS01"}
