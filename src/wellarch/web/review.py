"""The review page: one question of one lens, with the pillar/question navigation beside it.

``GET`` shows the saved answer; ``POST`` saves the whole form as one
:class:`~wellarch.review.answer.AnswerUpdate` carrying the version the page was rendered
with. A refused update ("None of these" with another choice, notes too long) shows the form
again as it was sent; a stale version shows the conflict page with both versions side by side,
and nothing is overwritten unless the person then chooses to save their version over the newer
one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from wellarch.errors import Conflict, InputError, NotFound
from wellarch.lens.catalog import LensEntry
from wellarch.lens.model import Question
from wellarch.report.text import risk_key, risk_label
from wellarch.review.answer import Answer, apply_update
from wellarch.review.risk import LensReview, PillarReview, QuestionReview, Risk, question_risk
from wellarch.review.service import Reviews
from wellarch.review.workload import Workload
from wellarch.web.csrf import CheckedForm
from wellarch.web.forms import AnswerDraft, form_int, form_text
from wellarch.web.lanes import PageRoute
from wellarch.web.rendering import SHORT_RISK, ReviewsDep, redirect, render, workload_url

__all__ = [
    "QuestionView",
    "SavePoint",
    "lens_review",
    "nav_row",
    "question_view",
    "router",
    "save_point",
]

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@dataclass(frozen=True)
class QuestionView:
    """Everything the review page shows about one question, and where it sits in the lens."""

    workload: Workload
    review: LensReview
    pillar: PillarReview
    item: QuestionReview
    position: int
    total: int
    previous: str | None
    next: str | None

    @property
    def entry(self) -> LensEntry:
        return self.review.entry

    @property
    def answered(self) -> int:
        return sum(1 for _, q in self.review.questions() if q.risk is not Risk.UNANSWERED)

    def levels(self) -> dict[str, str]:
        """Each practice's own risk level, where the lens notes one (built-in lens)."""
        levels = {}
        for choice in self.item.question.choices:
            level = self.entry.choice_notes(choice.id).get("risk_level")
            if isinstance(level, str) and level:
                levels[choice.id] = level.upper()
        return levels

    def nav(self) -> list[dict[str, Any]]:
        """The navigation's pillars, each with its question rows as ready HTML (57 rows per
        page: rendering them row by row in the template was a third of the page's time)."""
        prefix = workload_url(self.workload.name, "review", self.entry.alias) + "/"
        current = self.item.question.id
        pillars = []
        for pillar in self.review.pillars:
            counts = pillar.risk_counts
            rows = [
                nav_row(
                    prefix + quote(q.question.id, safe=""),
                    q.question.id,
                    q.question.title,
                    q.risk.value,
                    q.question.id == current,
                )
                for q in pillar.questions
            ]
            pillars.append(
                {
                    "id": pillar.pillar.id,
                    "name": pillar.pillar.name,
                    "high": counts["HIGH"],
                    "medium": counts["MEDIUM"],
                    "answered": len(rows) - counts["UNANSWERED"],
                    "total": len(rows),
                    "rows": Markup("\n").join(rows),
                }
            )
        return pillars

    def context(self, reviews: Reviews) -> dict[str, Any]:
        evidence = reviews.repository.evidence(self.workload, self.entry.alias)
        return {
            "evidence": evidence.get(self.item.question.id, []),
            "nav": self.nav(),
            "section": "workloads",
            "view": self,
            "workload": self.workload,
            "question": self.item.question,
            "levels": self.levels(),
            "lens_aliases": self.workload.lenses,
        }


_ROW = Markup(
    '<li><a class="qnav-link" href="{href}"{current} data-risk="{risk}">'
    '<span class="qid">{qid}</span><span class="qnav-title" title="{title}">{title}</span>'
    '<span class="pill pill-{key}" title="{label}">{short}'
    '<span class="visually-hidden"> ({label})</span></span></a></li>'
)


@lru_cache(maxsize=16384)
def nav_row(href: str, qid: str, title: str, risk: str, current: bool) -> Markup:
    """One question's link in the navigation, every value escaped (``Markup.format``);
    cached, since the same rows come back on every page of a review."""
    return _ROW.format(
        href=href,
        current=Markup(' aria-current="page"') if current else "",
        risk=risk,
        qid=qid,
        title=title,
        key=risk_key(risk),
        label=risk_label(risk),
        short=SHORT_RISK[risk],
    )


def _check_lens(workload: Workload, lens: str) -> None:
    if lens not in workload.lenses:
        raise NotFound(
            f"workload {workload.name!r} is not reviewed with lens {lens!r} "
            f"(its lenses: {', '.join(workload.lenses)})"
        )


def lens_review(reviews: Reviews, workload: Workload, lens: str) -> LensReview:
    _check_lens(workload, lens)
    return reviews.lens_review(workload, lens)


def question_view(reviews: Reviews, name: str, lens: str, question_id: str) -> QuestionView:
    workload = reviews.workload(name)
    review = lens_review(reviews, workload, lens)
    items = list(review.questions())
    for index, (pillar, item) in enumerate(items):
        if item.question.id == question_id:
            return QuestionView(
                workload=workload,
                review=review,
                pillar=pillar,
                item=item,
                position=index + 1,
                total=len(items),
                previous=items[index - 1][1].question.id if index > 0 else None,
                next=items[index + 1][1].question.id if index + 1 < len(items) else None,
            )
    raise NotFound(f"lens {lens!r} has no question {question_id!r}")


