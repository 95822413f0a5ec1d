"""Custom lenses replaced through one server process are seen by the others
(``serve --workers N``): each process parses a lens once per version token."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from wellarch.lens import parse_lens_bytes
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.lens.model import Lens
from wellarch.review import Reviews
from wellarch.store import Database, SqlRepository
from wellarch.store import repository as repository_module

OLD_TITLE = "Do you have runbooks for routine operations?"
NEW_TITLE = "Are runbooks kept beside the code?"


def _reviews(database: Database) -> Reviews:
    return Reviews(SqlRepository(database), [BuiltinLensSource()])


def _lenses(lens_file) -> tuple[Lens, Lens]:
    document = lens_file.read_text()
    old = parse_lens_bytes(document.encode(), source="old").lens
    changed = document.replace(OLD_TITLE, NEW_TITLE).replace("Minimal team lens", "Team lens v2")
    new = parse_lens_bytes(changed.encode(), source="new").lens
    return old, new


def test_a_lens_replaced_by_another_process_is_seen(databases, lens_file):
    first_db = databases.open()
    second_db = databases.open(first_db.url)
    mine, theirs = _reviews(first_db), _reviews(second_db)
    old, new = _lenses(lens_file)

    mine.import_lens(old, "mine")
    seen = theirs.catalog.get("mine").lens
    assert seen.name == "Minimal team lens"
    assert seen.question("ops_runbooks").title == OLD_TITLE

    mine.import_lens(new, "mine")  # the other process's cached copy is now stale
    seen = theirs.catalog.get("mine").lens
    assert seen.name == "Team lens v2"
    assert seen.question("ops_runbooks").title == NEW_TITLE
    assert "mine" in theirs.catalog.aliases()


def test_every_save_of_an_alias_gets_a_new_version_even_at_one_time(
    database, lens_file, monkeypatch
):
    repository = SqlRepository(database)
    document = lens_file.read_text()
    frozen = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    monkeypatch.setattr(repository_module, "_now", lambda: frozen)  # a clock that stands still
    seen = set()
    for _ in range(3):
        repository.save_custom_lens("mine", document)
        seen.add(repository.custom_lens_versions()["mine"])
    assert len(seen) == 3
    assert SqlRepository(database).custom_lens_versions().keys() == {"mine"}


def test_the_versions_read_no_documents(database, lens_file):
    repository = SqlRepository(database)
    repository.save_custom_lens("mine", lens_file.read_text())
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(database.engine, "before_cursor_execute", record)
    try:
        versions = repository.custom_lens_versions()
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", record)
    assert list(versions) == ["mine"]
    assert statements and not any("document" in s for s in statements)
