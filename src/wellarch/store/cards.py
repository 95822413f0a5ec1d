"""Flashcard schedules in the wellarch database: the SQL
:class:`~wellarch.content.repetition.ProgressStore`.

Earlier versions kept them in a JSON file in the user data directory;
:meth:`SqlCardProgress.adopt_file` moves such a file in once (the file is renamed, not
deleted, so nothing is lost if anything goes wrong).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from wellarch.content.progress import JsonProgressFile
from wellarch.content.repetition import CardState
from wellarch.storable import NUL
from wellarch.store import schema
from wellarch.store.database import Database
from wellarch.store.upsert import insert_missing, upsert

__all__ = ["SqlCardProgress"]

_FIELDS = ("repetitions", "interval", "easiness", "due", "last_review", "reviews", "lapses")


def _state(row: Any) -> CardState:
    return CardState(**{name: getattr(row, name) for name in _FIELDS})


def _rows(states: dict[str, CardState]) -> list[dict[str, Any]]:
    return [
        {"card_id": card_id, **{name: getattr(state, name) for name in _FIELDS}}
        for card_id, state in states.items()
    ]


class SqlCardProgress:
    """One row per card that has been reviewed at least once."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.engine = database.engine
        self.display = database.display

    def get(self, card_id: str) -> CardState | None:
        if NUL in card_id:  # no card has one, and PostgreSQL refuses it
            return None
        t = schema.card_progress
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.card_id == card_id)).first()
        return None if row is None else _state(row)

    def put(self, card_id: str, state: CardState) -> None:
        self.put_many({card_id: state})

    def put_many(self, states: dict[str, CardState]) -> None:
        """Save the schedules, replacing those of cards saved before (one transaction; safe
        against other writers saving the same cards at the same moment)."""
        with self.database.write() as conn:
            upsert(conn, schema.card_progress, _rows(states))

    def put_missing(self, states: dict[str, CardState]) -> int:
        """Save the schedules of cards that have none yet; a card saved before — even by
        another writer a moment ago — keeps its schedule. Returns how many were saved."""
        with self.database.write() as conn:
            return insert_missing(conn, schema.card_progress, _rows(states))

    def all(self) -> dict[str, CardState]:
        t = schema.card_progress
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t).order_by(self.database.in_code_point_order(t.c.card_id))
            ).all()
        return {row.card_id: _state(row) for row in rows}

    def adopt_file(self, path: Path) -> int:
        """Move the schedules of a legacy JSON progress file into the store.

        Cards already in the store keep their schedule. The file is renamed to
        ``<name>.imported`` afterwards. Returns how many cards were taken over (0 when
        there is no file). A malformed file raises :class:`~wellarch.errors.InputError`
        and stays where it is.
        """
        if not path.exists():
            return 0
        taken = self.put_missing(JsonProgressFile(path).all())
        path.rename(path.with_name(path.name + ".imported"))
        return taken
