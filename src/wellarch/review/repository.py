"""The review repository: the extension point through which reviews are persisted.

The domain talks to this protocol only; ``wellarch.store`` implements it on SQLAlchemy (SQLite
or PostgreSQL) and :class:`InMemoryRepository` is the fake used by tests and embedders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from wellarch.errors import Conflict, InputError, NotFound
from wellarch.review.answer import Answer
from wellarch.review.milestone import MAX_MILESTONES, Milestone
from wellarch.review.risk import Risk
from wellarch.review.workload import Workload

__all__ = [
    "InMemoryRepository",
    "Repository",
    "WorkloadPage",
    "WorkloadSummary",
    "matches_query",
    "query_words",
]


@dataclass(frozen=True)
class WorkloadSummary:
    """What a list of workloads shows: identity and risk counts (``workload show`` has all)."""

    name: str
    environment: str
    owner: str | None
    lenses: tuple[str, ...]
    updated_at: datetime | None
    #: Saved risks by level (questions never answered are not counted here).
    risks: Mapping[str, int]
    answered: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "environment": self.environment,
            "owner": self.owner,
            "lenses": list(self.lenses),
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "answered": self.answered,
            "high": self.risks.get("HIGH", 0),
            "medium": self.risks.get("MEDIUM", 0),
        }


@dataclass(frozen=True)
class WorkloadPage:
    """One page of a (possibly searched) workload list, with totals over every match."""

    summaries: list[WorkloadSummary]
    #: Workloads that match the search (all of them when there is none).
    matched: int
    #: Workloads in the repository.
    total: int
    #: Saved risks by level over every matching workload.
    risks: Mapping[str, int]


def query_words(query: str) -> list[str]:
    """The words of a workload search, lowercased (every word must match)."""
    return query.casefold().split()


def matches_query(summary: WorkloadSummary, query: str) -> bool:
    """Whether every word of ``query`` occurs in the workload's name, owner, environment or
    lens aliases (case-insensitive substrings)."""
    haystack = " ".join([summary.name, summary.owner or "", summary.environment, *summary.lenses])
    return all(word in haystack.casefold() for word in query_words(query))


def page_of(
    summaries: list[WorkloadSummary], query: str, offset: int, limit: int | None
) -> WorkloadPage:
    """A :class:`WorkloadPage` cut from a full list (what repositories without a faster
    path do)."""
    matching = [s for s in summaries if matches_query(s, query)]
    risks: dict[str, int] = {}
    for summary in matching:
        for level, count in summary.risks.items():
            risks[level] = risks.get(level, 0) + count
    end = None if limit is None else offset + limit
    return WorkloadPage(matching[offset:end], len(matching), len(summaries), risks)


class Repository(Protocol):
    def add_workload(self, workload: Workload) -> Workload: ...
    def update_workload(self, workload: Workload) -> Workload: ...
    def get_workload(self, name: str) -> Workload: ...
    def delete_workload(self, name: str) -> None: ...
    def list_workloads(self) -> list[WorkloadSummary]: ...
    def workload_page(self, query: str, offset: int, limit: int | None) -> WorkloadPage:
        """The workloads matching ``query`` (see :func:`matches_query`) in name order, from
        ``offset``, at most ``limit`` of them (all when ``None``)."""
        ...

    def answers(self, workload: Workload, lens: str) -> Mapping[str, Answer]:
        """The saved answers by question id, read-only (callers copy to change them)."""
        ...

    def save_answer(self, workload: Workload, answer: Answer, risk: Risk) -> Answer:
        """Store ``answer`` if the saved version is still ``answer.version - 1``, atomically;
        otherwise raise :class:`Conflict` and change nothing."""
        ...

    def add_milestone(
        self, workload: Workload, name: str, snapshot: Mapping[str, Any]
    ) -> Milestone: ...
    def milestones(self, workload: Workload) -> list[Milestone]: ...
    def evidence(self, workload: Workload, lens: str) -> dict[str, list[dict[str, Any]]]:
        """IaC evidence by question id: citations as dicts (see ``wellarch.evidence.apply``)."""
        ...

    def save_evidence(
        self, workload: Workload, lens: str, by_question: Mapping[str, list[dict[str, Any]]]
    ) -> None:
        """Replace the workload's evidence for this lens."""
        ...

    def custom_lenses(self) -> dict[str, str]:
        """Imported lens documents (AWS JSON text) by alias."""
        ...

    def custom_lens_versions(self) -> dict[str, str]:
        """A version token by imported lens alias, read without the documents: a lens saved
        again under its alias (replaced) gets a token it never had before, so a process that
        parsed it knows to read it again. Tokens are only compared for equality."""
        ...

    def save_custom_lens(self, alias: str, document: str) -> None: ...


def _now() -> datetime:
    return datetime.now(UTC)


