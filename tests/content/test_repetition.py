"""SM-2 scheduling and the study session's queue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wellarch.content.flashcards import Card
from wellarch.content.progress import InMemoryProgress
from wellarch.content.repetition import MIN_EASINESS, CardState, StudySession, review
from wellarch.errors import InputError

DAY = date(2025, 3, 1)


def test_intervals_are_1_then_6_then_times_easiness_rounded_up():
    state = CardState()
    intervals = []
    for _ in range(4):
        state = review(state, 4, DAY)  # grade 4 keeps the easiness factor at 2.5
        intervals.append(state.interval)
    assert intervals == [1, 6, 15, 38]  # 6 × 2.5 = 15, 15 × 2.5 = 37.5 → 38
    assert state.easiness == pytest.approx(2.5)
    assert state.repetitions == 4 and state.reviews == 4
    assert state.due == DAY + timedelta(days=38)


@pytest.mark.parametrize(("quality", "change"), [(5, 0.10), (4, 0.0), (3, -0.14)])
def test_easiness_changes_by_the_sm2_formula(quality, change):
    assert review(CardState(), quality, DAY).easiness == pytest.approx(2.5 + change)


def test_easiness_never_drops_below_1_3():
    state = CardState(easiness=1.35)
    for _ in range(5):
        state = review(state, 3, DAY)
    assert state.easiness == MIN_EASINESS


@pytest.mark.parametrize("quality", [0, 1, 2])
def test_a_wrong_answer_restarts_the_intervals_and_keeps_easiness(quality):
    learned = CardState(repetitions=5, interval=40, easiness=2.2, due=DAY)
    state = review(learned, quality, DAY)
    assert (state.repetitions, state.interval, state.due) == (0, 1, DAY + timedelta(days=1))
    assert state.easiness == 2.2 and state.lapses == 1
    assert review(state, 5, DAY).interval == 1  # then 1, 6, ... again
    assert review(review(state, 5, DAY), 5, DAY).interval == 6


@pytest.mark.parametrize("quality", [-1, 6])
def test_grades_outside_0_to_5_are_refused(quality):
    with pytest.raises(InputError):
        review(CardState(), quality, DAY)


def card(n: int) -> Card:
    return Card(f"c{n}", f"front {n}", f"back {n}", ("t",), "hand-written", "test")


def test_session_asks_due_cards_oldest_first_then_new_ones_up_to_the_limit():
    progress = InMemoryProgress()
    progress.put("c1", CardState(repetitions=1, interval=1, due=DAY))
    progress.put("c2", CardState(repetitions=2, interval=6, due=DAY - timedelta(days=3)))
    progress.put("c3", CardState(repetitions=2, interval=6, due=DAY + timedelta(days=1)))
    cards = [card(n) for n in range(1, 8)]
    session = StudySession(cards, progress, DAY, new_limit=2)
    assert [c.id for c in session.queue] == ["c2", "c1", "c4", "c5"]
    assert [c.id for c in StudySession(cards, progress, DAY, limit=3).queue] == ["c2", "c1", "c4"]


def test_cards_below_4_are_asked_again_but_scheduled_once():
    progress = InMemoryProgress()
    session = StudySession([card(1), card(2)], progress, DAY)
    first = session.next()
    assert first is not None and first.id == "c1"
    scheduled = session.grade(first, 3)
    assert scheduled is not None and scheduled.interval == 1
    assert [c.id for c in session.queue] == ["c2", "c1"]
    session.grade(session.queue[0], 5)
    assert session.grade(session.queue[0], 2) is None  # a repeat: no new schedule
    assert session.grade(session.queue[0], 4) is None
    assert session.done and session.repeats == 2
    assert progress.get("c1") == scheduled  # the first grade of the day counts
    assert progress.get("c2").interval == 1


def test_grading_a_card_that_is_not_asked_is_refused():
    session = StudySession([card(1), card(2)], InMemoryProgress(), DAY)
    with pytest.raises(InputError, match="not the one being asked"):
        session.grade(card(2), 5)
