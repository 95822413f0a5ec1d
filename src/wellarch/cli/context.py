"""What commands share: the root group's options and lazily opened resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported lazily: commands that need no database start faster
    from wellarch.lens.catalog import LensCatalog
    from wellarch.review.service import Reviews
    from wellarch.store import Database, SqlRepository


def default_db_url() -> str:
    """A SQLite file in the user data directory (created on first use)."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("wellarch", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'wellarch.db'}"


@dataclass
class Context:
    db_url: str | None = None
    debug: bool = False
    _database: Database | None = field(default=None, repr=False)
    _reviews: Reviews | None = field(default=None, repr=False)

    @property
    def database(self) -> Database:
        """The database, opened but not checked (``db upgrade`` works on old schemas)."""
        if self._database is None:
            from wellarch.store import Database

            self._database = Database(self.db_url or default_db_url())
        return self._database

    @property
    def reviews(self) -> Reviews:
        """Review operations on the database, created at the current schema if empty."""
        if self._reviews is None:
            from wellarch.lens.catalog import BuiltinLensSource
            from wellarch.review.service import Reviews
            from wellarch.store import SqlRepository

            self.database.ensure_ready()
            self._reviews = Reviews(SqlRepository(self.database), [BuiltinLensSource()])
        return self._reviews

    @property
    def repository(self) -> SqlRepository:
        from wellarch.store import SqlRepository

        repository = self.reviews.repository
        assert isinstance(repository, SqlRepository)
        return repository

    @property
    def catalog(self) -> LensCatalog:
        """Built-in lenses, then the custom lenses imported into the store."""
        return self.reviews.catalog

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


pass_context = click.make_pass_decorator(Context)
