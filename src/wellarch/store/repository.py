"""The SQL implementation of :class:`wellarch.review.Repository` — the only code that queries.

Every write is one transaction. Answers are saved with compare-and-set on their version, so
two writers can never silently overwrite each other.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from wellarch.errors import Conflict, InputError, NotFound
from wellarch.recent import Recent
from wellarch.review.answer import Answer, NotApplicable, Reason, Source
from wellarch.review.milestone import MAX_MILESTONES, Milestone
from wellarch.review.repository import WorkloadPage, WorkloadSummary, query_words
from wellarch.review.risk import Risk
from wellarch.review.workload import Environment, Workload
from wellarch.storable import NUL
from wellarch.store import schema
from wellarch.store.database import Database
from wellarch.store.schema import RISK_COUNT_COLUMNS
from wellarch.store.upsert import upsert

__all__ = ["ANSWER_CACHE_SIZE", "SqlRepository"]

#: Decoded answer sets kept per repository (workload × lens), least recently used dropped.
ANSWER_CACHE_SIZE = 256

# The statements a review page and a save run, built once: SQLAlchemy then finds their
# compiled form by a cache key it computes once, instead of building and hashing a new
# statement on every call (that was a third of a review page's store time).
_w, _a, _e = schema.workloads, schema.answers, schema.evidence
_WORKLOAD_BY_NAME = sa.select(_w).where(_w.c.name == sa.bindparam("name"))
_ANSWERS_OF = (_a.c.workload_id == sa.bindparam("wid"), _a.c.lens == sa.bindparam("lens_alias"))
#: Changes whenever an answer of the set is saved, added or removed (see ``answers``).
_ANSWER_STAMP = sa.select(sa.func.count(), sa.func.sum(_a.c.version), sa.func.max(_a.c.updated_at))
_ANSWER_STAMP = _ANSWER_STAMP.where(*_ANSWERS_OF)
_ANSWER_VERSIONS = sa.select(_a.c.question_id, _a.c.version, _a.c.updated_at).where(*_ANSWERS_OF)
_ANSWER_ROWS = sa.select(_a).where(*_ANSWERS_OF)
_ANSWER_ROWS_FOR = _ANSWER_ROWS.where(_a.c.question_id.in_(sa.bindparam("ids", expanding=True)))
_ANSWER_UPDATE = (
    _a.update()
    .where(*_ANSWERS_OF, _a.c.question_id == sa.bindparam("qid"))
    .where(_a.c.version == sa.bindparam("previous"))
)
_RISK_COUNTS = (
    sa.select(_a.c.risk, sa.func.count())
    .where(_a.c.workload_id == sa.bindparam("wid"))
    .group_by(_a.c.risk)
)
_COUNTS_UPDATE = _w.update().where(_w.c.id == sa.bindparam("wid"))
_EVIDENCE_OF = sa.select(_e.c.question_id, _e.c.citations).where(
    _e.c.workload_id == sa.bindparam("wid"), _e.c.lens == sa.bindparam("lens_alias")
)
_l = schema.lenses
#: Every custom lens's version (see ``custom_lens_versions``): never the documents.
_LENS_VERSIONS = sa.select(_l.c.alias, _l.c.imported_at)
#: When the lens under an alias was saved; ``FOR UPDATE`` (PostgreSQL) makes a second save of
#: the alias wait for the first, so it sees the first one's time (SQLite's writers take turns).
_LENS_SAVED_AT = (
    sa.select(_l.c.imported_at).where(_l.c.alias == sa.bindparam("alias")).with_for_update()
)


# The workload list's statements (see ``workload_page``); a search adds its conditions. The
# page's name order depends on the back end: each repository orders ``_PAGE_ROWS`` itself.
_RISK_LEVELS = tuple(RISK_COUNT_COLUMNS)
_RISK_COLUMNS = [_w.c[column] for column in RISK_COUNT_COLUMNS.values()]
_PAGE_ROWS = sa.select(
    _w.c.name, _w.c.environment, _w.c.owner, _w.c.lenses, _w.c.updated_at, *_RISK_COLUMNS
)
_PAGE_TOTALS = sa.select(
    sa.func.count(), *(sa.func.coalesce(sa.func.sum(c), 0) for c in _RISK_COLUMNS)
)
_WORKLOAD_COUNT = sa.select(sa.func.count()).select_from(_w)


class _AnswerSet:
    """One workload's decoded answers to one lens, and the stamp they were read at."""

    __slots__ = ("answers", "stamp", "view")

    def __init__(self, stamp: tuple[Any, ...], answers: dict[str, Answer]) -> None:
        self.stamp = stamp
        self.answers = answers
        self.view: Mapping[str, Answer] = MappingProxyType(answers)


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    """A time as read from the database, in UTC (SQLite keeps no zone: its times are UTC)."""
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _workload_row(workload: Workload) -> dict[str, Any]:
    return {
        "name": workload.name,
        "environment": workload.environment.value,
        "description": workload.description,
        "owner": workload.owner,
        "regions": list(workload.regions),
        "industry": workload.industry,
        "architectural_design": workload.architectural_design,
        "notes": workload.notes,
        "tags": dict(workload.tags),
        "lenses": list(workload.lenses),
        "pillar_priorities": list(workload.pillar_priorities),
    }


