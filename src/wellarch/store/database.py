"""Opening the database: SQLite by default, any SQLAlchemy URL (PostgreSQL) by choice.

The schema is owned by Alembic. A new, empty database is created at the current schema on
first use; a database from an older wellarch needs ``wellarch db upgrade``; one written by a
newer wellarch, a foreign database or a file that is not a database is refused with a
:class:`~wellarch.errors.StoreError` naming it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from wellarch.errors import StoreError
from wellarch.store.writers import WriterTurns

__all__ = ["Database", "SchemaState", "sqlite_url"]

_MIGRATIONS = Path(__file__).parent / "migrations"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class SchemaState(StrEnum):
    EMPTY = "empty"
    CURRENT = "current"
    OUTDATED = "outdated"
    NEWER = "newer"
    FOREIGN = "foreign"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Readers never wait for a writer (the web UI reads while answers are saved). A no-op for
    # in-memory databases; the setting is kept in the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    # SQLite's lower() folds ASCII only; searches fold case like Python (PostgreSQL's lower()
    # is Unicode-aware already).
    dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)


def _casefold(value: object) -> str | None:
    return None if value is None else str(value).casefold()


def _on_postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
    # Times are read back in UTC, and a time without a zone means UTC, as on SQLite — not
    # in the server's TimeZone setting. SET is transactional: run it outside a transaction.
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    cursor = dbapi_connection.cursor()
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.close()
    dbapi_connection.autocommit = autocommit


class Database:
    """An engine plus what wellarch needs to know about its schema."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = sa.create_engine(url)
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(f"cannot use database URL {url!r}: {exc}") from None
        except ImportError as exc:  # the URL's driver is not installed
            shown = sa.make_url(url).render_as_string(hide_password=True)
            hint = " (pip install 'wellarch[postgres]')" if url.startswith("postgres") else ""
            raise StoreError(f"cannot use database URL {shown!r}: {exc}{hint}") from None
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writers: WriterTurns | None = None
        in_file = False
        if self.engine.dialect.name == "postgresql":
            sa.event.listen(self.engine, "connect", _on_postgresql_connect)
        if self.is_sqlite:
            sa.event.listen(self.engine, "connect", _on_sqlite_connect)
            database = self.engine.url.database
            in_file = bool(database) and database != ":memory:"
            if in_file:
                parent = Path(str(database)).parent
                if not parent.is_dir():
                    raise StoreError(f"{database}: folder {parent} does not exist")
            self._writers = WriterTurns(Path(str(database)) if in_file else None)
        self.in_memory = self.is_sqlite and not in_file

    def in_code_point_order(self, column: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
        """``column`` to sort by, in the order of Python's ``sorted`` on every back end:
        SQLite compares text by code point already; PostgreSQL would follow the database's
        collation (en_US sorts "b" before "C" and ignores "-"), so it sorts as "C" there."""
        return column if self.is_sqlite else column.collate("C")

    @property
    def display(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def _config(self, connection: sa.Connection) -> Config:
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        config.attributes["connection"] = connection
        return config

    def state(self) -> SchemaState:
        """Where the database's schema stands relative to this wellarch."""
        script = ScriptDirectory(str(_MIGRATIONS))
        try:
            with self.engine.connect() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
                tables = sa.inspect(conn).get_table_names()
        except DBAPIError as exc:
            raise self._error(exc) from None
        if current is None:
            return SchemaState.FOREIGN if tables else SchemaState.EMPTY
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            return SchemaState.NEWER
        return SchemaState.CURRENT if current == script.get_current_head() else SchemaState.OUTDATED

    def upgrade(self) -> None:
        """Bring the schema to this wellarch's version (creating it in an empty database)."""
        state = self.state()
        self._refuse(state, upgrading=True)
        try:
            with self.engine.begin() as conn:
                command.upgrade(self._config(conn), "head")
        except DBAPIError as exc:
            raise self._error(exc) from None

    def ensure_ready(self) -> None:
        """Create an empty database; refuse anything that is not at the current schema."""
        state = self.state()
        if state is SchemaState.EMPTY:
            self.upgrade()
            return
        self._refuse(state, upgrading=False)

    def _refuse(self, state: SchemaState, *, upgrading: bool) -> None:
        if state is SchemaState.NEWER:
            raise StoreError(
                f"{self.display}: written by a newer wellarch; upgrade wellarch to use it"
            )
        if state is SchemaState.FOREIGN:
            raise StoreError(f"{self.display}: not a wellarch database (it has other tables)")
        if state is SchemaState.OUTDATED and not upgrading:
            raise StoreError(
                f"{self.display}: made by an older wellarch; run `wellarch db upgrade` first"
            )

    def _error(self, exc: DBAPIError) -> StoreError:
        detail = str(exc.orig) if exc.orig is not None else str(exc)
        if "not a database" in detail or "malformed" in detail:
            return StoreError(f"{self.display}: not a SQLite database, or it is corrupt ({detail})")
        return StoreError(f"{self.display}: {detail}")

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction (committed on success, rolled back on an exception).

        On SQLite the writers of every wellarch process take turns here, before SQLite's own
        lock, which makes a writer sleep up to 100 ms at a time when another one holds it (see
        :mod:`wellarch.store.writers`).
        """
        if self._writers is None:
            with self.engine.begin() as conn:
                yield conn
            return
        with self._writers, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[sa.Connection]:
        """A connection whose reads all see the database as it was at the first one: an
        export taken while others write never mixes data from before and after a write.

        One read transaction: REPEATABLE READ on PostgreSQL; on SQLite an explicit ``BEGIN``
        (the driver starts no transaction for reads by itself), which WAL lets writers work
        beside. Nothing is written through it; it ends with a rollback.
        """
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("BEGIN")
            else:
                conn.execution_options(isolation_level="REPEATABLE READ")
            try:
                yield conn
            finally:
                conn.rollback()

    def close(self) -> None:
        self.engine.dispose()
        if self._writers is not None:
            self._writers.close()
