"""The L6/L7 readiness self-assessment: a custom lens, answered and scored like a review.

The questionnaire is an ordinary AWS custom lens (``content/data/readiness-lens.json``, valid
for ``wellarch lens validate`` and ``wellarch lens check``) with six pillars: scope, scale,
technical depth, leadership, coding and behavioural stories. Each question's risk rules
encode the two bars: the choices of its ``MEDIUM_RISK`` rule are the *core* practices (the
L6 bar), the extra choices of its ``NO_RISK`` rule the *L7* practices. So a question at
``HIGH_RISK`` is below the L6 bar, ``MEDIUM_RISK`` meets L6 but not L7, ``NO_RISK`` meets both.

Example:
    >>> lens = readiness_lens()
    >>> result = assess(lens, {"rd_code_practice": ["rd_practice_weekly"]}, level="L6")
    >>> result.met, result.total, result.verdict
    (0, 12, 'not yet')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from wellarch.errors import InputError
from wellarch.lens import Choice, Lens, Question, RuleRisk, read_lens_file

__all__ = [
    "AREA_OF_PILLAR",
    "Gap",
    "PillarScore",
    "Readiness",
    "assess",
    "core_choices",
    "parse_answers",
    "read_answers",
    "readiness_lens",
    "readiness_lens_file",
]

Level = Literal["L6", "L7"]

#: The study-plan area each pillar's gaps add hours to.
AREA_OF_PILLAR = {
    "scope": "system_design",
    "scale": "system_design",
    "depth": "system_design",
    "leadership": "behavioral",
    "coding": "coding",
    "behavioral": "behavioral",
}
#: Share of questions at the bar from which a candidate is "ready" / "nearly ready".
READY, NEARLY = 0.8, 0.6


def readiness_lens_file() -> Path:
    return Path(str(resources.files("wellarch.content") / "data" / "readiness-lens.json"))


def readiness_lens() -> Lens:
    """The shipped readiness questionnaire."""
    return read_lens_file(readiness_lens_file()).lens


def core_choices(question: Question) -> frozenset[str]:
    """The choices of the L6 bar: the ``MEDIUM_RISK`` rule's, else the ``NO_RISK`` rule's."""
    for risk in (RuleRisk.MEDIUM_RISK, RuleRisk.NO_RISK):
        rule = next((r for r in question.risk_rules if r.risk is risk), None)
        if rule is not None:
            return rule.parsed.names()
    return frozenset(c.id for c in question.practices)


def _meets(risk: RuleRisk, level: Level) -> bool:
    return risk is RuleRisk.NO_RISK or (level == "L6" and risk is RuleRisk.MEDIUM_RISK)


@dataclass(frozen=True)
class Gap:
    """A practice missing for the chosen level, with what to do about it."""

    pillar: str
    question: Question
    choice: Choice
    #: True for an L6 (core) practice, False for an L7-only one.
    core: bool

    @property
    def plan(self) -> str:
        return self.choice.improvement_plan.display_text if self.choice.improvement_plan else ""


@dataclass(frozen=True)
class PillarScore:
    id: str
    name: str
    #: Risk per question id, as in a review.
    risks: dict[str, RuleRisk]
    met: int

    @property
    def total(self) -> int:
        return len(self.risks)

    def count(self, risk: RuleRisk) -> int:
        return sum(1 for value in self.risks.values() if value is risk)


@dataclass(frozen=True)
class Readiness:
    level: Level
    pillars: tuple[PillarScore, ...]
    gaps: tuple[Gap, ...]

    @property
    def met(self) -> int:
        return sum(p.met for p in self.pillars)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.pillars)

    @property
    def score(self) -> int:
        """Percentage of questions at the level's bar."""
        return round(100 * self.met / self.total) if self.total else 0

    @property
    def verdict(self) -> str:
        share = self.met / self.total if self.total else 0
        if share >= READY and not any(g.core for g in self.gaps):
            return "ready"
        return "nearly ready" if share >= NEARLY else "not yet"

    def gap_share(self, area: str) -> float:
        """Share of the questions feeding ``area`` that are below the bar (0 when none)."""
        scores = [p for p in self.pillars if AREA_OF_PILLAR.get(p.id) == area]
        total = sum(p.total for p in scores)
        return (total - sum(p.met for p in scores)) / total if total else 0.0


def assess(lens: Lens, answers: Mapping[str, Sequence[str]], *, level: Level) -> Readiness:
    """Score answers (question id → selected choice ids) against the level's bar."""
    pillars, gaps = [], []
    for pillar in lens.pillars:
        risks: dict[str, RuleRisk] = {}
        met = 0
        for question in pillar.questions:
            selected = set(answers.get(question.id, ()))
            risk = question.risk_for(selected)
            risks[question.id] = risk
            if _meets(risk, level):
                met += 1
                continue
            core = core_choices(question)
            for choice in question.practices:
                if choice.id not in selected and (level == "L7" or choice.id in core):
                    gaps.append(Gap(pillar.id, question, choice, choice.id in core))
        pillars.append(PillarScore(pillar.id, pillar.name, risks, met))
    gaps.sort(key=lambda gap: not gap.core)
    return Readiness(level, tuple(pillars), tuple(gaps))


def read_answers(path: Path, lens: Lens) -> dict[str, tuple[str, ...]]:
    """Answers from a JSON or YAML file (see :func:`parse_answers`)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the answers: {exc}", file=str(path)) from None
    except yaml.YAMLError:
        raise InputError("not valid JSON or YAML", file=str(path)) from None
    return parse_answers(data, lens, file=str(path))


def parse_answers(data: Any, lens: Lens, *, file: str) -> dict[str, tuple[str, ...]]:
    """Answers from a mapping ``{question id: [choice id, ...]}`` as read from JSON or YAML.

    Unknown questions or choices and "None of these" combined with other choices are
    refused with the JSON path of the problem.
    """
    if not isinstance(data, dict):
        raise InputError("expected a mapping of question id to a list of choice ids", file=file)
    answers: dict[str, tuple[str, ...]] = {}
    for question_id, selected in data.items():
        question = lens.question(str(question_id))
        if question is None:
            raise InputError("unknown question", file=file, path=f"$.{question_id}")
        if not isinstance(selected, list) or not all(isinstance(c, str) for c in selected):
            raise InputError("expected a list of choice ids", file=file, path=f"$.{question_id}")
        for index, choice_id in enumerate(selected):
            if question.choice(choice_id) is None:
                known = ", ".join(c.id for c in question.choices)
                raise InputError(
                    f"unknown choice {choice_id!r} (choices: {known})",
                    file=file,
                    path=f"$.{question_id}[{index}]",
                )
        none = question.none_choice
        if none is not None and none.id in selected and len(selected) > 1:
            message = f"{none.id!r} (None of these) cannot be combined with other choices"
            raise InputError(message, file=file, path=f"$.{question_id}")
        answers[question.id] = tuple(selected)
    return answers
