"""The resumable study session: the same cards in the same order as ``StudySession``, with
only a small state carried between answers (as a web page does)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from wellarch.content.flashcards import Card
from wellarch.content.progress import InMemoryProgress, next_due
from wellarch.content.repetition import (
    CardState,
    ResumableSession,
    SessionState,
    StudySession,
)
from wellarch.errors import InputError

DAY = date(2025, 3, 1)


def deck(count: int) -> list[Card]:
    return [Card(f"c{i}", f"front {i}", f"back {i}", ("t",), "term", "p") for i in range(count)]


def progress_with_due() -> InMemoryProgress:
    progress = InMemoryProgress()
    progress.put("c3", CardState(repetitions=1, interval=1, due=DAY - timedelta(days=2)))
    progress.put("c5", CardState(repetitions=1, interval=1, due=DAY))
    progress.put("c7", CardState(repetitions=2, interval=6, due=DAY + timedelta(days=3)))
    return progress


def run_resumable(cards, progress, grades, new_limit):
    """Answer with ``grades`` (card id → list of grades), rebuilding the session every time."""
    asked, state = [], SessionState()
    while True:
        session = ResumableSession(cards, progress, DAY, state, new_limit=new_limit)
        card = session.next()
        if card is None:
            return asked, state
        asked.append(card.id)
        session.grade(card.id, grades[card.id].pop(0))
        state = session.state


def run_classic(cards, progress, grades, new_limit):
    session = StudySession(cards, progress, DAY, new_limit=new_limit)
    asked = []
    while (card := session.next()) is not None:
        asked.append(card.id)
        session.grade(card, grades[card.id].pop(0))
    return asked


def test_asks_due_cards_oldest_first_then_new_ones_up_to_the_limit():
    session = ResumableSession(deck(10), progress_with_due(), DAY, new_limit=2)
    assert [card.id for card in session.fresh] == ["c3", "c5", "c0", "c1"]
    assert session.remaining == 4 and not session.done


@pytest.mark.parametrize("seed", range(5))
def test_same_order_and_schedules_as_the_study_session(seed):
    rng = random.Random(seed)
    grades = {f"c{i}": [rng.randint(0, 5) for _ in range(3)] + [5] * 10 for i in range(12)}
    classic_progress, resumable_progress = progress_with_due(), progress_with_due()
    classic = run_classic(deck(12), classic_progress, {k: list(v) for k, v in grades.items()}, 4)
    resumable, state = run_resumable(deck(12), resumable_progress, grades, 4)
    assert resumable == classic
    assert resumable_progress.all() == classic_progress.all()
    assert state.answered == len(classic) and state.again == ()


def test_a_card_below_4_comes_back_and_is_scheduled_once():
    progress = InMemoryProgress()
    session = ResumableSession(deck(2), progress, DAY, new_limit=10)
    first = session.grade("c0", 2)
    assert first is not None and first.due == DAY + timedelta(days=1) and first.lapses == 1
    assert session.state == SessionState(again=("c0",), new_seen=1, answered=1)
    session.grade("c1", 5)
    resumed = ResumableSession(deck(2), progress, DAY, session.state, new_limit=10)
    card = resumed.next()
    assert card is not None and card.id == "c0" and resumed.is_repeat(card)
    assert resumed.grade("c0", 5) is None  # a repeat leaves the schedule alone
    assert progress.get("c0") == first
    assert resumed.done and resumed.state.again == ()


def test_the_new_card_limit_holds_across_answers():
    progress, state = InMemoryProgress(), SessionState()
    for _ in range(3):
        session = ResumableSession(deck(10), progress, DAY, state, new_limit=3)
        card = session.next()
        assert card is not None
        session.grade(card.id, 5)
        state = session.state
    assert ResumableSession(deck(10), progress, DAY, state, new_limit=3).done
    assert state.new_seen == 3


def test_a_state_naming_unknown_or_repeated_cards_is_cleaned():
    state = SessionState(again=("gone", "c1", "c1"), new_seen=-4)
    session = ResumableSession(deck(2), InMemoryProgress(), DAY, state, new_limit=1)
    assert session.state.again == ("c1",) and session.state.new_seen == 0
    assert [card.id for card in session.fresh] == ["c0"]


@pytest.mark.parametrize(("card_id", "quality"), [("c1", 5), ("c0", 6), ("c0", -1)])
def test_grading_the_wrong_card_or_out_of_range_is_refused(card_id, quality):
    session = ResumableSession(deck(2), InMemoryProgress(), DAY)
    with pytest.raises(InputError):
        session.grade(card_id, quality)


def test_next_due_is_the_first_day_after_today():
    progress = progress_with_due()
    ids = [card.id for card in deck(10)]
    assert next_due(ids, progress, DAY) == DAY + timedelta(days=3)
    assert next_due(["c0"], progress, DAY) is None
