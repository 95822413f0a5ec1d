"""Insert-or-replace and insert-if-missing that two writers can run at the same moment.

Deleting (or updating) a row and then inserting it when it was not there is a race on
PostgreSQL: two transactions both find no row, both insert, and the second one fails with a
duplicate key. ``INSERT … ON CONFLICT`` decides in the database, atomically, on both SQLite
and PostgreSQL. Other back ends get the portable two-statement form (without that guarantee).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

__all__ = ["insert_missing", "upsert"]

Row = Mapping[str, Any]


def _insert(conn: sa.Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert | None:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    return None


def _keys(table: sa.Table) -> list[sa.Column[Any]]:
    return list(table.primary_key.columns)


def upsert(conn: sa.Connection, table: sa.Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` (every one with all of ``table``'s columns) into ``table``; a row whose
    primary key is there already replaces the stored one."""
    if not rows:
        return
    insert = _insert(conn, table)
    if insert is None:
        _portable_upsert(conn, table, rows)
        return
    keys = _keys(table)
    names = {key.name for key in keys}
    changed = [name for name in rows[0] if name not in names]
    statement = insert.on_conflict_do_update(
        index_elements=keys, set_={name: insert.excluded[name] for name in changed}
    )
    conn.execute(statement, list(rows))


def insert_missing(conn: sa.Connection, table: sa.Table, rows: Sequence[Row]) -> int:
    """Insert those of ``rows`` whose primary key is not in ``table`` yet (existing rows are
    left as they are); returns how many were inserted."""
    insert = _insert(conn, table)
    if insert is None:
        return _portable_insert_missing(conn, table, rows)
    keys = _keys(table)
    # RETURNING names the rows inserted (rowcount is not reliable for INSERT … ON CONFLICT).
    statement = insert.on_conflict_do_nothing(index_elements=keys).returning(*keys)
    return sum(len(conn.execute(statement, dict(row)).all()) for row in rows)


def _where_key(table: sa.Table, row: Row) -> list[sa.ColumnElement[bool]]:
    return [key == row[key.name] for key in _keys(table)]


def _portable_upsert(conn: sa.Connection, table: sa.Table, rows: Sequence[Row]) -> None:
    names = {key.name for key in _keys(table)}
    for row in rows:
        values = {name: value for name, value in row.items() if name not in names}
        updated = conn.execute(table.update().where(*_where_key(table, row)).values(values))
        if updated.rowcount == 0:
            conn.execute(table.insert().values(dict(row)))


def _portable_insert_missing(conn: sa.Connection, table: sa.Table, rows: Sequence[Row]) -> int:
    inserted = 0
    for row in rows:
        found = conn.execute(sa.select(*_keys(table)).where(*_where_key(table, row))).first()
        if found is None:
            conn.execute(table.insert().values(dict(row)))
            inserted += 1
    return inserted
