"""Flashcards generated from pages, hand-written cards, and card progress storage."""

from __future__ import annotations

import json
from datetime import date

import pytest

from wellarch.content import load_pages
from wellarch.content.flashcards import (
    Card,
    build_deck,
    cards_from_page,
    filter_by_tag,
    load_card_file,
    shipped_cards_file,
)
from wellarch.content.progress import InMemoryProgress, JsonProgressFile, deck_summary
from wellarch.content.repetition import CardState
from wellarch.errors import InputError


@pytest.fixture(scope="module")
def pages():
    return {page.slug: page for page in load_pages()}


def test_every_interview_question_becomes_a_card(pages):
    cards = cards_from_page(pages["interview-questions"])
    questions = [c for c in cards if c.kind == "question"]
    assert len(questions) >= 25
    first = questions[0]
    assert first.front.endswith("?")
    assert "**L6 answer.**" in first.back and "**L7 answer.**" in first.back
    assert first.id.startswith("interview-questions#")
    assert "interview" in first.tags


def test_key_terms_become_definition_cards_with_continuation_lines(pages):
    cards = {c.id: c for c in cards_from_page(pages["reliability-metrics"])}
    rto = cards["reliability-metrics:rto"]
    assert rto.kind == "term" and rto.front == "RTO"
    assert rto.back.startswith("the recovery time objective")
    assert rto.back.endswith("usable again.")  # the wrapped second line is joined


def test_the_deck_has_generated_and_hand_written_cards_with_unique_ids(pages):
    deck = build_deck(pages.values())
    kinds = {c.kind for c in deck}
    assert kinds == {"question", "term", "hand-written"}
    assert len({c.id for c in deck}) == len(deck) >= 100
    assert len(load_card_file(shipped_cards_file())) >= 20


def test_filter_by_tag(pages):
    deck = build_deck(pages.values())
    nines = filter_by_tag(deck, "nines")
    assert nines and all("nines" in c.tags for c in nines)
    assert filter_by_tag(deck, None) == deck


def test_duplicate_ids_are_refused(pages):
    extra = [Card("fact:x", "f", "b", (), "hand-written", "a.yaml")] * 2
    with pytest.raises(InputError, match="duplicate card id 'fact:x'"):
        build_deck([], extra)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{a: 1}", "expected a list of cards"),
        ("- 3", r"\$\[0\]: expected a mapping"),
        ("- {id: x, front: f}", r"\$\[0\]\.back: expected non-empty text"),
        ("- {id: Bad Id, front: f, back: b}", "is not a lower-case identifier"),
        ("- {id: x, front: f, back: b, tags: t}", r"\$\[0\]\.tags: expected a list"),
        ("- [unclosed", "not valid YAML"),
    ],
)
def test_malformed_hand_written_cards(tmp_path, text, message):
    path = tmp_path / "cards.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_card_file(path)


def test_json_progress_round_trips_and_writes_atomically(tmp_path):
    path = tmp_path / "sub" / "cards.json"
    store = JsonProgressFile(path)
    assert store.get("a") is None and store.all() == {}
    state = CardState(
        repetitions=2,
        interval=6,
        easiness=2.36,
        due=date(2025, 3, 7),
        last_review=date(2025, 3, 1),
        reviews=3,
        lapses=1,
    )
    store.put("a", state)
    assert JsonProgressFile(path).get("a") == state
    assert json.loads(path.read_text())["cards"]["a"]["due"] == "2025-03-07"
    assert [p.name for p in path.parent.iterdir()] == ["cards.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read card progress"),
        ('{"format": 2, "cards": {}}', "not a wellarch card-progress file"),
        ('{"format": 1, "cards": []}', r"\$\.cards: expected an object"),
        ('{"format": 1, "cards": {"a": {"interval": 1}}}', r"\$\.cards\.a: not a card schedule"),
    ],
)
def test_a_bad_progress_file_is_an_input_error(tmp_path, content, message):
    path = tmp_path / "cards.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        JsonProgressFile(path).get("a")
    assert raised.value.file == str(path)


def test_deck_summary_counts_new_due_learning_and_mature():
    progress = InMemoryProgress()
    today = date(2025, 3, 1)
    progress.put("due", CardState(repetitions=1, interval=1, due=today))
    progress.put("mature", CardState(repetitions=5, interval=30, due=date(2025, 3, 20)))
    summary = deck_summary(["due", "mature", "new"], progress, today)
    assert (summary.cards, summary.new, summary.due, summary.learning, summary.mature) == (
        3,
        1,
        1,
        1,
        1,
    )
