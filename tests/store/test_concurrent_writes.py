"""Writers at the same moment never fail each other with a duplicate key, and never lose a
write: custom lenses, card schedules, review progress, evidence, imports and deletions, each
hammered by four threads on one database (PostgreSQL runs them truly at once; SQLite has them
take turns). Each round starts all writers behind a barrier, on keys no one has written yet and
on keys that exist already."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date

from wellarch.content.progress import JsonProgressFile
from wellarch.content.repetition import CardState
from wellarch.errors import Conflict, NotFound
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository
from wellarch.store.cards import SqlCardProgress

WRITERS = 4
ROUNDS = 12


def at_once(write: Callable[[int, int], None], rounds: int = ROUNDS) -> None:
    """Call ``write(writer, round)`` from :data:`WRITERS` threads, round after round, every
    round released at once; re-raise the first failure."""
    barrier = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        for round_ in range(rounds):
            try:
                barrier.wait(timeout=30)
                write(number, round_)
            except threading.BrokenBarrierError:
                return
            except BaseException as exc:
                failures.append(exc)
                barrier.abort()
                return

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def lens_document(name: str) -> str:
    return json.dumps({"name": name})


def test_concurrent_lens_imports_under_one_alias(database: Database):
    """New aliases (every writer inserts) and known ones (every writer replaces): one
    document wins, none fails."""
    repositories = [SqlRepository(database) for _ in range(WRITERS)]

    def write(writer: int, round_: int) -> None:
        repository = repositories[writer]
        repository.save_custom_lens(f"new-{round_}", lens_document(f"new {round_} by {writer}"))
        repository.save_custom_lens("known", lens_document(f"known {round_} by {writer}"))

    at_once(write)
    lenses = SqlRepository(database).custom_lenses()
    assert sorted(lenses) == sorted(["known", *(f"new-{n}" for n in range(ROUNDS))])
    last = json.loads(lenses["known"])["name"]
    assert last.startswith(f"known {ROUNDS - 1} by ")


def test_concurrent_card_schedules_for_the_same_cards(database: Database):
    stores = [SqlCardProgress(database) for _ in range(WRITERS)]

    def write(writer: int, round_: int) -> None:
        state = CardState(repetitions=round_, interval=writer + 1, due=date(2026, 1, 1))
        stores[writer].put_many({f"card-{round_}": state, "card-known": state, "last": state})

    at_once(write)
    found = SqlCardProgress(database).all()
    assert sorted(found) == sorted(["card-known", "last", *(f"card-{n}" for n in range(ROUNDS))])
    assert found["last"].repetitions == ROUNDS - 1


def test_concurrent_adoption_of_legacy_files_keeps_newer_schedules(database: Database, tmp_path):
    """Legacy files fill in cards the store lacks; a schedule saved meanwhile is kept, even
    when it is saved between the adoption's reading of the store and its writing."""
    stores = [SqlCardProgress(database) for _ in range(WRITERS)]
    legacy = CardState(repetitions=1, interval=1, due=date(2025, 1, 1))
    reviewed = CardState(repetitions=5, interval=30, due=date(2026, 6, 1))
    files = {}
    for writer in range(1, WRITERS):
        for round_ in range(ROUNDS):
            files[writer, round_] = tmp_path / f"cards-{writer}-{round_}.json"
            JsonProgressFile(files[writer, round_]).put(f"card-{round_}", legacy)

    def write(writer: int, round_: int) -> None:
        if writer == 0:
            stores[writer].put(f"card-{round_}", reviewed)
        else:
            stores[writer].adopt_file(files[writer, round_])

    at_once(write)
    found = SqlCardProgress(database).all()
    assert found == {f"card-{n}": reviewed for n in range(ROUNDS)}
    assert not any(path.exists() for path in files.values())


def test_concurrent_progress_and_evidence_for_one_workload(database: Database):
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    shop = reviews.create_workload("shop")
    repositories = [SqlRepository(database) for _ in range(WRITERS)]

    def write(writer: int, round_: int) -> None:
        repository = repositories[writer]
        repository.save_progress(shop, f"lens-{round_}", f"Q{writer}")
        repository.save_evidence(
            shop, f"lens-{round_}", {"OPS01": [{"writer": writer}], f"Q{writer}": []}
        )

    at_once(write)
    repository = SqlRepository(database)
    for round_ in range(ROUNDS):
        assert repository.progress(shop, f"lens-{round_}") in {f"Q{n}" for n in range(WRITERS)}
        assert len(repository.evidence(shop, f"lens-{round_}")) == 2


def test_concurrent_imports_of_one_export(database: Database):
    """Every import of a dump with a new workload name succeeds once; the others are a
    Conflict (nothing imported), never a database error. Lenses in the dump replace the
    stored ones on every import."""
    source = Reviews(SqlRepository(database), [BuiltinLensSource()])
    source.create_workload("template")
    source.answer("template", "OPS01", AnswerUpdate(none_of_these=True))
    SqlRepository(database).save_custom_lens("shared", lens_document("shared"))
    dump = SqlRepository(database).dump()
    source.delete_workload("template")
    repositories = [SqlRepository(database) for _ in range(WRITERS)]
    imported: list[str] = []
    lock = threading.Lock()

    def write(writer: int, round_: int) -> None:
        name = f"imported-{round_}"
        data = {
            **dump,
            "lenses": [*dump["lenses"], {**dump["lenses"][0], "alias": f"lens-{round_}"}],
            "workloads": [{**dump["workloads"][0], "name": name}],
        }
        try:
            repositories[writer].load(data)
        except Conflict:
            return
        with lock:
            imported.append(name)

    at_once(write)
    assert sorted(imported) == sorted(f"imported-{n}" for n in range(ROUNDS))
    names = [summary.name for summary in source.workload_page().summaries]
    assert names == sorted(imported)
    assert sorted(SqlRepository(database).custom_lenses()) == sorted(
        ["shared", *(f"lens-{n}" for n in range(ROUNDS))]
    )


def test_deleting_a_workload_while_it_is_answered(database: Database):
    """One writer deletes a workload while three answer it, save progress and evidence and
    add milestones: no deadlock and no database error (a writer that comes second gets
    NotFound or Conflict, which it can act on), and the workload is gone afterwards."""
    every = [Reviews(SqlRepository(database), [BuiltinLensSource()]) for _ in range(WRITERS)]
    lens = every[0].catalog.get("wellarchitected").lens
    questions = [question.id for _, question in lens.questions()][:3]
    created = threading.Barrier(WRITERS)

    def write(writer: int, round_: int) -> None:
        reviews, name = every[writer], f"shop-{round_}"
        if writer == 0:
            reviews.create_workload(name)
            for qid in questions:
                reviews.answer(name, qid, AnswerUpdate(none_of_these=True))
        created.wait(timeout=30)
        if writer == 0:
            reviews.delete_workload(name)
            return
        repository = reviews.repository
        assert isinstance(repository, SqlRepository)
        try:
            workload = reviews.workload(name)
            for qid in questions:
                reviews.answer(name, qid, AnswerUpdate(notes=f"by {writer}"))
            repository.save_progress(workload, "wellarchitected", questions[0])
            repository.save_evidence(workload, "wellarchitected", {questions[0]: []})
            reviews.create_milestone(name, f"by {writer}")
        except (NotFound, Conflict):
            pass

    at_once(write)
    assert every[0].workload_page().summaries == []