@dataclass(frozen=True)
class SavePoint:
    """What saving one answer needs: the workload, the question, its saved answer and the
    questions before and after it — without evaluating the lens's risks, which the page shown
    after the save does."""

    workload: Workload
    question: Question
    answer: Answer | None
    previous: str | None
    next: str | None


def save_point(reviews: Reviews, name: str, lens: str, question_id: str) -> SavePoint:
    """The :class:`SavePoint` of a question; the same errors as :func:`question_view`."""
    workload = reviews.workload(name)
    _check_lens(workload, lens)
    model = reviews.catalog.get(lens).lens
    question = model.question(question_id)
    if question is None:
        raise NotFound(f"lens {lens!r} has no question {question_id!r}")
    ids = [q.id for _, q in model.questions()]
    index = ids.index(question_id)
    return SavePoint(
        workload=workload,
        question=question,
        answer=reviews.repository.answers(workload, lens).get(question_id),
        previous=ids[index - 1] if index > 0 else None,
        next=ids[index + 1] if index + 1 < len(ids) else None,
    )


@router.get("/workloads/{name:path}/review", response_class=RedirectResponse)
def start_review(name: str, reviews: ReviewsDep) -> RedirectResponse:
    workload = reviews.workload(name)
    return RedirectResponse(workload_url(name, "review", workload.lenses[0]), status_code=302)


@router.get("/workloads/{name:path}/review/{lens}", response_class=RedirectResponse)
def resume_review(name: str, lens: str, reviews: ReviewsDep) -> RedirectResponse:
    """The first unanswered question of the lens (the first question when all are answered)."""
    review = lens_review(reviews, reviews.workload(name), lens)
    items = [item for _, item in review.questions()]
    if not items:
        raise NotFound(f"lens {lens!r} has no questions")
    target = next((i for i in items if i.risk is Risk.UNANSWERED), items[0])
    return RedirectResponse(workload_url(name, "review", lens, target.question.id), status_code=302)


@router.get("/workloads/{name:path}/review/{lens}/{question_id}", response_class=HTMLResponse)
def question_page(
    request: Request,
    name: str,
    lens: str,
    question_id: str,
    reviews: ReviewsDep,
) -> HTMLResponse:
    view = question_view(reviews, name, lens, question_id)
    answer = view.item.answer
    context = view.context(reviews)
    context.update(draft=AnswerDraft.from_answer(answer), version=answer.version if answer else 0)
    return render(request, "review.html", context)


def _conflict_page(
    request: Request, reviews: Reviews, view: QuestionView, draft: AnswerDraft, message: str
) -> HTMLResponse:
    """Both versions side by side: the saved one (newer) and the one this person sent."""
    question = view.item.question
    saved = view.item.answer or Answer(view.entry.alias, question.id)
    try:
        mine = apply_update(question, saved, draft.update(question, None))
        my_risk: Risk | None = question_risk(question, mine)
    except (InputError, NotFound):
        my_risk = None
    context = view.context(reviews)
    context.update(
        message=message,
        draft=draft,
        saved=saved,
        saved_draft=AnswerDraft.from_answer(view.item.answer),
        saved_risk=view.item.risk,
        my_risk=my_risk,
        titles={c.id: c.title for c in question.choices},
        version=saved.version,
    )
    return render(request, "conflict.html", context, status_code=409)


@router.post("/workloads/{name:path}/review/{lens}/{question_id}", response_class=HTMLResponse)
def save_answer(
    request: Request,
    name: str,
    lens: str,
    question_id: str,
    form: CheckedForm,
    reviews: ReviewsDep,
) -> Response:
    point = save_point(reviews, name, lens, question_id)
    draft = AnswerDraft.from_form(form)
    action = form_text(form, "action")
    target = {"next": point.next, "previous": point.previous}.get(action) or question_id
    unchanged = draft.key() == AnswerDraft.from_answer(point.answer).key()
    if unchanged and action in ("next", "previous"):  # nothing to save: just move on
        if action == "next" and point.next is None:
            return redirect(request, workload_url(name))
        return redirect(request, workload_url(name, "review", lens, target))
    try:
        version = form_int(form, "version", "answer version")
        update = draft.update(point.question, version)
        _, risk = reviews.answer(point.workload, question_id, update, lens=lens)
    except Conflict as exc:
        fresh = question_view(reviews, name, lens, question_id)
        return _conflict_page(request, reviews, fresh, draft, str(exc))
    except (InputError, NotFound) as exc:
        context = question_view(reviews, name, lens, question_id).context(reviews)
        context.update(draft=draft, version=form_text(form, "version") or "0", error=str(exc))
        return render(request, "review.html", context, status_code=422)
    if action == "next" and point.next is None:
        url = workload_url(name)
        message = f"Saved {question_id}: {_risk_phrase(risk)}. That was the lens's last question."
    else:
        url = workload_url(name, "review", lens, target)
        message = f"Saved {question_id}: {_risk_phrase(risk)}."
    return redirect(request, url, message)


def _risk_phrase(risk: Risk) -> str:
    return {
        Risk.HIGH: "high risk",
        Risk.MEDIUM: "medium risk",
        Risk.NONE: "no risk",
        Risk.NOT_APPLICABLE: "not applicable",
        Risk.UNANSWERED: "unanswered",
    }[risk]
