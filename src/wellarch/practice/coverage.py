"""Which key questions of each pillar an answer addresses: the coverage analysers.

An analyser is an extension point (``analyse(text) -> dict[question_id, [evidence sentences]]``).
The default, :class:`LexiconAnalyser`, matches the concept phrases that the built-in
``interview`` lens notes for every practice (mechanisms such as "exponential backoff", "rto",
"least privilege") with an Aho-Corasick automaton (pyahocorasick) over normalised sentences.
Single words count for less than phrases, so generic vocabulary ("secure", "scale") alone never
gives a pillar coverage. :class:`InMemoryAnalyser` is the fake for tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import ahocorasick

from wellarch.lens.catalog import BuiltinLensSource, LensEntry

__all__ = [
    "Analyser",
    "Concept",
    "InMemoryAnalyser",
    "LexiconAnalyser",
    "sentences",
]

#: Short terms that are specific enough to count fully on their own.
_STRONG = """
rto rpo mttr mtbf slo slos sla slis sli p99 p95 p50 tls mtls kms iam mfa sso oauth jwt waf ddos
vpc pii gdpr pci hipaa soc2 quorum idempotency idempotent backpressure jitter graviton spot
sharding memoize ttl dlq cdc canary bulkhead runbook runbooks playbook postmortem chaos
"""
STRONG_WORDS = frozenset(_STRONG.split())
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_NORMALISE = re.compile(r"[^a-z0-9%.+]+")


_BRITISH = re.compile(r"(\w)is(ation|ations|ing|ed|e|es)\b")


def normalise(text: str) -> str:
    """Lowercase, with punctuation and hyphens as single spaces, British -ise/-isation spelt
    -ize/-ization (applied to answers and lexicon alike), padded for word matching."""
    text = _BRITISH.sub(r"\1iz\2", _NORMALISE.sub(" ", text.lower()))
    return " " + text.replace(". ", " ").strip(" .") + " "


def sentences(text: str) -> list[str]:
    """The answer's sentences and bullet items (markdown bullets and headings stripped)."""
    found = []
    for chunk in _SENTENCE.split(text):
        chunk = re.sub(r"^\s*(?:[-*+]|\d+[.)]|#+)\s*", "", chunk).strip()
        if len(chunk) > 2:
            found.append(chunk)
    return found


@dataclass(frozen=True)
class Concept:
    pillar_id: str
    question_id: str
    choice_id: str
    phrase: str

    @property
    def weight(self) -> float:
        return 1.0 if " " in self.phrase.strip() or self.phrase in STRONG_WORDS else 0.5


class Analyser:
    """Extension point: which interview-lens questions an answer addresses, with evidence."""

    def analyse(self, text: str) -> dict[str, list[str]]:
        raise NotImplementedError


class InMemoryAnalyser(Analyser):
    """Returns fixed results: the fake used by tests of feedback and sessions."""

    def __init__(self, results: Mapping[str, list[str]]) -> None:
        self.results = dict(results)

    def analyse(self, text: str) -> dict[str, list[str]]:
        return dict(self.results)


@cache
def _interview() -> LensEntry:
    entry = BuiltinLensSource().get("interview")
    assert entry is not None
    return entry


def concepts(entry: LensEntry | None = None) -> list[Concept]:
    """Every concept phrase of the interview lens, by pillar, question and choice."""
    entry = entry or _interview()
    found = []
    for pillar, question in entry.lens.questions():
        for choice in question.practices:
            for hint in entry.choice_notes(choice.id).get("hints", []):
                phrase = normalise(str(hint)).strip()
                if phrase:
                    found.append(Concept(pillar.id, question.id, choice.id, phrase))
    return found


class LexiconAnalyser(Analyser):
    """Phrase matching against the interview lens's concept lexicon (build once, reuse)."""

    def __init__(self, lexicon: Iterable[Concept] | None = None) -> None:
        self.automaton = ahocorasick.Automaton()
        by_phrase: dict[str, list[Concept]] = {}
        for concept in lexicon if lexicon is not None else concepts():
            by_phrase.setdefault(concept.phrase, []).append(concept)
        for phrase, items in by_phrase.items():
            self.automaton.add_word(f" {phrase} ", tuple(items))
            if not phrase.endswith("s"):  # simple plurals: "runbook" also finds "runbooks"
                self.automaton.add_word(f" {phrase}s ", tuple(items))
        self.automaton.make_automaton()

    def weights(self, sentence: str) -> dict[tuple[str, str], float]:
        """Per (question id, choice id): the summed weight of the distinct concept phrases of
        that choice in one sentence (1.0 is a full phrase or two single words)."""
        weight: dict[tuple[str, str], dict[str, float]] = {}
        for _, items in self.automaton.iter(normalise(sentence)):
            for concept in items:
                key = (concept.question_id, concept.choice_id)
                weight.setdefault(key, {})[concept.phrase] = concept.weight
        return {key: sum(phrases.values()) for key, phrases in weight.items()}

    def analyse(self, text: str) -> dict[str, list[str]]:
        """Questions addressed: a choice counts when one sentence carries a full phrase, or
        two single words of it (words scattered over the answer do not add up)."""
        addressed: dict[str, list[str]] = {}
        for sentence in sentences(text):
            for (question_id, _), weight in self.weights(sentence).items():
                found = addressed.setdefault(question_id, []) if weight >= 1.0 else None
                if found is not None and sentence not in found and len(found) < 3:
                    found.append(sentence)
        return addressed