def _workload(row: sa.Row[Any]) -> Workload:
    m = row._mapping
    return Workload(
        id=m["id"],
        name=m["name"],
        environment=Environment(m["environment"]),
        description=m["description"],
        owner=m["owner"],
        regions=tuple(m["regions"]),
        industry=m["industry"],
        architectural_design=m["architectural_design"],
        notes=m["notes"],
        tags=dict(m["tags"]),
        lenses=tuple(m["lenses"]),
        pillar_priorities=tuple(m["pillar_priorities"]),
        created_at=_utc(m["created_at"]),
        updated_at=_utc(m["updated_at"]),
    )


def _na(reason: str | None, details: str | None) -> NotApplicable | None:
    return NotApplicable(Reason(reason), details) if reason else None


def _answer(row: sa.Row[Any]) -> Answer:
    m = row._mapping
    return Answer(
        lens=m["lens"],
        question_id=m["question_id"],
        selected=tuple(m["selected"]),
        not_applicable=_na(m["na_reason"], m["na_details"]),
        choice_not_applicable={
            cid: NotApplicable(Reason(v["reason"]), v.get("details"))
            for cid, v in m["choice_na"].items()
        },
        notes=m["notes"],
        source=Source(m["source"]),
        version=m["version"],
        updated_at=_utc(m["updated_at"]),
    )


def _answer_row(answer: Answer, risk: Risk) -> dict[str, Any]:
    na = answer.not_applicable
    return {
        "selected": list(answer.selected),
        "na_reason": na.reason.value if na else None,
        "na_details": na.details if na else None,
        "choice_na": {cid: v.to_dict() for cid, v in answer.choice_not_applicable.items()},
        "notes": answer.notes,
        "source": answer.source.value,
        "risk": risk.value,
        "version": answer.version,
        "updated_at": _now(),
    }


def _lock_workload(conn: sa.Connection, workload_id: int | None) -> None:
    """Make the other writers to this workload's answers and milestones wait until this
    transaction ends; call it first thing in the transaction.

    A no-op on SQLite, whose writers take turns anyway. On PostgreSQL (READ COMMITTED), two
    transactions saving answers to one workload would each count the answers without the
    other's, and the later update of the counts would lose one; behind this lock, every
    statement sees what the previous writer committed. ``FOR NO KEY UPDATE``: the answers'
    foreign key takes a key-share lock on the workload, which ``FOR UPDATE`` would deadlock on.
    """
    if conn.dialect.name == "sqlite":
        return
    w = schema.workloads
    conn.execute(sa.select(w.c.id).where(w.c.id == workload_id).with_for_update(key_share=True))


def _gone(conn: sa.Connection, workload: Workload) -> bool:
    """Whether the workload has been deleted (by another writer, after the caller read it):
    asked after an IntegrityError, to tell a missing workload from a real conflict."""
    w = schema.workloads
    return conn.execute(sa.select(w.c.id).where(w.c.id == workload.id)).first() is None


def _refresh_counts(conn: sa.Connection, workload_id: int | None) -> None:
    """Bring the workload's risk-count columns in step with its answers (in the transaction
    that changed them, behind :func:`_lock_workload`)."""
    found: dict[str, int] = dict(conn.execute(_RISK_COUNTS, {"wid": workload_id}).all())
    counts = {column: found.get(risk, 0) for risk, column in RISK_COUNT_COLUMNS.items()}
    conn.execute(_COUNTS_UPDATE, {"wid": workload_id, **counts})