class InMemoryRepository:
    """A repository in dicts, with the same semantics as the SQL store."""

    def __init__(self) -> None:
        self._workloads: dict[str, Workload] = {}
        self._answers: dict[tuple[int, str, str], tuple[Answer, Risk]] = {}
        self._milestones: dict[int, list[Milestone]] = {}
        self._lenses: dict[str, str] = {}
        #: Times each alias was saved: its version token (see ``custom_lens_versions``).
        self._lens_saves: dict[str, int] = {}
        self._evidence: dict[tuple[int, str], dict[str, list[dict[str, Any]]]] = {}
        self._next_id = 1

    def add_workload(self, workload: Workload) -> Workload:
        if workload.name in self._workloads:
            raise Conflict(f"a workload named {workload.name!r} already exists")
        now = _now()
        stored = replace(workload, id=self._next_id, created_at=now, updated_at=now)
        self._next_id += 1
        self._workloads[stored.name] = stored
        return stored

    def update_workload(self, workload: Workload) -> Workload:
        old = next((w for w in self._workloads.values() if w.id == workload.id), None)
        if old is None:
            raise NotFound(f"unknown workload {workload.name!r}")
        if workload.name != old.name and workload.name in self._workloads:
            raise Conflict(f"a workload named {workload.name!r} already exists")
        del self._workloads[old.name]
        stored = replace(workload, updated_at=_now())
        self._workloads[stored.name] = stored
        return stored

    def get_workload(self, name: str) -> Workload:
        try:
            return self._workloads[name]
        except KeyError:
            raise NotFound(f"unknown workload {name!r}") from None

    def delete_workload(self, name: str) -> None:
        workload = self.get_workload(name)
        del self._workloads[name]
        self._milestones.pop(workload.id or 0, None)
        for evidence_key in [k for k in self._evidence if k[0] == workload.id]:
            del self._evidence[evidence_key]
        for key in [k for k in self._answers if k[0] == workload.id]:
            del self._answers[key]

    def list_workloads(self) -> list[WorkloadSummary]:
        result = []
        for workload in sorted(self._workloads.values(), key=lambda w: w.name):
            risks: dict[str, int] = {}
            answered = 0
            for (wid, _, _), (_, risk) in self._answers.items():
                if wid == workload.id and risk is not Risk.UNANSWERED:
                    risks[risk.value] = risks.get(risk.value, 0) + 1
                    answered += 1
            result.append(
                WorkloadSummary(
                    workload.name,
                    workload.environment.value,
                    workload.owner,
                    workload.lenses,
                    workload.updated_at,
                    risks,
                    answered,
                )
            )
        return result

    def workload_page(self, query: str, offset: int, limit: int | None) -> WorkloadPage:
        return page_of(self.list_workloads(), query, offset, limit)

    def answers(self, workload: Workload, lens: str) -> Mapping[str, Answer]:
        return {
            qid: answer
            for (wid, alias, qid), (answer, _) in self._answers.items()
            if wid == workload.id and alias == lens
        }

    def save_answer(self, workload: Workload, answer: Answer, risk: Risk) -> Answer:
        key = (workload.id or 0, answer.lens, answer.question_id)
        saved = self._answers.get(key)
        saved_version = saved[0].version if saved else 0
        if saved_version != answer.version - 1:
            raise Conflict(
                f"answer to {answer.question_id} changed meanwhile (saved version "
                f"{saved_version}); reload it and apply your change again"
            )
        stored = replace(answer, updated_at=_now())
        self._answers[key] = (stored, risk)
        return stored

    def add_milestone(
        self, workload: Workload, name: str, snapshot: Mapping[str, Any]
    ) -> Milestone:
        existing = self._milestones.setdefault(workload.id or 0, [])
        if len(existing) >= MAX_MILESTONES:
            raise InputError(f"workload {workload.name!r} already has {MAX_MILESTONES} milestones")
        if any(m.name == name for m in existing):
            raise Conflict(f"workload {workload.name!r} already has a milestone named {name!r}")
        milestone = Milestone(len(existing) + 1, name, _now(), snapshot)
        existing.append(milestone)
        return milestone

    def milestones(self, workload: Workload) -> list[Milestone]:
        return list(self._milestones.get(workload.id or 0, []))

    def evidence(self, workload: Workload, lens: str) -> dict[str, list[dict[str, Any]]]:
        return dict(self._evidence.get((workload.id or 0, lens), {}))

    def save_evidence(
        self, workload: Workload, lens: str, by_question: Mapping[str, list[dict[str, Any]]]
    ) -> None:
        self._evidence[(workload.id or 0, lens)] = {k: list(v) for k, v in by_question.items()}

    def custom_lenses(self) -> dict[str, str]:
        return dict(self._lenses)

    def custom_lens_versions(self) -> dict[str, str]:
        return {alias: str(self._lens_saves[alias]) for alias in self._lenses}

    def save_custom_lens(self, alias: str, document: str) -> None:
        self._lenses[alias] = document
        self._lens_saves[alias] = self._lens_saves.get(alias, 0) + 1
