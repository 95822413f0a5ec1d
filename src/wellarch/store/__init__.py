"""The store: SQLAlchemy tables, Alembic migrations and the only code that touches the database.

SQLite by default (a file in the user data directory), PostgreSQL by URL.
"""

from wellarch.store.database import Database, SchemaState, sqlite_url
from wellarch.store.repository import SqlRepository

__all__ = ["Database", "SchemaState", "SqlRepository", "sqlite_url"]
