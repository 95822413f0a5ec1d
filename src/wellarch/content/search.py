"""Full-text search over the knowledge base: a small weighted inverted index.

Words are lower-cased, split on anything that is not a letter or digit, and lightly
stemmed (``retries`` → ``retry``, ``caches`` → ``cache``). A page scores per query word by
where the word occurs — title, tags and headings count more than body text — and by how
rare the word is across pages; pages with the whole query as a phrase score extra. Pages
that contain more of the query's words always rank first.

Example:
    >>> from wellarch.content.loader import load_pages
    >>> index = SearchIndex(load_pages())
    >>> index.search("circuit breaker")[0].page.slug
    'resilience-patterns'
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wellarch.content.loader import Page

__all__ = ["SearchHit", "SearchIndex", "tokenize"]

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "this",
        "to",
        "what",
        "when",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
    ]
)
#: How much an occurrence counts, by where it is.
WEIGHTS = {"title": 5.0, "tags": 3.0, "headings": 3.0, "summary": 2.0, "body": 1.0}
_MARKUP = re.compile(r"[*_`#>|]+|\[([^\]]*)\]\([^)]*\)")
_SNIPPET = 160


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """Normalised words of ``text``, in order."""
    words = _WORD.findall(text.lower())
    return [_stem(w) for w in words if keep_stop_words or w not in _STOP]


@dataclass(frozen=True)
class SearchHit:
    page: Page
    score: float
    #: How many distinct query words the page contains.
    matched: int
    #: The best matching line of the page, without Markdown markup, and its file line.
    snippet: str
    line: int


class SearchIndex:
    """An inverted index of pages: word → page slug → weighted occurrences."""

    def __init__(self, pages: Iterable[Page]) -> None:
        self.pages = {page.slug: page for page in pages}
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)
        self._phrases: dict[str, str] = {}
        for slug, page in self.pages.items():
            self._add(slug, page)

    def _add(self, slug: str, page: Page) -> None:
        doc = page.document
        fields = {
            "title": page.meta.title,
            "tags": " ".join(tag.replace("-", " ") for tag in page.meta.tags),
            "headings": " ".join(h.text for h in doc.headings),
            "summary": page.meta.summary,
            "body": doc.plain_text(),
        }
        weighted: dict[str, float] = defaultdict(float)
        for field, text in fields.items():
            for word in tokenize(text):
                weighted[word] += WEIGHTS[field]
        for word, weight in weighted.items():
            self.postings[word][slug] = weight
        everything = " ".join(fields.values())
        self._phrases[slug] = " " + " ".join(tokenize(everything, keep_stop_words=True)) + " "

    def _idf(self, word: str) -> float:
        return math.log(1 + len(self.pages) / (1 + len(self.postings.get(word, {}))))

    def search(self, query: str, *, limit: int | None = None) -> list[SearchHit]:
        """Pages matching ``query``, best first; empty when no page has any query word."""
        words = list(dict.fromkeys(tokenize(query)))
        if not words:
            return []
        phrase = " " + " ".join(tokenize(query, keep_stop_words=True)) + " "
        scores: dict[str, float] = defaultdict(float)
        matched: Counter[str] = Counter()
        for word in words:
            idf = self._idf(word)
            for slug, weight in self.postings.get(word, {}).items():
                scores[slug] += (1 + math.log(weight)) * idf
                matched[slug] += 1
        if len(words) > 1:
            for slug in scores:
                occurrences = self._phrases[slug].count(phrase)
                scores[slug] += 2 * math.log1p(occurrences) * sum(map(self._idf, words))
        ranked = sorted(scores, key=lambda slug: (-matched[slug], -scores[slug], slug))
        hits = []
        for slug in ranked[:limit] if limit else ranked:
            snippet, line = _snippet(self.pages[slug], words, phrase.strip())
            hits.append(SearchHit(self.pages[slug], scores[slug], matched[slug], snippet, line))
        return hits


def _clean(line: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", line).split())


def _snippet(page: Page, words: Sequence[str], phrase: str) -> tuple[str, int]:
    """The body line with the phrase, else with the most query words, shortened."""
    best, best_line, best_score = "", page.body_line, 0
    for offset, raw in enumerate(page.body.splitlines()):
        text = _clean(raw)
        if not text:
            continue
        found = " ".join(tokenize(text, keep_stop_words=True))
        score = len(set(tokenize(text)) & set(words)) + (10 if f" {phrase} " in f" {found} " else 0)
        if score > best_score:
            best, best_line, best_score = text, page.body_line + offset, score
    if not best:
        return page.meta.summary[:_SNIPPET], page.body_line
    if len(best) > _SNIPPET:
        first = min((best.lower().find(w[:4]) for w in words if w[:4] in best.lower()), default=0)
        start = max(0, first - _SNIPPET // 3)
        best = ("…" if start else "") + best[start : start + _SNIPPET].rstrip() + "…"
    return best, best_line
