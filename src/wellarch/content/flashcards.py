"""Flashcards: generated from the knowledge base, plus hand-written ones.

Two kinds are generated from pages:

- **questions** — every level-3 heading that ends with ``?`` is a card whose back is the
  section under it (the interview Q&A page gives one card per question);
- **terms** — every ``- **Term**: definition`` item under a ``## Key terms`` heading.

Hand-written cards live in a YAML file (``content/data/cards.yaml`` ships with wellarch):
a list of mappings with ``id``, ``front``, ``back`` and ``tags``. Card ids are stable as long
as the heading or term does not change, so review progress survives edits of the text.

Example:
    >>> from wellarch.content.loader import load_pages
    >>> deck = build_deck(load_pages())
    >>> card = next(c for c in deck if c.id == "reliability-metrics:rto")
    >>> card.kind, card.front
    ('term', 'RTO')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wellarch.content.document import slugify
from wellarch.content.loader import Page
from wellarch.errors import InputError

__all__ = [
    "Card",
    "build_deck",
    "cards_from_page",
    "filter_by_tag",
    "load_card_file",
    "shipped_cards_file",
]

_TERM = re.compile(r"^- \*\*(?P<term>[^*]+)\*\*:\s*(?P<definition>.+)$")
_KEY_TERMS = "Key terms"
_ID = re.compile(r"^[a-z0-9][a-z0-9:#._-]*$")


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    front: str
    back: str
    tags: tuple[str, ...]
    #: ``question``, ``term`` or ``hand-written``.
    kind: str
    #: The page slug a generated card comes from, or the hand-written file's name.
    source: str


def _items(section: str) -> Iterator[str]:
    """List items of a section, each with its continuation lines joined."""
    current: list[str] = []
    for line in section.splitlines():
        if line.startswith("- "):
            if current:
                yield " ".join(current)
            current = [line.strip()]
        elif current and line.startswith("  ") and line.strip():
            current.append(line.strip())
        elif current:
            yield " ".join(current)
            current = []
    if current:
        yield " ".join(current)


def cards_from_page(page: Page) -> list[Card]:
    """The question and term cards of one page, in page order."""
    doc = page.document
    cards: list[Card] = []
    for heading in doc.headings:
        if heading.level == 3 and heading.text.rstrip().endswith("?"):
            back = doc.section(heading)
            if back:
                cards.append(
                    Card(
                        f"{page.slug}#{heading.anchor}",
                        heading.text.strip(),
                        back,
                        page.meta.tags,
                        "question",
                        page.slug,
                    )
                )
        elif heading.level == 2 and heading.text.strip() == _KEY_TERMS:
            for item in _items(doc.section(heading)):
                match = _TERM.match(item)
                if match:
                    term = match["term"].strip()
                    cards.append(
                        Card(
                            f"{page.slug}:{slugify(term)}",
                            term,
                            match["definition"].strip(),
                            page.meta.tags,
                            "term",
                            page.slug,
                        )
                    )
    return cards


def shipped_cards_file() -> Path:
    """The hand-written cards that ship with wellarch."""
    return Path(str(resources.files("wellarch.content") / "data" / "cards.yaml"))


def _text(entry: dict[str, Any], key: str, where: str, file: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}.{key}: expected non-empty text", file=file)
    return value.strip()


def load_card_file(path: Path) -> list[Card]:
    """Hand-written cards from a YAML file; a malformed one raises :class:`InputError`."""
    file = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the cards: {exc}", file=file) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError("not valid YAML", file=file, line=line) from None
    if not isinstance(data, list):
        raise InputError("expected a list of cards", file=file)
    cards = []
    for index, entry in enumerate(data):
        where = f"$[{index}]"
        if not isinstance(entry, dict):
            raise InputError(f"{where}: expected a mapping with id, front, back, tags", file=file)
        card_id = _text(entry, "id", where, file)
        if not _ID.match(card_id):
            raise InputError(f"{where}.id: {card_id!r} is not a lower-case identifier", file=file)
        tags = entry.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
            raise InputError(f"{where}.tags: expected a list of text items", file=file)
        front, back = _text(entry, "front", where, file), _text(entry, "back", where, file)
        cards.append(Card(card_id, front, back, tuple(tags), "hand-written", path.name))
    return cards


def build_deck(pages: Iterable[Page], extra: Sequence[Card] | None = None) -> list[Card]:
    """Generated cards of every page, then the hand-written ones (default: the shipped file).

    A duplicate card id is an error: progress is stored by id.
    """
    cards = [card for page in pages for card in cards_from_page(page)]
    cards += load_card_file(shipped_cards_file()) if extra is None else list(extra)
    seen: dict[str, Card] = {}
    for card in cards:
        if card.id in seen:
            raise InputError(
                f"duplicate card id {card.id!r} ({seen[card.id].source}, {card.source})"
            )
        seen[card.id] = card
    return cards


def filter_by_tag(cards: Iterable[Card], tag: str | None) -> list[Card]:
    """The cards carrying ``tag`` (all cards when ``tag`` is ``None``)."""
    return [card for card in cards if tag is None or tag in card.tags]
