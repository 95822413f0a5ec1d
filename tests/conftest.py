from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from wellarch.store import Database, sqlite_url

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"

#: A PostgreSQL server URL (any database the user may CREATE DATABASE from), e.g.
#: ``postgresql+psycopg://postgres@/wellarch_test?host=/tmp/pg``; ``.ci/run`` sets it to a
#: throwaway local server. Unset, the PostgreSQL half of the store tests is skipped.
POSTGRES_URL_VARIABLE = "WELLARCH_TEST_POSTGRES_URL"
POSTGRES_URL = os.environ.get(POSTGRES_URL_VARIABLE) or None
#: Marks a test that needs the PostgreSQL server (skipped without it).
NEEDS_POSTGRESQL = pytest.mark.skipif(
    POSTGRES_URL is None, reason=f"{POSTGRES_URL_VARIABLE} is not set (PostgreSQL tests)"
)

#: PostgreSQL test databases look like a production server's rather than the throwaway one's:
#: a linguistic collation (where "B" sorts after "a") and a time zone far from UTC, so that
#: results depending on either show up as a difference from SQLite.
PRODUCTION_COLLATION = "en-US"
PRODUCTION_ZONE = "<-0330>+03:30"  # UTC-03:30 as a POSIX rule: needs no time zone database

#: The store back ends every store-level test runs on: ``@pytest.mark.parametrize`` or
#: fixture ``params``. SQLite always; PostgreSQL when the variable is set.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=NEEDS_POSTGRESQL)]


class Databases:
    """Fresh, empty wellarch databases on one back end, for one test.

    SQLite: a new file in the test's folder. PostgreSQL: a new database on the server of
    ``WELLARCH_TEST_POSTGRES_URL``, dropped again by :meth:`close` — every test starts from
    an empty schema, and the migrations build it.
    """

    def __init__(self, backend: str, folder: Path) -> None:
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"unknown back end {backend!r}")
        if backend == "postgresql" and POSTGRES_URL is None:
            pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (PostgreSQL tests)")
        self.backend = backend
        self.folder = folder
        self._opened: list[Database] = []
        self._created: list[str] = []
        self._admin: sa.Engine | None = None

    def url(self) -> str:
        """The URL of a new, empty database."""
        if self.backend == "sqlite":
            return sqlite_url(self.folder / f"wellarch-{uuid.uuid4().hex[:8]}.db")
        assert POSTGRES_URL is not None
        name = f"wellarch_test_{uuid.uuid4().hex[:16]}"
        with self._server().connect() as conn:
            try:
                conn.exec_driver_sql(
                    f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                    f"LOCALE_PROVIDER icu ICU_LOCALE '{PRODUCTION_COLLATION}'"
                )
            except sa.exc.DBAPIError:  # before PostgreSQL 15, or built without ICU
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            self._created.append(name)
            conn.exec_driver_sql(f"ALTER DATABASE \"{name}\" SET TimeZone TO '{PRODUCTION_ZONE}'")
        url = sa.make_url(POSTGRES_URL).set(database=name)
        return url.render_as_string(hide_password=False)

    def open(self, url: str | None = None, *, ready: bool = True) -> Database:
        """A :class:`Database` on ``url`` (default: a new one), at the current schema unless
        ``ready`` is false; closed with the others at the end of the test."""
        database = Database(url or self.url())
        self._opened.append(database)
        if ready:
            database.ensure_ready()
        return database

    def _server(self) -> sa.Engine:
        if self._admin is None:
            assert POSTGRES_URL is not None
            self._admin = sa.create_engine(
                POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool
            )
        return self._admin

    def close(self) -> None:
        for database in self._opened:
            database.close()
        if self._admin is not None:
            with self._admin.connect() as conn:
                for name in self._created:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._admin.dispose()


def backend_of(request: pytest.FixtureRequest) -> str:
    """The back end for a fixture that builds a store for the requesting test: each of
    :data:`BACKENDS` in turn when the test uses the ``backend`` fixture (as an argument, or
    through ``@pytest.mark.usefixtures("backend")`` — how whole modules opt in); SQLite for
    the others."""
    if "backend" in request.fixturenames:
        return str(request.getfixturevalue("backend"))
    return "sqlite"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def lens_file() -> Path:
    return FIXTURES / "lenses" / "minimal.json"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite``, then ``postgresql`` (skipped unless WELLARCH_TEST_POSTGRES_URL is set)."""
    return str(request.param)


@pytest.fixture
def databases(backend: str, tmp_path: Path) -> Iterator[Databases]:
    """Makes fresh databases on the test's back end (see :data:`BACKENDS`)."""
    made = Databases(backend, tmp_path)
    yield made
    made.close()


@pytest.fixture
def database(databases: Databases) -> Database:
    """An empty wellarch database at the current schema, on SQLite and on PostgreSQL."""
    return databases.open()
