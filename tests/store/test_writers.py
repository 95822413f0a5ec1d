"""Writers to one SQLite file take turns across threads and processes (wellarch.store.writers):
a process waits for another's turn instead of sleeping in SQLite's busy handler, gives up with
a clear error after its wait, and every save of two processes at once is kept."""

from __future__ import annotations

import doctest
import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from wellarch.errors import StoreError
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository, sqlite_url, writers
from wellarch.store.writers import LOCK_SUFFIX, WriterTurns

needs_flock = pytest.mark.skipif(writers.fcntl is None, reason="no flock on this system")


def test_the_docstring_example_runs():
    assert doctest.testmod(writers).failed == 0


@needs_flock
def test_the_lock_file_lies_beside_the_database(tmp_path):
    database = Database(sqlite_url(tmp_path / "shop.db"))
    database.ensure_ready()
    with database.write():
        pass
    assert (tmp_path / f"shop.db{LOCK_SUFFIX}").exists()
    database.close()


def _hold(path: str, held, release) -> None:
    with WriterTurns(Path(path)):
        held.set()
        release.wait(30)


@needs_flock
def test_a_writer_waits_for_another_process_and_gives_up_with_a_clear_error(tmp_path):
    database = tmp_path / "shop.db"
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    other = context.Process(target=_hold, args=(str(database), held, release))
    other.start()
    try:
        assert held.wait(30), "the other process never took its turn"
        turns = WriterTurns(database, wait=0.2)
        started = time.monotonic()
        refused = pytest.raises(StoreError, match=r"shop\.db-writers: another process .* 0\.2 s")
        with refused, turns:
            pass
        assert time.monotonic() - started >= 0.2
        release.set()
        other.join(30)
        with turns:  # its turn ended: this one goes ahead at once
            pass
    finally:
        release.set()
        other.join(30)


@needs_flock
@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_forked_child_does_not_share_its_parents_turn(tmp_path):
    """A descriptor inherited across fork would share the parent's lock: the child opens its
    own and waits like any other process."""
    turns = WriterTurns(tmp_path / "shop.db", wait=0.2)
    context = multiprocessing.get_context("fork")
    result = context.Queue()

    def child() -> None:
        try:
            with turns:
                result.put("went ahead")
        except StoreError:
            result.put("waited")

    with turns:
        process = context.Process(target=child)
        process.start()
        answer = result.get(timeout=30)
        process.join(30)
    assert answer == "waited"


def test_a_writer_nests_and_threads_take_turns(tmp_path):
    turns = WriterTurns(tmp_path / "shop.db")
    with turns, turns:
        pass
    with turns:  # released fully: a second entry still works
        pass


def test_without_a_lock_file_writers_still_work(tmp_path):
    """A folder where the lock file cannot be made leaves SQLite's own waiting."""
    turns = WriterTurns(tmp_path / "missing-folder" / "shop.db")
    with turns:
        pass
    assert turns.path is None


_SAVER = textwrap.dedent(
    """
    import sys
    from wellarch.lens.catalog import BuiltinLensSource
    from wellarch.review import AnswerUpdate, Reviews
    from wellarch.store import Database, SqlRepository, sqlite_url
    from pathlib import Path

    path, question, saves = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    reviews = Reviews(SqlRepository(Database(sqlite_url(path))), [BuiltinLensSource()])
    lens = reviews.catalog.get("wellarchitected").lens
    practices = [c.id for c in lens.question(question).practices]
    for n in range(saves):
        reviews.answer("shop", question, AnswerUpdate(selected=tuple(practices[: 1 + n % 2])))
    print("done")
    """
)


def test_two_processes_saving_at_once_keep_every_save(tmp_path):
    path = tmp_path / "shop.db"
    database = Database(sqlite_url(path))
    database.ensure_ready()
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    reviews.create_workload("shop")
    saves = 60
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(path), question, str(saves)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for question in ("OPS01", "SEC01")
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.strip() == "done"
    answers = reviews.repository.answers(reviews.workload("shop"), "wellarchitected")
    assert answers["OPS01"].version == saves
    assert answers["SEC01"].version == saves
    update = AnswerUpdate(selected=(), expected_version=saves)
    assert reviews.answer("shop", "OPS01", update)[0].version == saves + 1
    database.close()
