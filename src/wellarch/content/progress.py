"""Where flashcard progress is kept: a small repository interface and two implementations.

- :class:`InMemoryProgress` — the fake used by tests;
- :class:`JsonProgressFile` — a JSON file (the CLI passes one in the user data directory),
  written atomically after every change.

The review store (SQLAlchemy, ``wellarch.store``) is the natural long-term home; the
interface is kept to ``get``/``put``/``all`` so that a store-backed implementation can
replace the file without touching the session logic.

Example:
    >>> from datetime import date
    >>> progress = InMemoryProgress()
    >>> progress.put("a", CardState(repetitions=1, interval=1, due=date(2025, 1, 2)))
    >>> deck_summary(["a", "b"], progress, date(2025, 1, 2))
    DeckSummary(cards=2, new=1, due=1, learning=1, mature=0)
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from wellarch.content.repetition import CardState, ProgressStore
from wellarch.errors import InputError

__all__ = ["DeckSummary", "InMemoryProgress", "JsonProgressFile", "deck_summary", "next_due"]

_FORMAT = 1
#: A card whose interval reached this many days counts as mature.
MATURE_DAYS = 21


class InMemoryProgress:
    """Progress in a dictionary."""

    def __init__(self) -> None:
        self.states: dict[str, CardState] = {}

    def get(self, card_id: str) -> CardState | None:
        return self.states.get(card_id)

    def put(self, card_id: str, state: CardState) -> None:
        self.states[card_id] = state

    def all(self) -> dict[str, CardState]:
        return dict(self.states)


def _encode(state: CardState) -> dict[str, Any]:
    data = asdict(state)
    for key in ("due", "last_review"):
        data[key] = data[key].isoformat() if data[key] else None
    return data


def _decode(raw: Any, where: str, file: str) -> CardState:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object", file=file)
    try:
        return CardState(
            repetitions=int(raw["repetitions"]),
            interval=int(raw["interval"]),
            easiness=float(raw["easiness"]),
            due=date.fromisoformat(raw["due"]) if raw.get("due") else None,
            last_review=date.fromisoformat(raw["last_review"]) if raw.get("last_review") else None,
            reviews=int(raw.get("reviews", 0)),
            lapses=int(raw.get("lapses", 0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{where}: not a card schedule ({exc})", file=file) from None


class JsonProgressFile:
    """Progress in a JSON file: ``{"format": 1, "cards": {card id: schedule}}``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._states: dict[str, CardState] | None = None

    def _load(self) -> dict[str, CardState]:
        if self._states is not None:
            return self._states
        file = str(self.path)
        if not self.path.exists():
            self._states = {}
            return self._states
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read card progress: {exc}", file=file) from None
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise InputError(f"not a wellarch card-progress file (format {_FORMAT})", file=file)
        cards = data.get("cards")
        if not isinstance(cards, dict):
            raise InputError("$.cards: expected an object", file=file)
        self._states = {key: _decode(raw, f"$.cards.{key}", file) for key, raw in cards.items()}
        return self._states

    def get(self, card_id: str) -> CardState | None:
        return self._load().get(card_id)

    def put(self, card_id: str, state: CardState) -> None:
        states = self._load()
        states[card_id] = state
        self._save(states)

    def all(self) -> dict[str, CardState]:
        return dict(self._load())

    def _save(self, states: dict[str, CardState]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format": _FORMAT, "cards": {k: _encode(v) for k, v in sorted(states.items())}}
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".cards-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(payload, stream, indent=1)
            Path(temporary).replace(self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class DeckSummary:
    cards: int
    new: int
    due: int
    #: Reviewed at least once but not yet mature.
    learning: int
    #: Interval of at least three weeks.
    mature: int


def deck_summary(card_ids: Iterable[str], progress: ProgressStore, today: date) -> DeckSummary:
    """Counts of new, due, learning and mature cards among ``card_ids``."""
    ids = list(card_ids)
    states = [progress.get(card_id) for card_id in ids]
    seen = [s for s in states if s is not None]
    return DeckSummary(
        cards=len(ids),
        new=len(ids) - len(seen),
        due=sum(1 for s in seen if s.is_due(today)),
        learning=sum(1 for s in seen if s.interval < MATURE_DAYS),
        mature=sum(1 for s in seen if s.interval >= MATURE_DAYS),
    )


def next_due(card_ids: Iterable[str], progress: ProgressStore, today: date) -> date | None:
    """The first day after ``today`` on which one of ``card_ids`` is due (``None`` if none)."""
    days = [state.due for state in map(progress.get, card_ids) if state is not None and state.due]
    return min((day for day in days if day > today), default=None)
