"""Knowledge-base pages: the topics by group with tag and level filters, full-text search with
highlighted snippets, and each page rendered with its table of contents, metadata, related
pages and previous/next links.

The pages, their search index and the flashcard deck are loaded once per app
(:class:`Knowledge`, shared with :mod:`wellarch.web.study`); a test can put its own in
``app.state.knowledge``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from wellarch.content.document import Heading
from wellarch.content.flashcards import Card, build_deck
from wellarch.content.loader import Page, load_pages
from wellarch.content.search import SearchHit, SearchIndex, tokenize
from wellarch.errors import InputError
from wellarch.web.lanes import PageRoute
from wellarch.web.markdown import markdown_html, page_resolver
from wellarch.web.rendering import render

__all__ = ["GROUPS", "Knowledge", "KnowledgeDep", "group_of", "highlight", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: The groups of the topic list, in order: key, heading, what the group is for.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("pillars", "The framework and its pillars", "Start here: the six pillars, one page each."),
    ("patterns", "Patterns", "Designs that keep systems reliable, fast and secure."),
    ("metrics", "Metrics and glossaries", "The numbers interviewers expect you to know."),
    ("tutorials", "Worked examples", "Step-by-step calculations you can repeat in a loop."),
    ("interview", "Interview preparation", "Levels, questions and model answers."),
    ("guides", "Guides", "Background reading."),
    ("checklists", "Checklists", "Short lists to run through before a review."),
)
_GROUP_NAMES = {key: name for key, name, _ in GROUPS}
_PILLAR_ORDER = (
    "operational-excellence",
    "security",
    "reliability",
    "performance",
    "cost",
    "sustainability",
)
_DIFFICULTY = ("beginner", "intermediate", "advanced", "expert")
LEVELS = ("L6", "L7")
_WORD = re.compile(r"[A-Za-z0-9]+")


def group_of(page: Page) -> str:
    """The topic-list group of a page (see :data:`GROUPS`)."""
    meta = page.meta
    if "pillar" in meta.tags or "pillars" in meta.tags:
        return "pillars"
    if meta.content_type == "scenario" or "interview" in meta.tags:
        return "interview"
    if meta.content_type == "reference":
        return "metrics" if meta.reference_type == "glossary" else "patterns"
    return {"tutorial": "tutorials", "checklist": "checklists"}.get(meta.content_type, "guides")


def _reading_order(page: Page) -> tuple[int, int, str]:
    pillar = next((i for i, tag in enumerate(_PILLAR_ORDER) if tag in page.meta.tags), -1)
    return (_DIFFICULTY.index(page.meta.difficulty), pillar, page.meta.title.lower())


@dataclass
class Knowledge:
    """The knowledge base as the web pages use it: pages, groups, search and the deck."""

    pages: Sequence[Page]
    deck: Sequence[Card]
    _html: dict[str, Markup] = field(default_factory=dict, repr=False)

    @classmethod
    def shipped(cls) -> Knowledge:
        pages = load_pages()
        return cls(pages, build_deck(pages))

    @cached_property
    def by_slug(self) -> dict[str, Page]:
        return {page.slug: page for page in self.pages}

    @cached_property
    def index(self) -> SearchIndex:
        return SearchIndex(self.pages)

    @cached_property
    def groups(self) -> list[tuple[str, list[Page]]]:
        """Non-empty groups in :data:`GROUPS` order, each in reading order."""
        found: dict[str, list[Page]] = {key: [] for key, _, _ in GROUPS}
        for page in self.pages:
            found[group_of(page)].append(page)
        return [(key, sorted(pages, key=_reading_order)) for key, pages in found.items() if pages]

    @cached_property
    def tags(self) -> list[str]:
        return sorted({tag for page in self.pages for tag in page.meta.tags})

    def markdown(self, text: str, *, skip_title: bool = False, heading_ids: bool = True) -> Markup:
        """Markdown from this knowledge base as safe HTML, its page links resolved."""
        resolve = page_resolver(self.by_slug)
        return markdown_html(text, resolve=resolve, skip_title=skip_title, heading_ids=heading_ids)

    def html(self, page: Page) -> Markup:
        if page.slug not in self._html:
            self._html[page.slug] = self.markdown(page.body, skip_title=True)
        return self._html[page.slug]

    def linked(self, items: Iterable[str]) -> list[Page]:
        """The pages that front-matter entries (``reliability.md#x``) name, known ones only."""
        slugs = (item.split("#", 1)[0].removesuffix(".md").rsplit("/", 1)[-1] for item in items)
        return [self.by_slug[s] for s in dict.fromkeys(slugs) if s in self.by_slug]


@cache
def _shipped() -> Knowledge:
    return Knowledge.shipped()


def knowledge_of(request: Request) -> Knowledge:
    """The app's knowledge base (a FastAPI dependency; the shipped one unless a test set one)."""
    knowledge: Knowledge | None = getattr(request.app.state, "knowledge", None)
    if knowledge is None:
        knowledge = request.app.state.knowledge = _shipped()
    return knowledge


#: The knowledge base as a route parameter.
KnowledgeDep = Annotated[Knowledge, Depends(knowledge_of)]


def highlight(text: str, query: str) -> Markup:
    """``text`` escaped, with the words that match ``query`` (as the search matches them:
    case-insensitive, lightly stemmed) in ``<mark>``."""
    wanted = set(tokenize(query))
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        if set(tokenize(match.group())) & wanted:
            out.append(str(escape(text[last : match.start()])))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def _section(page: Page, line: int) -> Heading | None:
    """The heading (level 2 or deeper) a file line falls under."""
    found = None
    for heading in page.document.headings:
        if heading.line > line:
            break
        if heading.level >= 2:
            found = heading
    return found


def _filters(tag: str, level: str) -> tuple[str | None, str | None]:
    if level and level not in LEVELS:
        raise InputError(f"level {level!r} must be L6 or L7")
    return (tag.strip() or None), (level or None)


def _matches(page: Page, tag: str | None, level: str | None) -> bool:
    return (tag is None or tag in page.meta.tags) and (level is None or level in page.meta.audience)


@router.get("/learn", response_class=HTMLResponse)
def learn_index(
    request: Request,
    knowledge: KnowledgeDep,
    q: str = Query("", max_length=200),
    tag: str = Query("", max_length=100),
    level: str = Query("", max_length=10),
) -> HTMLResponse:
    chosen_tag, chosen_level = _filters(tag, level)
    query = " ".join(q.split())
    hits: list[SearchHit] = []
    results: list[dict[str, object]] = []
    if query:
        hits = [
            hit
            for hit in knowledge.index.search(query)
            if _matches(hit.page, chosen_tag, chosen_level)
        ]
        for hit in hits:
            section = _section(hit.page, hit.line)
            results.append(
                {
                    "page": hit.page,
                    "group": _GROUP_NAMES[group_of(hit.page)],
                    "snippet": highlight(hit.snippet, query),
                    "title": highlight(hit.page.meta.title, query),
                    "section": section,
                    "matched": hit.matched,
                }
            )
    groups = [
        (key, _GROUP_NAMES[key], next(d for k, _, d in GROUPS if k == key), chosen)
        for key, pages in knowledge.groups
        if (chosen := [p for p in pages if _matches(p, chosen_tag, chosen_level)])
    ]
    return render(
        request,
        "learn_index.html",
        {
            "section": "learn",
            "query": query,
            "searchable": bool(tokenize(query)),
            "results": results,
            "words": len(tokenize(query)),
            "groups": groups,
            "shown": sum(len(pages) for *_, pages in groups),
            "total": len(knowledge.pages),
            "tags": knowledge.tags,
            "tag": chosen_tag,
            "tag_known": chosen_tag is None or chosen_tag in knowledge.tags,
            "level": chosen_level,
            "levels": LEVELS,
        },
    )


@router.get("/learn/{slug}", response_class=HTMLResponse)
def learn_page(request: Request, slug: str, knowledge: KnowledgeDep) -> HTMLResponse:
    page = knowledge.by_slug.get(slug)
    if page is None:
        words = " ".join(re.split(r"[-_.\s]+", slug))[:200]
        suggestions = knowledge.index.search(words, limit=5) if tokenize(words) else []
        return render(
            request,
            "learn_missing.html",
            {"section": "learn", "slug": slug, "words": words, "suggestions": suggestions},
            status_code=404,
        )
    group = group_of(page)
    siblings = dict(knowledge.groups)[group]
    position = siblings.index(page)
    headings = [h for h in page.document.headings if h.level in (2, 3)]
    word_count = len(page.document.plain_text().split())
    prerequisites = knowledge.linked(page.meta.prerequisites)
    return render(
        request,
        "learn_page.html",
        {
            "section": "learn",
            "page": page,
            "meta": page.meta,
            "body": knowledge.html(page),
            "toc": headings,
            "group": group,
            "group_name": _GROUP_NAMES[group],
            "previous": siblings[position - 1] if position > 0 else None,
            "next": siblings[position + 1] if position + 1 < len(siblings) else None,
            "position": position + 1,
            "count": len(siblings),
            "prerequisites": prerequisites,
            "related": [
                p
                for p in knowledge.linked(page.meta.related_content)
                if p.meta.title not in {q.meta.title for q in prerequisites}
            ],
            "minutes": max(1, math.ceil(word_count / 200)),
            "cards": sum(1 for card in knowledge.deck if card.source == page.slug),
        },
    )
