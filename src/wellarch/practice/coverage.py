"""Which key questions of each pillar an answer addresses: the coverage analysers.

An analyser is an extension point (``analyse(text, scenario) -> {question_id: [evidence]}``).
The default, :class:`LexiconAnalyser`, matches the concept phrases that the built-in
``interview`` lens notes for every practice (mechanisms such as "exponential backoff", "rto",
"least privilege", and the everyday ways candidates say them: "costs more", "deleted after 90
days", "kill a zone") with an Aho-Corasick automaton (pyahocorasick) over normalised sentences.
Single words count for less than phrases, so generic vocabulary ("secure", "scale") alone never
gives a pillar coverage. Given the scenario, phrases that merely restate its title, summary or
prompt (a rate limiter's "rate limit", a notification service's "quiet hours") weigh at most
:data:`RESTATED` together: repeating the question earns nothing on its own.
:class:`InMemoryAnalyser` is the fake for tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING

import ahocorasick

from wellarch.lens.catalog import BuiltinLensSource, LensEntry

if TYPE_CHECKING:
    from wellarch.practice.scenario import Scenario

__all__ = [
    "RESTATED",
    "Analyser",
    "Concept",
    "InMemoryAnalyser",
    "LexiconAnalyser",
    "name_drop",
    "normalise",
    "prompt_text",
    "sentences",
]

#: Short terms that are specific enough to count fully on their own.
_STRONG = """
rto rpo mttr mtbf slo slos sla slis sli p99 p95 p50 tls mtls kms iam mfa sso oauth jwt waf ddos
vpc pii gdpr pci hipaa soc2 quorum idempotency idempotent backpressure jitter graviton spot
sharding memoize ttl dlq cdc canary bulkhead runbook runbooks playbook postmortem chaos
showback finops dollars hsm ccpa
"""
STRONG_WORDS = frozenset(_STRONG.split())
#: Concept phrases that the scenario's own title, summary or prompt uses weigh together at most
#: this much in one sentence: like a single word, they need a phrase of the answer's own.
RESTATED = 0.5
#: A sentence whose words are at least this share of capitalised names ("IAM, Cognito, WAF and
#: KMS") lists products; its concept phrases count for NAME_DROPPED of their weight.
NAME_DROP_AT = 0.4
NAME_DROPPED = 0.5
#: Capitalised words that name protocols, standards and units, not products.
_NOT_NAMES = frozenset(
    re.split(
        r"\s+",
        """tls mtls ssl https http hsts jwt sso mfa oidc oauth saml api apis pci dss gdpr ccpa sox
        slo slos sli slis sla rto rpo ttl cdn dns tcp udp sql json gpu gpus cpu ram ssd ms kb mb
        gb tb pb qps rps id ids ip ui cli sdk vm vms az azs eu us i""".strip(),
    )
)
_CAPITALISED = re.compile(r"\b(?:[A-Z][a-zA-Z0-9]+|[A-Z]{2,})\b")

_NORMALISE = re.compile(r"[^a-z0-9%.+]+")
_BRITISH = re.compile(r"(\w)is(ation|ations|ing|ed|e|es)\b")
_MONEY = re.compile(
    r"[$€£]\s?\d[\d,.]*(?:\s?[kmb]\b)?|\b\d[\d,.]*\s?[kmb]?\s?(?:dollars|usd|eur|euros|cents?)\b",
    re.IGNORECASE,
)
_RATE = re.compile(r"/\s?(s|sec|second|min|minute|h|hr|hour|day|month|mo|year|yr)\b")
_UNIT = {"s": "second", "sec": "second", "min": "minute", "h": "hour", "hr": "hour", "mo": "month"}
_PERCENT = re.compile(r"(\d)%")


def normalise(text: str) -> str:
    """Lowercase, with punctuation and hyphens as single spaces, British -ise/-isation spelt
    -ize/-ization, money amounts as the word "dollars", "/s" as "per second" and "99.9%" as
    "99.9 %" (applied to answers and lexicon alike), padded for word matching."""
    text = _MONEY.sub(" dollars ", text.lower())
    text = _RATE.sub(
        lambda m: f" per {_UNIT.get(m.group(1), m.group(1).replace('yr', 'year'))}", text
    )
    text = _BRITISH.sub(r"\1iz\2", _NORMALISE.sub(" ", _PERCENT.sub(r"\1 %", text)))
    return " " + text.replace(". ", " ").strip(" .") + " "


_FENCE = re.compile(r"^\s*(?:```|~~~)")
_ITEM = re.compile(r"^\s*(?:[-*+•]\s+|\d{1,2}[.)]\s+|#{1,6}\s+|>\s*)")
_TABLE = re.compile(r"^\s*\|")
_EMPHASIS = re.compile(r"\*\*|__|`|(?<![\w*])\*(?=\w)|(?<=\w)\*(?![\w*])")
_ABBREVIATION = re.compile(r"\b(e\.g|i\.e|vs|cf|approx|incl|esp)\.\s", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_KEEP = "\x00"  # stands for the space after an abbreviation while splitting
#: A line at least this long (or followed by a lowercase line) was wrapped by the editor: the
#: paragraph goes on in the next line. Shorter unpunctuated lines are headings or notes.
WRAPPED_AT = 40


def _blocks(text: str) -> list[str]:
    """Paragraphs and list items with their hard-wrapped lines joined; headings, table rows
    and lines in code fences stand alone."""
    blocks: list[str] = []
    current: list[str] = []
    in_fence = False

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if _FENCE.match(raw):
            close()
            in_fence = not in_fence
        elif in_fence or _TABLE.match(raw):
            close()
            blocks.append(line.strip("|"))
        elif not line:
            close()
        elif _ITEM.match(raw):
            close()
            current.append(_ITEM.sub("", raw, count=1).strip())
            if raw.lstrip().startswith("#"):
                close()
        else:
            previous = current[-1] if current else ""
            goes_on = previous.endswith((".", "!", "?", ";", ",")) or line[0].islower()
            if previous.endswith(":") or not (goes_on or len(previous) >= WRAPPED_AT):
                close()
            current.append(line)
    close()
    return blocks


def sentences(text: str) -> list[str]:
    """The answer's sentences and list items: hard-wrapped lines of a paragraph are joined,
    then split at sentence punctuation (not after "e.g." or "vs."); Markdown bullets, numbers,
    headings and emphasis are stripped."""
    found = []
    for block in _blocks(text):
        block = _ABBREVIATION.sub(lambda m: m.group(0)[:-1] + _KEEP, _EMPHASIS.sub("", block))
        for chunk in _SENTENCE_END.split(block):
            chunk = chunk.replace(_KEEP, " ").strip()
            if len(chunk) > 2:
                found.append(chunk)
    return found


def name_drop(sentence: str) -> float:
    """The share of a sentence's words that are capitalised names (a "Label:" prefix aside,
    and the first word only when it has two capitals): lists of products score high."""
    words = re.sub(r"^\s*[\w /&-]{1,30}:\s", "", sentence).split()
    if len(words) < 3:
        return 0.0
    names = [n for n in _CAPITALISED.findall(" ".join(words[1:])) if n.lower() not in _NOT_NAMES]
    first = _CAPITALISED.match(words[0])
    head = first is not None and first.group(0).lower() not in _NOT_NAMES
    return (len(names) + (head and sum(c.isupper() for c in words[0]) >= 2)) / len(words)


def _has(text: str, phrase: str) -> bool:
    """Whether the normalised ``text`` contains ``phrase`` or its simple plural."""
    return f" {phrase} " in text or f" {phrase}s " in text


def _stem(word: str) -> str:
    if word.endswith(("ss", "us", "is", "ps")):  # "access", "status", "analysis", "https"
        return word
    for suffix in ("ations", "ation", "ers", "ing", "er", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> str:
    return " " + " ".join(_stem(w) for w in text.split()) + " "


def prompt_text(scenario: Scenario) -> str:
    """The words a scenario gives the candidate: its title, summary and prompt."""
    return " ".join((scenario.title, scenario.summary, scenario.prompt))


@dataclass(frozen=True)
class Concept:
    """A concept phrase of one practice. A phrase of the form "cost & dashboard" is a pair of
    terms that must both occur in one sentence, in any order; it counts as a full phrase."""

    pillar_id: str
    question_id: str
    choice_id: str
    phrase: str

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.phrase.split("&"))

    @property
    def weight(self) -> float:
        return 1.0 if " " in self.phrase.strip() or self.phrase in STRONG_WORDS else 0.5


class Analyser:
    """Extension point: which interview-lens questions an answer addresses, with evidence.

    ``scenario`` is the question being answered, when known (``score_answer`` passes it)."""

    def analyse(self, text: str, scenario: Scenario | None = None) -> dict[str, list[str]]:
        raise NotImplementedError


class InMemoryAnalyser(Analyser):
    """Returns fixed results: the fake used by tests of feedback and sessions."""

    def __init__(self, results: Mapping[str, list[str]]) -> None:
        self.results = dict(results)

    def analyse(self, text: str, scenario: Scenario | None = None) -> dict[str, list[str]]:
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
                parts = [normalise(part).strip() for part in str(hint).split("&")]
                if all(parts):
                    found.append(Concept(pillar.id, question.id, choice.id, " & ".join(parts)))
    return found


class LexiconAnalyser(Analyser):
    """Phrase matching against the interview lens's concept lexicon (build once, reuse)."""

    def __init__(self, lexicon: Iterable[Concept] | None = None) -> None:
        self.automaton = ahocorasick.Automaton()
        by_phrase: dict[str, list[Concept]] = {}
        self.pairs: list[Concept] = []
        for concept in lexicon if lexicon is not None else concepts():
            if len(concept.parts) > 1:
                self.pairs.append(concept)
            else:
                by_phrase.setdefault(concept.phrase, []).append(concept)
        self.phrases = frozenset(by_phrase) | {c.phrase for c in self.pairs}
        for phrase, items in by_phrase.items():
            self.automaton.add_word(f" {phrase} ", tuple(items))
            if not phrase.endswith("s"):  # simple plurals: "runbook" also finds "runbooks"
                self.automaton.add_word(f" {phrase}s ", tuple(items))
        self.automaton.make_automaton()
        self._restated: dict[str, frozenset[str]] = {}

    def restated(self, scenario: Scenario | None) -> frozenset[str]:
        """The concept phrases that the scenario's title, summary or prompt already uses
        (compared word by word after stemming: "rate limiter" restates "rate limit")."""
        if scenario is None:
            return frozenset()
        text = prompt_text(scenario)
        if text not in self._restated:
            vocabulary = _stems(normalise(text))
            self._restated[text] = frozenset(
                p for p in self.phrases if all(_stems(t) in vocabulary for t in p.split(" & "))
            )
        return self._restated[text]

    def weights(
        self, sentence: str, restated: frozenset[str] = frozenset()
    ) -> dict[tuple[str, str], float]:
        """Per (question id, choice id): the summed weight of the distinct concept phrases of
        that choice in one sentence (1.0 is a full phrase or two single words); the phrases in
        ``restated`` add at most :data:`RESTATED`, and a list of product names counts for
        :data:`NAME_DROPPED` of its weight."""
        own: dict[tuple[str, str], dict[str, float]] = {}
        echo: dict[tuple[str, str], dict[str, float]] = {}
        text = normalise(sentence)
        pairs = [c for c in self.pairs if all(_has(text, part) for part in c.parts)]
        matches = self.automaton.iter(text) if len(self.automaton) else ()
        for concept in chain((c for _, found in matches for c in found), pairs):
            key = (concept.question_id, concept.choice_id)
            kept = echo if concept.phrase in restated else own
            kept.setdefault(key, {})[concept.phrase] = concept.weight
        factor = NAME_DROPPED if name_drop(sentence) >= NAME_DROP_AT else 1.0
        return {
            key: factor
            * (sum(own.get(key, {}).values()) + min(RESTATED, sum(echo.get(key, {}).values())))
            for key in own.keys() | echo.keys()
        }

    def analyse(self, text: str, scenario: Scenario | None = None) -> dict[str, list[str]]:
        """Questions addressed: a choice counts when one sentence carries a full phrase, or
        two single words of it (words scattered over the answer do not add up)."""
        restated = self.restated(scenario)
        addressed: dict[str, list[str]] = {}
        for sentence in sentences(text):
            for (question_id, _), weight in self.weights(sentence, restated).items():
                found = addressed.setdefault(question_id, []) if weight >= 1.0 else None
                if found is not None and sentence not in found and len(found) < 3:
                    found.append(sentence)
        return addressed