class SqlRepository:
    """Reviews persisted through SQLAlchemy Core, on SQLite or PostgreSQL."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.engine = database.engine
        self._answers_cache: Recent[tuple[int | None, str], _AnswerSet]
        self._answers_cache = Recent(ANSWER_CACHE_SIZE)
        by_name = _PAGE_ROWS.order_by(database.in_code_point_order(_w.c.name))
        by_name = by_name.offset(sa.bindparam("offset", type_=sa.Integer))
        #: The page statements without and with a limit (``workload_page``).
        self._pages = (by_name, by_name.limit(sa.bindparam("limit", type_=sa.Integer)))

    # -- workloads ---------------------------------------------------------------------------
    def add_workload(self, workload: Workload) -> Workload:
        now = _now()
        try:
            with self.database.write() as conn:
                result = conn.execute(
                    schema.workloads.insert().values(
                        **_workload_row(workload), created_at=now, updated_at=now
                    )
                )
                (new_id,) = result.inserted_primary_key or (None,)
        except IntegrityError:
            raise Conflict(f"a workload named {workload.name!r} already exists") from None
        return (
            self.get_workload(workload.name)
            if new_id is None
            else Workload(
                **{**workload.__dict__, "id": new_id, "created_at": now, "updated_at": now}
            )
        )

    def update_workload(self, workload: Workload) -> Workload:
        try:
            with self.database.write() as conn:
                result = conn.execute(
                    schema.workloads.update()
                    .where(schema.workloads.c.id == workload.id)
                    .values(**_workload_row(workload), updated_at=_now())
                )
        except IntegrityError:
            raise Conflict(f"a workload named {workload.name!r} already exists") from None
        if result.rowcount == 0:
            raise NotFound(f"unknown workload {workload.name!r}")
        return self.get_workload(workload.name)

    def get_workload(self, name: str) -> Workload:
        if NUL in name:  # no stored name has one (wellarch.storable), and PostgreSQL refuses it
            raise NotFound(f"unknown workload {name!r}")
        with self.engine.connect() as conn:
            row = conn.execute(_WORKLOAD_BY_NAME, {"name": name}).first()
        if row is None:
            raise NotFound(f"unknown workload {name!r}")
        return _workload(row)

    def delete_workload(self, name: str) -> None:
        workload = self.get_workload(name)
        w = schema.workloads
        with self.database.write() as conn:
            if conn.dialect.name != "sqlite":
                # Wait for the writers to this workload (behind _lock_workload) first: deleting
                # their answers before the workload would leave a writer that holds the
                # workload waiting for an answer row this transaction holds — a deadlock.
                conn.execute(sa.select(w.c.id).where(w.c.id == workload.id).with_for_update())
            for table in (
                schema.answers,
                schema.milestones,
                schema.review_progress,
                schema.evidence,
            ):
                conn.execute(table.delete().where(table.c.workload_id == workload.id))
            conn.execute(schema.workloads.delete().where(schema.workloads.c.id == workload.id))

    def list_workloads(self) -> list[WorkloadSummary]:
        return self.workload_page("", 0, None).summaries

    def workload_page(self, query: str, offset: int, limit: int | None) -> WorkloadPage:
        """One page in name order, filtered and totalled in SQL: a page of 50 out of 10,000
        workloads reads 50 rows plus two aggregates, and never the answers table."""
        w = schema.workloads
        fold = sa.func.casefold if self.database.is_sqlite else sa.func.lower
        conditions: list[sa.ColumnElement[bool]] = []
        for word in query_words(query):
            if NUL in word:  # matches nothing stored (wellarch.storable); PostgreSQL refuses it
                conditions.append(sa.false())
                continue
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            fields = (
                w.c.name,
                sa.func.coalesce(w.c.owner, ""),
                w.c.environment,
                sa.cast(w.c.lenses, sa.Text),
            )
            conditions.append(sa.or_(*(fold(f).like(pattern, escape="\\") for f in fields)))
        selected, totalled = self._pages[limit is not None], _PAGE_TOTALS
        if conditions:
            selected, totalled = selected.where(*conditions), totalled.where(*conditions)
        with self.engine.connect() as conn:
            rows = conn.execute(selected, {"offset": offset, "limit": limit}).all()
            totals = conn.execute(totalled).one()
            everything = conn.execute(_WORKLOAD_COUNT).scalar_one() if conditions else totals[0]
        levels = _RISK_LEVELS
        summaries = []
        for name, environment, owner, lenses, updated_at, *numbers in rows:
            risks = {level: n for level, n in zip(levels, numbers, strict=True) if n}
            summaries.append(
                WorkloadSummary(
                    name,
                    environment,
                    owner,
                    tuple(lenses),
                    _utc(updated_at),
                    risks,
                    sum(numbers),
                )
            )
        matched, *sums = totals
        risk_totals = {level: int(n) for level, n in zip(levels, sums, strict=True) if n}
        return WorkloadPage(summaries, matched, everything, risk_totals)

    # -- answers -----------------------------------------------------------------------------
    def answers(self, workload: Workload, lens: str) -> Mapping[str, Answer]:
        """The saved answers (read-only), decoded once per change.

        A cheap aggregate (how many answers, the sum of their versions, the latest change)
        tells whether anything changed since the last call — every save raises a version and
        the time — so that a review page does not decode 57 JSON rows on every request. When
        it did change, only the answers whose version or time moved are read and decoded.
        Writers in other processes are seen too: the checks run against the database. The
        same mapping comes back while nothing changes, so callers may memoise on it.
        """
        key = (workload.id, lens)
        where = {"wid": workload.id, "lens_alias": lens}
        with self.engine.connect() as conn:
            stamp = tuple(conn.execute(_ANSWER_STAMP, where).one())
            cached = self._answers_cache.get(key)
            if cached is not None and cached.stamp == stamp:
                return cached.view
            if cached is None:
                found = {row.question_id: _answer(row) for row in conn.execute(_ANSWER_ROWS, where)}
            else:
                found = self._refreshed(conn, cached.answers, where)
        fresh = _AnswerSet(stamp, found)
        self._answers_cache.put(key, fresh)
        return fresh.view

    @staticmethod
    def _refreshed(
        conn: sa.Connection, known: Mapping[str, Answer], where: Mapping[str, Any]
    ) -> dict[str, Answer]:
        """``known`` brought up to date: answers whose version or time changed are read again,
        the others kept, removed ones dropped (a row read after the stamp may be newer than
        it; the next stamp check then just refreshes once more)."""
        found: dict[str, Answer] = {}
        changed = []
        for question_id, version, updated_at in conn.execute(_ANSWER_VERSIONS, where):
            old = known.get(question_id)
            if old is not None and old.version == version and old.updated_at == _utc(updated_at):
                found[question_id] = old
            else:
                changed.append(question_id)
        if changed:
            rows = conn.execute(_ANSWER_ROWS_FOR, {**where, "ids": changed})
            found.update((row.question_id, _answer(row)) for row in rows)
        return found

    def save_answer(self, workload: Workload, answer: Answer, risk: Risk) -> Answer:
        a = schema.answers
        values = _answer_row(answer, risk)
        stale = Conflict(
            f"answer to {answer.question_id} changed meanwhile (you had version "
            f"{answer.version - 1}); reload it and apply your change again"
        )
        stamped = {"wid": workload.id, "lens_alias": answer.lens}
        with self.database.write() as conn:
            _lock_workload(conn, workload.id)
            before = tuple(conn.execute(_ANSWER_STAMP, stamped).one())
            if answer.version == 1:
                try:
                    with conn.begin_nested():
                        conn.execute(
                            a.insert().values(
                                workload_id=workload.id,
                                lens=answer.lens,
                                question_id=answer.question_id,
                                **values,
                            )
                        )
                except IntegrityError:
                    raise stale from None
            else:
                where = {**stamped, "qid": answer.question_id, "previous": answer.version - 1}
                result = conn.execute(_ANSWER_UPDATE, {**where, **values})
                if result.rowcount != 1:
                    raise stale
            _refresh_counts(conn, workload.id)
            after = tuple(conn.execute(_ANSWER_STAMP, stamped).one())
        saved = Answer(**{**answer.__dict__, "updated_at": values["updated_at"]})
        self._remember(workload, saved, before, after)
        return saved

    def _remember(
        self, workload: Workload, saved: Answer, before: tuple[Any, ...], after: tuple[Any, ...]
    ) -> None:
        """Keep the cached answers current after this repository's own save: when they were
        read at the stamp the save started from (the workload's row was locked, so no other
        writer came in between), the saved answer joins them at the stamp it ended with — the
        next page reads no rows. Otherwise the next read refreshes as usual."""
        key = (workload.id, saved.lens)
        cached = self._answers_cache.get(key)
        if cached is not None and cached.stamp == before:
            answers = {**cached.answers, saved.question_id: saved}
            self._answers_cache.put(key, _AnswerSet(after, answers))

    # -- milestones --------------------------------------------------------------------------
    def add_milestone(
        self, workload: Workload, name: str, snapshot: Mapping[str, Any]
    ) -> Milestone:
        m = schema.milestones
        now = _now()
        try:
            with self.database.write() as conn:
                _lock_workload(conn, workload.id)  # the next number is this writer's alone
                last = conn.execute(
                    sa.select(sa.func.max(m.c.number)).where(m.c.workload_id == workload.id)
                ).scalar()
                number = (last or 0) + 1
                if number > MAX_MILESTONES:
                    raise InputError(
                        f"workload {workload.name!r} already has {MAX_MILESTONES} milestones"
                    )
                conn.execute(
                    m.insert().values(
                        workload_id=workload.id,
                        number=number,
                        name=name,
                        created_at=now,
                        snapshot=dict(snapshot),
                    )
                )
        except IntegrityError:
            with self.engine.connect() as conn:
                if _gone(conn, workload):
                    raise NotFound(f"unknown workload {workload.name!r}") from None
            raise Conflict(
                f"workload {workload.name!r} already has a milestone named {name!r}"
            ) from None
        return Milestone(number, name, now, snapshot)

    def milestones(self, workload: Workload) -> list[Milestone]:
        m = schema.milestones
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(m).where(m.c.workload_id == workload.id).order_by(m.c.number)
            )
            return [
                Milestone(r.number, r.name, _utc(r.created_at) or _now(), r.snapshot) for r in rows
            ]

    # -- review progress (interactive review resumes where it stopped) ------------------------
    def progress(self, workload: Workload, lens: str) -> str | None:
        p = schema.review_progress
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(p.c.question_id).where(p.c.workload_id == workload.id, p.c.lens == lens)
            ).scalar()

    def save_progress(self, workload: Workload, lens: str, question_id: str) -> None:
        p = schema.review_progress
        row = {"workload_id": workload.id, "lens": lens, "question_id": question_id}
        try:
            with self.database.write() as conn:
                upsert(conn, p, [row])
        except IntegrityError:  # the only constraint left is the workload's foreign key
            raise NotFound(f"unknown workload {workload.name!r}") from None

    # -- evidence from IaC scans ---------------------------------------------------------------
    def evidence(self, workload: Workload, lens: str) -> dict[str, list[dict[str, Any]]]:
        with self.engine.connect() as conn:
            rows = conn.execute(_EVIDENCE_OF, {"wid": workload.id, "lens_alias": lens})
            return {question_id: citations for question_id, citations in rows}

    def save_evidence(
        self, workload: Workload, lens: str, by_question: Mapping[str, list[dict[str, Any]]]
    ) -> None:
        e = schema.evidence
        now = _now()
        try:
            with self.database.write() as conn:
                _lock_workload(conn, workload.id)  # one scan's evidence replaces another's whole
                conn.execute(e.delete().where(e.c.workload_id == workload.id, e.c.lens == lens))
                if by_question:
                    conn.execute(
                        e.insert(),
                        [
                            {
                                "workload_id": workload.id,
                                "lens": lens,
                                "question_id": qid,
                                "citations": list(citations),
                                "scanned_at": now,
                            }
                            for qid, citations in by_question.items()
                        ],
                    )
        except IntegrityError:  # the only constraint left is the workload's foreign key
            raise NotFound(f"unknown workload {workload.name!r}") from None

    # -- custom lenses -----------------------------------------------------------------------
    def custom_lenses(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(schema.lenses.c.alias, schema.lenses.c.document))
            return {alias: document for alias, document in rows}

    def custom_lens_versions(self) -> dict[str, str]:
        """The time each lens was imported, as its version token (see ``save_custom_lens``)."""
        with self.engine.connect() as conn:
            return {alias: str(_utc(at)) for alias, at in conn.execute(_LENS_VERSIONS)}

    def save_custom_lens(self, alias: str, document: str) -> None:
        """Store a lens under ``alias``, replacing the one stored there (atomically: two
        imports under one alias at the same moment leave one of the two).

        The import time is its version token: it is moved on past the replaced lens's time
        (by a microsecond) when the clock has not, so every save gets a token of its own.
        """
        name = json.loads(document).get("name", alias)
        with self.database.write() as conn:
            now = _now()
            saved = _utc(conn.execute(_LENS_SAVED_AT, {"alias": alias}).scalar())
            if saved is not None and now <= saved:
                now = saved + timedelta(microseconds=1)
            row = {"alias": alias, "name": name, "document": document, "imported_at": now}
            upsert(conn, schema.lenses, [row])

    # -- whole-database export and import -----------------------------------------------------
    def dump(self) -> dict[str, Any]:
        """Everything as JSON-able data: lenses, workloads with answers and milestones, as
        they all were at one moment (writers may go on meanwhile)."""
        ordered = self.database.in_code_point_order
        with self.database.snapshot() as conn:  # one moment, however long the export takes
            lenses = [
                {"alias": r.alias, "document": r.document, "imported_at": r.imported_at}
                for r in conn.execute(
                    sa.select(schema.lenses).order_by(ordered(schema.lenses.c.alias))
                )
            ]
            workloads = []
            for row in conn.execute(sa.select(schema.workloads).order_by(schema.workloads.c.id)):
                wid = row.id
                data = dict(row._mapping)
                for column in ("id", *RISK_COUNT_COLUMNS.values()):
                    del data[column]  # the counts are derived: load() recomputes them
                data["answers"] = [
                    {k: v for k, v in r._mapping.items() if k != "workload_id"}
                    for r in conn.execute(
                        sa.select(schema.answers)
                        .where(schema.answers.c.workload_id == wid)
                        .order_by(
                            ordered(schema.answers.c.lens), ordered(schema.answers.c.question_id)
                        )
                    )
                ]
                data["evidence"] = [
                    {k: v for k, v in r._mapping.items() if k != "workload_id"}
                    for r in conn.execute(
                        sa.select(schema.evidence)
                        .where(schema.evidence.c.workload_id == wid)
                        .order_by(
                            ordered(schema.evidence.c.lens), ordered(schema.evidence.c.question_id)
                        )
                    )
                ]
                data["milestones"] = [
                    {k: v for k, v in r._mapping.items() if k != "workload_id"}
                    for r in conn.execute(
                        sa.select(schema.milestones)
                        .where(schema.milestones.c.workload_id == wid)
                        .order_by(schema.milestones.c.number)
                    )
                ]
                workloads.append(data)
        return {"format": "wellarch-db", "version": 1, "lenses": lenses, "workloads": workloads}

    def load(self, data: Mapping[str, Any]) -> tuple[int, int]:
        """Import a :meth:`dump` in one transaction; nothing is written if anything fails.

        Returns the number of lenses and workloads imported. A workload whose name exists
        already is a :class:`Conflict`.
        """
        try:
            with self.database.write() as conn:
                lenses = {  # the last of one alias wins, as it did one after the other
                    lens["alias"]: {
                        "alias": lens["alias"],
                        "name": json.loads(lens["document"])["name"],
                        "document": lens["document"],
                        "imported_at": _parse_time(lens["imported_at"]),
                    }
                    for lens in data["lenses"]
                }
                upsert(conn, schema.lenses, list(lenses.values()))
                for workload in data["workloads"]:
                    nested = ("answers", "milestones", "evidence")
                    row = {k: v for k, v in workload.items() if k not in nested}
                    for key in ("created_at", "updated_at"):
                        row[key] = _parse_time(row[key])
                    try:
                        with conn.begin_nested():
                            result = conn.execute(schema.workloads.insert().values(**row))
                    except IntegrityError:
                        raise Conflict(
                            f"a workload named {row['name']!r} already exists; nothing was imported"
                        ) from None
                    (wid,) = result.inserted_primary_key or (None,)
                    for answer in workload["answers"]:
                        answer = {**answer, "updated_at": _parse_time(answer["updated_at"])}
                        conn.execute(schema.answers.insert().values(workload_id=wid, **answer))
                    _refresh_counts(conn, wid)
                    for item in workload.get("evidence", []):
                        item = {**item, "scanned_at": _parse_time(item["scanned_at"])}
                        conn.execute(schema.evidence.insert().values(workload_id=wid, **item))
                    for milestone in workload["milestones"]:
                        milestone = {
                            **milestone,
                            "created_at": _parse_time(milestone["created_at"]),
                        }
                        conn.execute(
                            schema.milestones.insert().values(workload_id=wid, **milestone)
                        )
        except (KeyError, TypeError, ValueError, DBAPIError) as exc:
            if isinstance(exc, IntegrityError | DBAPIError):
                detail = str(getattr(exc, "orig", exc))
            else:
                detail = f"{type(exc).__name__}: {exc}"
            raise InputError(f"not a wellarch export ({detail}); nothing was imported") from None
        return len(data["lenses"]), len(data["workloads"])


def _parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
