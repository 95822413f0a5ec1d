from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from wellarch.errors import StoreError
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SchemaState, SqlRepository, sqlite_url


def open_reviews(path):
    database = Database(sqlite_url(path))
    database.ensure_ready()
    return database, Reviews(SqlRepository(database), [BuiltinLensSource()])


def test_new_database_is_created_at_the_current_schema(tmp_path):
    database = Database(sqlite_url(tmp_path / "new.db"))
    assert database.state() is SchemaState.EMPTY
    database.ensure_ready()
    assert database.state() is SchemaState.CURRENT
    database.upgrade()  # idempotent
    assert database.state() is SchemaState.CURRENT


def test_corrupt_file_is_refused(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a SQLite database, or it is corrupt"):
        Database(sqlite_url(path)).ensure_ready()


def test_foreign_sqlite_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "foreign.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table customers (id integer primary key)")
    with pytest.raises(StoreError, match="not a wellarch database"):
        Database(sqlite_url(path)).ensure_ready()
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
    assert tables == {"customers"}


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    database = Database(sqlite_url(path))
    database.ensure_ready()
    with sqlite3.connect(path) as conn:
        conn.execute("update alembic_version set version_num = '9999_future'")
    with pytest.raises(StoreError, match="written by a newer wellarch"):
        Database(sqlite_url(path)).ensure_ready()
    with pytest.raises(StoreError, match="written by a newer wellarch"):
        Database(sqlite_url(path)).upgrade()


def test_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Database(sqlite_url(tmp_path / "absent" / "w.db"))


def test_export_import_round_trip(tmp_path, lens_file):
    from wellarch.lens import read_lens_file

    database, reviews = open_reviews(tmp_path / "a.db")
    reviews.import_lens(read_lens_file(lens_file).lens, "team-lens")
    reviews.create_workload("web-shop", lenses=["wellarchitected", "team-lens"], tags={"t": "1"})
    reviews.answer("web-shop", "REL09", AnswerUpdate(none_of_these=True, notes="none yet"))
    reviews.answer("web-shop", "ops_runbooks", AnswerUpdate(selected=("rb_written",)))
    reviews.create_milestone("web-shop", "first")
    dump = reviews.repository.dump()

    other_db, other = open_reviews(tmp_path / "b.db")
    assert other.repository.load(dump) == (1, 1)
    again = other.repository.dump()
    assert again == dump
    assert other.report("web-shop")["lenses"] == reviews.report("web-shop")["lenses"]
    # importing twice conflicts and writes nothing
    from wellarch.errors import Conflict

    with pytest.raises(Conflict, match="already exists; nothing was imported"):
        other.repository.load(dump)
    assert len(other.repository.dump()["workloads"]) == 1
    database.close()
    other_db.close()


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
