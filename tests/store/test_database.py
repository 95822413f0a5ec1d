from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner

from tests.conftest import NEEDS_POSTGRESQL, Databases
from wellarch.cli import cli
from wellarch.errors import Conflict, StoreError
from wellarch.lens import parse_lens_bytes, read_lens_file
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, NotApplicable, Reason, Reviews
from wellarch.store import Database, SchemaState, SqlRepository, sqlite_url
from wellarch.store.schema import metadata


def open_reviews(path):
    database = Database(sqlite_url(path))
    database.ensure_ready()
    return database, Reviews(SqlRepository(database), [BuiltinLensSource()])


def test_new_database_is_created_at_the_current_schema(databases):
    database = databases.open(ready=False)
    assert database.state() is SchemaState.EMPTY
    database.ensure_ready()
    assert database.state() is SchemaState.CURRENT
    database.upgrade()  # idempotent
    assert database.state() is SchemaState.CURRENT


def test_the_migrations_build_the_tables_the_code_queries(database):
    """Migrations 0001… at head and ``schema.py`` describe the same tables (what Alembic's
    autogenerate would find to change is nothing), on every back end."""
    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_corrupt_file_is_refused(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a SQLite database, or it is corrupt"):
        Database(sqlite_url(path)).ensure_ready()


def test_foreign_database_is_refused_and_left_alone(databases):
    database = databases.open(ready=False)
    with database.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a wellarch database"):
        database.ensure_ready()
    with pytest.raises(StoreError, match="not a wellarch database"):
        database.upgrade()
    with database.engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == ["customers"]


def test_database_from_a_newer_version_is_refused(databases):
    database = databases.open()
    with database.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match="written by a newer wellarch"):
        databases.open(database.url)
    with pytest.raises(StoreError, match="written by a newer wellarch"):
        databases.open(database.url, ready=False).upgrade()


def test_a_missing_postgresql_driver_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'wellarch\[postgres\]'") as raised:
        Database("postgresql+psycopg://wellarch:secret@/wellarch")
    assert "secret" not in str(raised.value)


def test_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Database(sqlite_url(tmp_path / "absent" / "w.db"))


def fill(reviews: Reviews, lens_file) -> None:
    """A little of everything an export carries: a custom lens, tags, answers (one not
    applicable), evidence and a milestone."""
    reviews.import_lens(read_lens_file(lens_file).lens, "team-lens")
    reviews.create_workload(
        "web-shop", lenses=["wellarchitected", "team-lens"], tags={"t": "1", "ü": "ß"}
    )
    reviews.create_workload("Analytics", owner="Data team", regions=["eu-west-1"])
    reviews.answer("web-shop", "REL09", AnswerUpdate(none_of_these=True, notes="none yet"))
    reviews.answer("web-shop", "ops_runbooks", AnswerUpdate(selected=("rb_written",)))
    reviews.answer(
        "web-shop",
        "SUS01",
        AnswerUpdate(not_applicable=NotApplicable(Reason.OUT_OF_SCOPE, "hosted elsewhere")),
    )
    reviews.answer("Analytics", "SEC01", AnswerUpdate(none_of_these=True))
    workload = reviews.workload("web-shop")
    citation = {"choice_id": "rel09_no", "rule_id": "r1", "status": "fail", "line": 3}
    reviews.repository.save_evidence(workload, "wellarchitected", {"REL09": [citation]})
    reviews.create_milestone("web-shop", "first")


def test_export_import_round_trip(databases, lens_file):
    reviews = Reviews(SqlRepository(databases.open()), [BuiltinLensSource()])
    fill(reviews, lens_file)
    dump = reviews.repository.dump()

    other = Reviews(SqlRepository(databases.open()), [BuiltinLensSource()])
    assert other.repository.load(dump) == (1, 2)
    again = other.repository.dump()
    assert again == dump
    assert other.report("web-shop")["lenses"] == reviews.report("web-shop")["lenses"]
    # importing twice conflicts and writes nothing
    with pytest.raises(Conflict, match="already exists; nothing was imported"):
        other.repository.load(dump)
    assert len(other.repository.dump()["workloads"]) == 2


