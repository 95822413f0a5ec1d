"""SqlRepository.answers decodes answers once per change and never serves stale ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository
from wellarch.store import repository as repository_module


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
    with pytest.raises(TypeError):
        answers["SEC01"] = answers["OPS01"]  # type: ignore[index]
    assert set(reviews.repository.answers(workload, "wellarchitected")) == {"OPS01"}


def test_the_same_mapping_comes_back_until_an_answer_changes(database):
    reviews = _reviews(database)
    reviews.create_workload("shop")
    workload = reviews.workload("shop")
    reviews.answer("shop", "OPS01", AnswerUpdate(selected=()))
    first = reviews.repository.answers(workload, "wellarchitected")
    assert reviews.repository.answers(workload, "wellarchitected") is first
    reviews.answer("shop", "OPS01", AnswerUpdate(notes="later", expected_version=1))
    second = reviews.repository.answers(workload, "wellarchitected")
    assert second is not first and second["OPS01"].notes == "later"
    assert first["OPS01"].notes is None  # what a caller holds does not change under it


def _counting_decodes(monkeypatch) -> list[str]:
    decoded: list[str] = []
    real = repository_module._answer

    def counting(row):
        decoded.append(row.question_id)
        return real(row)

    monkeypatch.setattr(repository_module, "_answer", counting)
    return decoded


def test_only_the_answers_another_process_changed_are_decoded_again(databases, monkeypatch):
    first_db = databases.open()
    mine, theirs = _reviews(first_db), _reviews(databases.open(first_db.url))
    mine.create_workload("shop")
    workload = mine.workload("shop")
    for qid in ("OPS01", "OPS02", "SEC01", "REL01"):
        mine.answer("shop", qid, AnswerUpdate(selected=()))
    before = mine.repository.answers(workload, "wellarchitected")
    decoded = _counting_decodes(monkeypatch)
    theirs.answer("shop", "SEC01", AnswerUpdate(notes="changed", expected_version=1))
    theirs.answer("shop", "SEC02", AnswerUpdate(selected=()))
    decoded.clear()
    after = mine.repository.answers(workload, "wellarchitected")
    assert sorted(decoded) == ["SEC01", "SEC02"]
    assert after["SEC01"].notes == "changed" and after["SEC02"].version == 1
    assert after["OPS01"] is before["OPS01"]  # kept, not read again


def test_a_repository_reads_no_rows_after_its_own_saves(database, monkeypatch):
    """The answers it saved join its cache at the stamp the save ended with."""
    reviews = _reviews(database)
    reviews.create_workload("shop")
    workload = reviews.workload("shop")
    reviews.answer("shop", "OPS01", AnswerUpdate(selected=()))
    reviews.repository.answers(workload, "wellarchitected")
    decoded = _counting_decodes(monkeypatch)
    reviews.answer("shop", "OPS01", AnswerUpdate(notes="changed", expected_version=1))
    reviews.answer("shop", "SEC02", AnswerUpdate(selected=()))
    after = reviews.repository.answers(workload, "wellarchitected")
    assert decoded == []
    assert after["OPS01"].notes == "changed" and after["SEC02"].version == 1
    assert dict(after) == dict(SqlRepository(database).answers(workload, "wellarchitected"))


_QUESTIONS = ("OPS01", "OPS02", "SEC01", "REL09", "COST01")


_STEPS = st.lists(
    st.tuples(st.booleans(), st.sampled_from(_QUESTIONS), st.text(max_size=8)),
    min_size=1,
    max_size=12,
)


def test_a_cached_answer_set_always_equals_a_fresh_read(databases):
    """Two repositories (two processes) write in turn; each one's cached answers always equal
    what a repository with no cache reads."""
    first_db = databases.open()
    second_db = databases.open(first_db.url)
    sides = (_reviews(first_db), _reviews(second_db))
    names = iter(range(10_000))

    @settings(max_examples=30, deadline=None)
    @given(steps=_STEPS)
    def writes_in_turn(steps: list[tuple[bool, str, str]]) -> None:
        name = f"shop-{next(names)}"
        sides[0].create_workload(name)
        workload = sides[0].workload(name)
        for use_second, qid, notes in steps:
            writer = sides[use_second]
            current = writer.repository.answers(workload, "wellarchitected").get(qid)
            version = current.version if current else 0
            update = AnswerUpdate(notes=notes.replace("\0", ""), expected_version=version)
            writer.answer(name, qid, update)
            fresh = SqlRepository(first_db).answers(workload, "wellarchitected")
            for side in sides:
                assert dict(side.repository.answers(workload, "wellarchitected")) == dict(fresh)

    writes_in_turn()


def test_a_lens_review_is_evaluated_once_per_change(database):
    reviews = _reviews(database)
    reviews.create_workload("shop")
    workload = reviews.workload("shop")
    first = reviews.lens_review(workload, "wellarchitected")
    assert reviews.lens_review(workload, "wellarchitected") is first
    reviews.answer("shop", "REL09", AnswerUpdate(none_of_these=True))
    second = reviews.lens_review(workload, "wellarchitected")
    assert second is not first
    risks = {q.question.id: q.risk.value for _, q in second.questions()}
    assert risks["REL09"] == "HIGH"
