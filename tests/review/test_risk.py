"""LensReview.evaluate: risks from answers, and the incremental path that reuses a review."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review.answer import Answer
from wellarch.review.risk import LensReview, Risk

ENTRY = BuiltinLensSource().get("wellarchitected")
assert ENTRY is not None
QUESTIONS = [q for _, q in ENTRY.lens.questions()]


def _answer(index: int, picked: int, version: int) -> Answer:
    question = QUESTIONS[index]
    chosen = tuple(c.id for c in question.practices[: picked % (len(question.practices) + 1)])
    return Answer("wellarchitected", question.id, selected=chosen, version=version)


def _risks(review: LensReview) -> dict[str, Risk]:
    return {q.question.id: q.risk for _, q in review.questions()}


def test_an_unchanged_answer_set_reuses_every_pillar():
    answers = {QUESTIONS[0].id: _answer(0, 1, 1)}
    first = LensReview.evaluate(ENTRY, answers)
    again = LensReview.evaluate(ENTRY, dict(answers), first)
    assert all(a is b for a, b in zip(first.pillars, again.pillars, strict=True))


def test_one_changed_answer_is_evaluated_again_and_its_pillar_only():
    answers = {q.id: _answer(i, 1, 1) for i, q in enumerate(QUESTIONS)}
    first = LensReview.evaluate(ENTRY, answers)
    changed = QUESTIONS[-1]
    answers[changed.id] = replace(answers[changed.id], selected=(), version=2)
    second = LensReview.evaluate(ENTRY, answers, first)
    assert _risks(second) == _risks(LensReview.evaluate(ENTRY, answers))
    kept = [a is b for a, b in zip(first.pillars, second.pillars, strict=True)]
    assert kept == [True] * (len(kept) - 1) + [False]  # the last pillar holds the question
    assert second.pillars[-1].questions[-1].answer is answers[changed.id]


def test_a_review_of_another_lens_entry_is_not_reused():
    other = replace(ENTRY)
    first = LensReview.evaluate(other, {})
    second = LensReview.evaluate(ENTRY, {}, first)
    assert all(a is not b for a, b in zip(first.pillars, second.pillars, strict=True))


_CHANGES = st.lists(
    st.tuples(st.integers(0, len(QUESTIONS) - 1), st.integers(0, 12), st.booleans()),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(changes=_CHANGES)
def test_evaluating_from_a_previous_review_equals_evaluating_afresh(changes):
    answers: dict[str, Answer] = {}
    review = LensReview.evaluate(ENTRY, answers)
    for index, picked, remove in changes:
        qid = QUESTIONS[index].id
        if remove:
            answers.pop(qid, None)
        else:
            version = answers[qid].version + 1 if qid in answers else 1
            answers[qid] = _answer(index, picked, version)
        review = LensReview.evaluate(ENTRY, dict(answers), review)
        fresh = LensReview.evaluate(ENTRY, answers)
        assert review == fresh
