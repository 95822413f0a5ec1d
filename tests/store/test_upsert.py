"""Insert-or-replace and insert-if-missing: the back end's own ``ON CONFLICT`` and the
portable two-statement form (for other back ends) do the same."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from wellarch.store import Database, schema
from wellarch.store import upsert as upserts

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 2, 1, tzinfo=UTC)


def lens(alias: str, name: str, at: datetime = T0) -> dict[str, object]:
    return {"alias": alias, "name": name, "document": "{}", "imported_at": at}


def stored(database: Database) -> dict[str, tuple[str, datetime]]:
    t = schema.lenses
    with database.engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.alias, t.c.name, t.c.imported_at)).all()
    return {alias: (name, at.replace(tzinfo=UTC)) for alias, name, at in rows}


@pytest.fixture(params=["native", "portable"])
def functions(request, monkeypatch):
    if request.param == "portable":
        monkeypatch.setattr(upserts, "_insert", lambda conn, table: None)
    return upserts


def test_upsert_inserts_and_replaces(database, functions):
    with database.write() as conn:
        functions.upsert(conn, schema.lenses, [lens("a", "A"), lens("b", "B")])
        functions.upsert(conn, schema.lenses, [])
    with database.write() as conn:
        functions.upsert(conn, schema.lenses, [lens("b", "B2", T1), lens("c", "C")])
    assert stored(database) == {"a": ("A", T0), "b": ("B2", T1), "c": ("C", T0)}


def test_insert_missing_leaves_existing_rows(database, functions):
    with database.write() as conn:
        assert functions.insert_missing(conn, schema.lenses, [lens("a", "A")]) == 1
    with database.write() as conn:
        rows = [lens("a", "A2", T1), lens("b", "B"), lens("c", "C")]
        assert functions.insert_missing(conn, schema.lenses, rows) == 2
        assert functions.insert_missing(conn, schema.lenses, []) == 0
    assert stored(database) == {"a": ("A", T0), "b": ("B", T0), "c": ("C", T0)}
