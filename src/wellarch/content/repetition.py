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
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol

from wellarch.content.flashcards import Card
from wellarch.errors import InputError

__all__ = [
    "MIN_EASINESS",
    "CardState",
    "ProgressStore",
    "ResumableSession",
    "SessionState",
    "StudySession",
    "review",
]

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


@dataclass(frozen=True, slots=True)
class SessionState:
    """What a :class:`ResumableSession` must carry between two answers: the part of a
    session the progress store does not know.

    Everything else follows from the store: a card graded for the first time in a session
    is no longer due (its next review is at least a day away), so only the cards to ask
    again and the number of new cards already introduced need carrying.
    """

    #: Card ids graded below 4, in the order they come back.
    again: tuple[str, ...] = field(default=())
    #: New cards introduced so far (they count against ``new_limit``).
    new_seen: int = 0
    #: Answers given so far, repeats included.
    answered: int = 0


class ResumableSession:
    """A :class:`StudySession` that can stop after any answer and resume from a
    :class:`SessionState` (a web page keeps the state in the page, not in server memory).

    It asks the same cards in the same order as :class:`StudySession` with the same
    ``new_limit``: due cards (oldest due first), then new cards in deck order, then the
    cards graded below 4 again, until each scores 4 or more. Only the first grade of a card
    in the session changes its schedule.
    """

    def __init__(
        self,
        cards: Sequence[Card],
        progress: ProgressStore,
        today: date,
        state: SessionState | None = None,
        *,
        new_limit: int = 10,
    ) -> None:
        self.progress = progress
        self.today = today
        self.new_limit = new_limit
        self.cards = {card.id: card for card in cards}
        state = state or SessionState()
        again = tuple(dict.fromkeys(i for i in state.again if i in self.cards))
        self.state = replace(state, again=again, new_seen=max(0, state.new_seen))
        due: list[tuple[date, str, Card]] = []
        new: list[Card] = []
        for card in cards:
            if card.id in again:
                continue
            current = progress.get(card.id)
            if current is None:
                new.append(card)
            elif current.due is not None and current.due <= today:
                due.append((current.due, card.id, card))
        #: The cards not yet asked in this session, in order.
        self.fresh = [card for _, _, card in sorted(due, key=lambda item: item[:2])]
        self.fresh += new[: max(0, new_limit - self.state.new_seen)]

    def next(self) -> Card | None:
        """The card to ask now (``None`` when the session is done)."""
        if self.fresh:
            return self.fresh[0]
        return self.cards[self.state.again[0]] if self.state.again else None

    @property
    def remaining(self) -> int:
        """Cards still to ask, counting each card to ask again once."""
        return len(self.fresh) + len(self.state.again)

    @property
    def done(self) -> bool:
        return self.next() is None

    def is_repeat(self, card: Card) -> bool:
        """True when ``card`` was graded before in this session."""
        return not self.fresh and card.id in self.state.again

    def grade(self, card_id: str, quality: int) -> CardState | None:
        """Record a grade for the card being asked; returns its new schedule on its first
        grade of the session (``None`` for a repeat). :attr:`state` moves on."""
        if not 0 <= quality <= 5:
            raise InputError(f"a grade is 0 to 5, not {quality}")
        card = self.next()
        if card is None or card.id != card_id:
            raise InputError(f"card {card_id!r} is not the one being asked")
        state = self.state
        scheduled = None
        if self.fresh:
            self.fresh.pop(0)
            before = self.progress.get(card.id)
            scheduled = review(before or CardState(), quality, self.today)
            self.progress.put(card.id, scheduled)
            again = state.again + ((card.id,) if quality < GOOD else ())
            new_seen = state.new_seen + (1 if before is None else 0)
        else:
            rest = state.again[1:]
            again = rest + ((card.id,) if quality < GOOD else ())
            new_seen = state.new_seen
        self.state = SessionState(again, new_seen, state.answered + 1)
        return scheduled
