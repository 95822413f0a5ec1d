"""Spaced repetition with SM-2, and a study session that follows its rules.

SM-2 (P. Woźniak, 1987), as implemented here:

- every answer is graded 0–5 (5 perfect, 3 correct with difficulty, below 3 wrong);
- a correct answer (3 or more) moves the card along the intervals 1 day, 6 days, then the
  previous interval times the card's easiness factor, rounded up to whole days;
- the easiness factor starts at 2.5 and changes by ``0.1 − (5 − q) × (0.08 + (5 − q) × 0.02)``
  after each correct answer, never dropping below 1.3;
- a wrong answer (below 3) restarts the card's intervals from the beginning and leaves its
  easiness factor unchanged;
- within a session, cards graded below 4 are asked again until they score 4 or more; only
  the first grade of the day changes the schedule.

Example:
    >>> from datetime import date
    >>> state = review(CardState(), 5, date(2025, 1, 1))
    >>> state.interval, state.due, round(state.easiness, 2)
    (1, datetime.date(2025, 1, 2), 2.6)
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from wellarch.content.flashcards import Card
from wellarch.errors import InputError

__all__ = ["MIN_EASINESS", "CardState", "ProgressStore", "StudySession", "review"]

MIN_EASINESS = 1.3
START_EASINESS = 2.5
#: The grade below which an answer counts as forgotten, and the one a session drills up to.
PASS, GOOD = 3, 4


@dataclass(frozen=True, slots=True)
class CardState:
    """The SM-2 schedule of one card; a card never reviewed has ``due`` ``None``."""

    repetitions: int = 0
    interval: int = 0
    easiness: float = START_EASINESS
    due: date | None = None
    last_review: date | None = None
    reviews: int = 0
    lapses: int = 0

    def is_due(self, today: date) -> bool:
        return self.due is None or self.due <= today


def review(state: CardState, quality: int, today: date) -> CardState:
    """The schedule after answering a card with grade ``quality`` (0–5) on ``today``."""
    if not 0 <= quality <= 5:
        raise InputError(f"a grade is 0 to 5, not {quality}")
    if quality < PASS:
        return replace(
            state,
            repetitions=0,
            interval=1,
            due=today + timedelta(days=1),
            last_review=today,
            reviews=state.reviews + 1,
            lapses=state.lapses + 1,
        )
    if state.repetitions == 0:
        interval = 1
    elif state.repetitions == 1:
        interval = 6
    else:
        interval = math.ceil(state.interval * state.easiness)
    miss = 5 - quality
    easiness = max(MIN_EASINESS, state.easiness + 0.1 - miss * (0.08 + miss * 0.02))
    return replace(
        state,
        repetitions=state.repetitions + 1,
        interval=interval,
        easiness=easiness,
        due=today + timedelta(days=interval),
        last_review=today,
        reviews=state.reviews + 1,
    )


class ProgressStore(Protocol):
    """Where card schedules are kept (see :mod:`wellarch.content.progress`)."""

    def get(self, card_id: str) -> CardState | None: ...

    def put(self, card_id: str, state: CardState) -> None: ...


class StudySession:
    """One sitting: due cards first (oldest due first), then up to ``new_limit`` new ones.

    Call :meth:`next` for the card to ask and :meth:`grade` with the answer's grade; cards
    graded below 4 come back at the end of the queue.
    """

    def __init__(
        self,
        cards: Sequence[Card],
        progress: ProgressStore,
        today: date,
        *,
        new_limit: int = 10,
        limit: int | None = None,
    ) -> None:
        self.progress = progress
        self.today = today
        due: list[tuple[date, str, Card]] = []
        new: list[Card] = []
        for card in cards:
            state = progress.get(card.id)
            if state is None:
                new.append(card)
            elif state.due is not None and state.due <= today:
                due.append((state.due, card.id, card))
        queue = [card for _, _, card in sorted(due, key=lambda item: item[:2])]
        queue += new[:new_limit]
        self.queue: deque[Card] = deque(queue[:limit] if limit is not None else queue)
        self.size = len(self.queue)
        self.graded: dict[str, int] = {}
        self.repeats = 0

    def next(self) -> Card | None:
        return self.queue[0] if self.queue else None

    def grade(self, card: Card, quality: int) -> CardState | None:
        """Record a grade; returns the new schedule on the card's first grade of the session."""
        if not self.queue or self.queue[0].id != card.id:
            raise InputError(f"card {card.id!r} is not the one being asked")
        self.queue.popleft()
        scheduled = None
        if card.id not in self.graded:
            state = self.progress.get(card.id) or CardState()
            scheduled = review(state, quality, self.today)
            self.progress.put(card.id, scheduled)
            self.graded[card.id] = quality
        else:
            self.repeats += 1
        if quality < GOOD:
            self.queue.append(card)
        return scheduled

    @property
    def done(self) -> bool:
        return not self.queue
