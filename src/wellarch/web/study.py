"""Study pages: the hub with the deck's statistics, and flashcards with spaced repetition
(the self-assessment and the study plan are in :mod:`wellarch.web.assessment`).

Flashcard schedules live in the app's card store (:data:`CardsDep`, the one ``wellarch study
cards`` uses). A flashcard session keeps no server memory: what the store does not know —
the cards to ask again and how many new cards were introduced — travels in the page's
hidden fields and the address (:class:`~wellarch.content.repetition.SessionState`), so a
restart loses nothing and the back button cannot grade a card twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from wellarch.content.flashcards import Card
from wellarch.content.progress import DeckSummary, deck_summary, next_due
from wellarch.content.repetition import CardState, ProgressStore, ResumableSession, SessionState
from wellarch.errors import InputError
from wellarch.web.assessment import questionnaire
from wellarch.web.csrf import CheckedForm
from wellarch.web.forms import form_text
from wellarch.web.lanes import PageRoute
from wellarch.web.learn import Knowledge, KnowledgeDep
from wellarch.web.rendering import CardsDep, redirect, render

__all__ = ["router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: New cards a session introduces unless the address asks for another number.
NEW_LIMIT = 10
#: Most card ids carried as "ask again" (a session never needs more than its cards).
MAX_AGAIN = 500
#: The grades of SM-2 with what each means (the CLI's wording), best first.
GRADES = (
    (5, "Perfect", "recalled at once"),
    (4, "Good", "correct after some thought"),
    (3, "Hard", "correct, but it was hard"),
    (2, "Familiar", "wrong, but the answer felt familiar"),
    (1, "Wrong", "answered it wrongly"),
    (0, "No idea", "could not answer at all"),
)


class _Snapshot:
    """The card store read once per request (one query instead of one per card)."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store
        read_all = getattr(store, "all", None)
        self.states: dict[str, CardState] | None = dict(read_all()) if callable(read_all) else None

    def get(self, card_id: str) -> CardState | None:
        return self.states.get(card_id) if self.states is not None else self.store.get(card_id)

    def put(self, card_id: str, state: CardState) -> None:
        self.store.put(card_id, state)
        if self.states is not None:
            self.states[card_id] = state


def _deck(deck: list[Card], tag: str | None, page: str | None) -> list[Card]:
    return [
        card
        for card in deck
        if (tag is None or tag in card.tags) and (page is None or card.source == page)
    ]


def _tag_stats(deck: list[Card], progress: _Snapshot, today: date) -> list[tuple[str, DeckSummary]]:
    """Per tag of the deck, its summary; the largest tags first."""
    tags = sorted({t for card in deck for t in card.tags})
    rows = [(t, deck_summary((c.id for c in deck if t in c.tags), progress, today)) for t in tags]
    return sorted(rows, key=lambda row: (-row[1].cards, row[0]))


@router.get("/study", response_class=HTMLResponse)
def study_hub(request: Request, knowledge: KnowledgeDep, cards: CardsDep) -> HTMLResponse:
    today = date.today()
    progress = _Snapshot(cards)
    deck = list(knowledge.deck)
    ids = [card.id for card in deck]
    return render(
        request,
        "study_hub.html",
        {
            "section": "study",
            "summary": deck_summary(ids, progress, today),
            "next_due": next_due(ids, progress, today),
            "tags": _tag_stats(deck, progress, today),
            "new_limit": NEW_LIMIT,
            "questions": questionnaire().question_count,
        },
    )


def _session_url(
    tag: str | None, page: str | None, new: int, state: SessionState | None = None
) -> str:
    pairs: list[tuple[str, str | int]] = []
    if tag:
        pairs.append(("tag", tag))
    if page:
        pairs.append(("page", page))
    if new != NEW_LIMIT:
        pairs.append(("new", new))
    if state is not None and state.answered:
        pairs += [("again", card_id) for card_id in state.again]
        pairs += [("seen", state.new_seen), ("answered", state.answered)]
    return "/study/cards" + (f"?{urlencode(pairs)}" if pairs else "")


