"""Review operations shared by every front end: the CLI and the web UI call these, once.

Example:
    >>> from wellarch.lens.catalog import BuiltinLensSource
    >>> reviews = Reviews(InMemoryRepository(), [BuiltinLensSource()])
    >>> shop = reviews.create_workload("web-shop")
    >>> answer, risk = reviews.answer("web-shop", "REL09", AnswerUpdate(none_of_these=True))
    >>> risk.value
    'HIGH'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wellarch.errors import InputError, NotFound
from wellarch.evidence.apply import QuestionEvidence
from wellarch.lens.catalog import BUILTIN_ALIASES, LensCatalog, LensEntry, LensSource, check_alias
from wellarch.lens.export import dump_lens
from wellarch.lens.model import Lens, Question
from wellarch.lens.reader import parse_lens_bytes
from wellarch.recent import Recent
from wellarch.review.answer import Answer, AnswerUpdate, Source, apply_update
from wellarch.review.milestone import (
    Milestone,
    MilestoneDiff,
    check_milestone_number,
    diff_snapshots,
    take_snapshot,
)
from wellarch.review.plan import PlanItem, improvement_plan
from wellarch.review.report import build_report
from wellarch.review.repository import (
    InMemoryRepository,
    Repository,
    WorkloadPage,
    WorkloadSummary,
)
from wellarch.review.risk import LensReview, Risk, question_risk
from wellarch.review.workload import Workload, new_workload
from wellarch.storable import storable

__all__ = [
    "REVIEW_CACHE_SIZE",
    "ApplyOutcome",
    "InMemoryRepository",
    "RepositoryLensSource",
    "Reviews",
]

#: Evaluated lens reviews kept (workload × lens), least recently used dropped.
REVIEW_CACHE_SIZE = 256


@dataclass
class ApplyOutcome:
    """What applying evidence did: suggested choices by question, and manual answers kept."""

    suggested: dict[str, list[str]] = field(default_factory=dict)
    kept_manual: list[str] = field(default_factory=list)


class RepositoryLensSource(LensSource):
    """Custom lenses imported into a repository.

    Each lens is parsed once per version: :meth:`get` asks the repository for the lenses'
    version tokens (a cheap read without the documents) and parses a lens again only when its
    token changed, so a lens replaced through another process (``serve --workers N``) is seen
    at the next request.
    """

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        #: Parsed lenses by alias, with the version token they were read at.
        self._cache: dict[str, tuple[str, LensEntry]] = {}

    def aliases(self) -> list[str]:
        return sorted(self.repository.custom_lens_versions())

    def get(self, alias: str) -> LensEntry | None:
        version = self.repository.custom_lens_versions().get(alias)
        if version is None:
            self._cache.pop(alias, None)
            return None
        cached = self._cache.get(alias)
        if cached is not None and cached[0] == version:
            return cached[1]
        # Read after the token: a lens replaced in between is cached under the older token,
        # and read again next time (never an old document under the new token).
        document = self.repository.custom_lenses().get(alias)
        if document is None:  # removed in between
            self._cache.pop(alias, None)
            return None
        loaded = parse_lens_bytes(document.encode(), source=f"<lens {alias}>")
        entry = LensEntry(alias, loaded.lens)
        self._cache[alias] = (version, entry)
        return entry


class Reviews:
    """Workloads, answers, risks, plans, reports and milestones over one repository."""

    def __init__(self, repository: Repository, sources: Iterable[LensSource]) -> None:
        self.repository = repository
        self._custom = RepositoryLensSource(repository)
        self.catalog = LensCatalog([*sources, self._custom])
        self._reviewed: Recent[
            tuple[int | None, str], tuple[Mapping[str, Answer], LensEntry, LensReview]
        ] = Recent(REVIEW_CACHE_SIZE)

    # -- lenses ------------------------------------------------------------------------------
    def import_lens(self, lens: Lens, alias: str) -> LensEntry:
        check_alias(alias)
        if alias in BUILTIN_ALIASES:
            raise InputError(f"{alias!r} is a built-in lens; import it under another alias")
        storable(lens.name, "lens name")
        self.repository.save_custom_lens(alias, dump_lens(lens, indent=None))
        return LensEntry(alias, lens)

    # -- workloads ---------------------------------------------------------------------------
    def create_workload(self, name: str, **fields: Any) -> Workload:
        workload = new_workload(name, **fields)
        self._check_lenses(workload)
        return self.repository.add_workload(workload)

    def update_workload(self, current_name: str, /, **fields: Any) -> Workload:
        """Change the fields given (``None`` leaves one as it is); ``name=`` renames the
        workload, keeping its answers, milestones and evidence."""
        current = self.workload(current_name)
        merged = {**current.to_dict(), **{k: v for k, v in fields.items() if v is not None}}
        for key in ("created_at", "updated_at"):
            merged.pop(key)
        workload = new_workload(merged.pop("name"), base=current, **merged)
        self._check_lenses(workload)
        return self.repository.update_workload(workload)

    def _check_lenses(self, workload: Workload) -> None:
        pillars: set[str] = set()
        for alias in workload.lenses:
            pillars |= {p.id for p in self.catalog.get(alias).lens.pillars}
        unknown = [p for p in workload.pillar_priorities if p not in pillars]
        if unknown:
            raise InputError(
                f"unknown pillar {unknown[0]!r} in pillar priorities (pillars: "
                f"{', '.join(sorted(pillars))})"
            )

    def workload(self, name: str) -> Workload:
        return self.repository.get_workload(name)

    def workloads(self) -> list[WorkloadSummary]:
        return self.repository.list_workloads()

    def workload_page(
        self, query: str = "", offset: int = 0, limit: int | None = None
    ) -> WorkloadPage:
        """Workloads whose name, owner, environment or lenses contain every word of ``query``,
        in name order, with the number that match and their risk totals."""
        return self.repository.workload_page(query, offset, limit)

    def delete_workload(self, name: str) -> None:
        self.repository.delete_workload(name)

    # -- answers -----------------------------------------------------------------------------
    def locate(
        self, workload: Workload, question_id: str, lens: str | None = None
    ) -> tuple[LensEntry, Question]:
        """The lens and question for ``question_id`` among the workload's lenses."""
        aliases = [lens] if lens else list(workload.lenses)
        if lens and lens not in workload.lenses:
            raise InputError(
                f"workload {workload.name!r} does not use lens {lens!r} "
                f"(its lenses: {', '.join(workload.lenses)})"
            )
        for alias in aliases:
            entry = self.catalog.get(alias)
            question = entry.lens.question(question_id)
            if question is not None:
                return entry, question
        raise NotFound(
            f"unknown question {question_id!r} in lens{'es' if len(aliases) > 1 else ''} "
            f"{', '.join(aliases)}"
        )

    def answer(
        self,
        workload: str | Workload,
        question_id: str,
        update: AnswerUpdate,
        *,
        lens: str | None = None,
    ) -> tuple[Answer, Risk]:
        """Apply ``update`` to one answer of ``workload`` (its name, or the workload as just
        read) and save it; returns the answer and its risk."""
        if isinstance(workload, str):
            workload = self.workload(workload)
        entry, question = self.locate(workload, question_id, lens)
        current = self.repository.answers(workload, entry.alias).get(question_id) or Answer(
            entry.alias, question_id
        )
        updated = apply_update(question, current, update)
        risk = question_risk(question, updated)
        return self.repository.save_answer(workload, updated, risk), risk

    # -- results -----------------------------------------------------------------------------
    def lens_review(self, workload: Workload, alias: str) -> LensReview:
        """The risks of ``workload``'s answers to lens ``alias``, evaluated once per change:
        the repository hands back the same answers mapping until one is saved."""
        entry = self.catalog.get(alias)
        answers = self.repository.answers(workload, alias)
        key = (workload.id, alias)
        known = self._reviewed.get(key)
        if known is not None and known[0] is answers and known[1] is entry:
            return known[2]
        review = LensReview.evaluate(entry, answers, known[2] if known else None)
        self._reviewed.put(key, (answers, entry, review))
        return review

    def lens_reviews(self, workload: Workload) -> list[LensReview]:
        return [self.lens_review(workload, alias) for alias in workload.lenses]

    def plan(
        self, workload: Workload, reviews: Sequence[LensReview] | None = None
    ) -> list[PlanItem]:
        return improvement_plan(workload, reviews or self.lens_reviews(workload))

    def report(self, workload_name: str) -> dict[str, Any]:
        workload = self.workload(workload_name)
        reviews = self.lens_reviews(workload)
        evidence = {r.alias: self.repository.evidence(workload, r.alias) for r in reviews}
        return build_report(workload, reviews, self.plan(workload, reviews), evidence=evidence)

    # -- evidence from IaC -------------------------------------------------------------------
    def apply_evidence(
        self,
        workload_name: str,
        evidence: Mapping[str, QuestionEvidence],
        *,
        lens: str = "wellarchitected",
    ) -> ApplyOutcome:
        """Store the evidence and turn it into suggested answers.

        A question gets a suggested answer with the choices whose evidence passes and none
        fails; a question answered by a person is never changed (it is reported as kept).
        """
        workload = self.workload(workload_name)
        if lens not in workload.lenses:
            raise InputError(
                f"workload {workload_name!r} does not use lens {lens!r}, which evidence maps to"
            )
        self.repository.save_evidence(
            workload,
            lens,
            {qid: [c.to_dict() for c in e.citations] for qid, e in evidence.items()},
        )
        answers = self.repository.answers(workload, lens)
        outcome = ApplyOutcome()
        for question_id, item in evidence.items():
            choices = item.suggested()
            if not choices:
                continue
            current = answers.get(question_id)
            if current is not None and current.answered and current.source is Source.MANUAL:
                outcome.kept_manual.append(question_id)
                continue
            update = AnswerUpdate(
                selected=tuple(choices),
                source=Source.SUGGESTED,
                expected_version=current.version if current else 0,
            )
            self.answer(workload_name, question_id, update, lens=lens)
            outcome.suggested[question_id] = choices
        return outcome

    # -- milestones --------------------------------------------------------------------------
    def create_milestone(self, workload_name: str, name: str) -> Milestone:
        name = storable(name.strip(), "milestone name")
        if not 1 <= len(name) <= 100:
            raise InputError("a milestone name is 1–100 characters")
        workload = self.workload(workload_name)
        return self.repository.add_milestone(
            workload, name, take_snapshot(self.lens_reviews(workload))
        )

    def milestones(self, workload_name: str) -> list[Milestone]:
        return self.repository.milestones(self.workload(workload_name))

    def milestone(self, workload_name: str, number: int) -> Milestone:
        check_milestone_number(number)
        for milestone in self.milestones(workload_name):
            if milestone.number == number:
                return milestone
        raise NotFound(f"workload {workload_name!r} has no milestone {number}")

    def diff(self, workload_name: str, before: int, after: int | None = None) -> MilestoneDiff:
        """Diff of milestone ``before`` against milestone ``after``, or against now."""
        old = self.milestone(workload_name, before)
        if after is None:
            workload = self.workload(workload_name)
            new_snapshot = take_snapshot(self.lens_reviews(workload))
            after_name = "now"
        else:
            new = self.milestone(workload_name, after)
            new_snapshot, after_name = dict(new.snapshot), f"{new.number} ({new.name})"
        return diff_snapshots(
            old.snapshot,
            new_snapshot,
            before_name=f"{old.number} ({old.name})",
            after_name=after_name,
        )