def test_export_lists_answers_in_lens_and_question_order(database, lens_file):
    """Whatever order the back end reads rows in (PostgreSQL: its collation sorts "alpha"
    before "Zeta"; an updated row may move), the export is the same: code-point order."""
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    document = lens_file.read_text()
    document = document.replace('"ops_runbooks"', '"Zeta"').replace('"ops_alarms"', '"alpha"')
    reviews.import_lens(parse_lens_bytes(document.encode(), source="team").lens, "team")
    reviews.create_workload("shop", lenses=["wellarchitected", "team"])
    for lens, qid in [("team", "alpha"), ("wellarchitected", "SEC01"), ("team", "Zeta")]:
        reviews.answer("shop", qid, AnswerUpdate(none_of_these=True), lens=lens)
    reviews.answer("shop", "alpha", AnswerUpdate(notes="again"), lens="team")
    answers = reviews.repository.dump()["workloads"][0]["answers"]
    keys = [(a["lens"], a["question_id"]) for a in answers]
    assert keys == [("team", "Zeta"), ("team", "alpha"), ("wellarchitected", "SEC01")]


@NEEDS_POSTGRESQL
@pytest.mark.parametrize("there", ["postgresql", "sqlite"])
def test_db_export_and_import_move_a_database_between_back_ends(there, tmp_path, lens_file):
    """``wellarch db export`` on one back end, ``db import`` on the other and back: the file
    exported at the end is the one exported at the start, byte for byte."""
    here = "sqlite" if there == "postgresql" else "postgresql"
    home, away = Databases(here, tmp_path), Databases(there, tmp_path)
    try:
        start, copy, back = home.url(), away.url(), home.url()
        origin = home.open(start)
        reviews = Reviews(SqlRepository(origin), [BuiltinLensSource()])
        fill(reviews, lens_file)
        report = reviews.report("web-shop")["lenses"]
        page = reviews.workload_page()
        origin.close()

        def wellarch(url: str, *args: str) -> str:
            result = CliRunner().invoke(cli, ["--db", url, *args])
            assert result.exit_code == 0, result.output
            return result.output

        files = [tmp_path / f"export-{n}.json" for n in range(3)]
        wellarch(start, "db", "export", str(files[0]))
        assert wellarch(copy, "db", "import", str(files[0])).startswith("imported 2 workloads")
        wellarch(copy, "db", "export", str(files[1]))
        wellarch(back, "db", "import", str(files[1]))
        wellarch(back, "db", "export", str(files[2]))
        assert files[2].read_text() == files[0].read_text()
        for url, databases in [(copy, away), (back, home)]:
            moved = Reviews(SqlRepository(databases.open(url)), [BuiltinLensSource()])
            assert moved.report("web-shop")["lenses"] == report
            assert moved.workload_page() == page
    finally:
        home.close()
        away.close()


WRITER = textwrap.dedent(
    """
    import sys
    from wellarch.lens.catalog import BuiltinLensSource
    from wellarch.review import AnswerUpdate, Reviews
    from wellarch.store import Database, SqlRepository, sqlite_url
    from pathlib import Path

    database = Database(sqlite_url(Path(sys.argv[1])))
    database.ensure_ready()
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    lens = reviews.catalog.get("wellarchitected").lens
    questions = [q.id for _, q in lens.questions()]
    i = 0
    while True:
        name = f"load-{i:05d}"
        reviews.create_workload(name)
        for qid in questions[:5]:
            reviews.answer(name, qid, AnswerUpdate(none_of_these=True))
        print(name, flush=True)
        i += 1
    """
)


def test_sigkill_during_writes_loses_nothing_committed(tmp_path):
    path = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    committed = []
    deadline = time.monotonic() + 60
    while len(committed) < 8 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(committed) >= 8, "the writer did not get going"
    database, reviews = open_reviews(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    names = {s.name for s in reviews.workloads()}
    for name in committed:  # every workload reported as written is there, with its answers
        assert name in names
        workload = reviews.workload(name)
        assert len(reviews.repository.answers(workload, "wellarchitected")) == 5
    reviews.create_workload("after-the-crash")  # and the database is still usable
    database.close()