def _cards_page(
    request: Request,
    knowledge: Knowledge,
    cards: ProgressStore,
    *,
    tag: str | None,
    page: str | None,
    new: int,
    state: SessionState,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    today = date.today()
    progress = _Snapshot(cards)
    deck = _deck(list(knowledge.deck), tag, page)
    session = ResumableSession(deck, progress, today, state, new_limit=new)
    card = session.next()
    ids = [c.id for c in deck]
    context: dict[str, Any] = {
        "section": "study",
        "tag": tag,
        "page": knowledge.by_slug.get(page) if page else None,
        "page_slug": page,
        "new": new,
        "deck_size": len(deck),
        "tags": sorted({t for c in knowledge.deck for t in c.tags}),
        "card": card,
        "state": session.state,
        "remaining": session.remaining,
        "repeat": card is not None and session.is_repeat(card),
        "grades": GRADES,
        "error": error,
        "summary": deck_summary(ids, progress, today),
        "next_due": next_due(ids, progress, today),
        "restart": _session_url(tag, page, new or NEW_LIMIT),
        "restart_new": new or NEW_LIMIT,
    }
    if card is not None:
        context["front"] = card.front
        context["back"] = knowledge.markdown(card.back, heading_ids=False)
        context["source"] = knowledge.by_slug.get(card.source)
        current = progress.get(card.id)
        context["card_state"] = current
    return render(request, "study_cards.html", context, status_code=status_code)


def _state(again: list[str], seen: int, answered: int) -> SessionState:
    return SessionState(tuple(a[:200] for a in again[:MAX_AGAIN]), seen, answered)


@router.get("/study/cards", response_class=HTMLResponse)
def study_cards(
    request: Request,
    knowledge: KnowledgeDep,
    cards: CardsDep,
    tag: str = Query("", max_length=100),
    page: str = Query("", max_length=100),
    new: int = Query(NEW_LIMIT, ge=0, le=100),
    again: list[str] = Query([]),  # noqa: B008 - FastAPI's way of declaring a list parameter
    seen: int = Query(0, ge=0, le=100_000),
    answered: int = Query(0, ge=0, le=1_000_000),
) -> HTMLResponse:
    state = _state(again, seen, answered)
    return _cards_page(
        request,
        knowledge,
        cards,
        tag=tag.strip() or None,
        page=page.strip() or None,
        new=new,
        state=state,
    )


def _form_int(form: FormData, key: str, low: int, high: int, default: int) -> int:
    text = form_text(form, key)
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise InputError(f"{key} must be a whole number from {low} to {high}")
    return int(text)


@router.post("/study/cards", response_class=HTMLResponse)
def grade_card(
    request: Request, form: CheckedForm, knowledge: KnowledgeDep, cards: CardsDep
) -> Response:
    tag = form_text(form, "tag")[:100] or None
    page = form_text(form, "page")[:100] or None
    new = _form_int(form, "new", 0, 100, NEW_LIMIT)
    again = [v for v in form.getlist("again") if isinstance(v, str)]
    state = _state(
        again, _form_int(form, "seen", 0, 100_000, 0), _form_int(form, "answered", 0, 1_000_000, 0)
    )
    grade = form_text(form, "grade")
    if grade not in {"0", "1", "2", "3", "4", "5"}:
        message = (
            f"Choose a grade from 0 to 5 (got {grade[:20]!r})."
            if grade
            else "Choose a grade from 0 to 5."
        )
        return _cards_page(
            request,
            knowledge,
            cards,
            tag=tag,
            page=page,
            new=new,
            state=state,
            error=message,
            status_code=422,
        )
    deck = _deck(list(knowledge.deck), tag, page)
    session = ResumableSession(deck, _Snapshot(cards), date.today(), state, new_limit=new)
    card_id = form_text(form, "card")
    current = session.next()
    url = _session_url(tag, page, new, state)
    if current is None:
        return redirect(request, url, "This session has no card left to grade.", "info")
    if current.id != card_id:
        return redirect(request, url, "That card was already graded; here is the next one.", "info")
    quality = int(grade)
    scheduled = session.grade(card_id, quality)
    front = current.front if len(current.front) <= 80 else current.front[:79] + "…"
    if quality < 4:
        message = f"Graded {quality}: “{front}” comes back later in this session."
    elif scheduled is not None and scheduled.due is not None:
        days = scheduled.interval
        message = (
            f"Graded {quality}: next review of “{front}” in {days} day"
            f"{'s' if days != 1 else ''}, on {scheduled.due.isoformat()}."
        )
    else:
        message = f"Graded {quality}: “{front}” is done for this session."
    return redirect(request, _session_url(tag, page, new, session.state), message)
