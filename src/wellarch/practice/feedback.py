"""Feedback on a practice answer: pillar coverage against the interview lens, a rubric, and
the follow-up questions an interviewer would ask next.

The JSON shape is a contract (``wellarch practice score --format json``)::

    {"scenario": id, "level": "L6", "pillars": {pillarId: {"covered", "score", "evidence",
     "missed"}}, "rubric": {dimension: {"score": 1..4, "why"}}, "follow_ups": [...]}
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from wellarch.practice.coverage import Analyser, LexiconAnalyser, _interview, sentences
from wellarch.practice.scenario import Scenario

__all__ = ["COVERED_AT", "RUBRIC", "render_feedback_markdown", "score_answer"]

#: A pillar is covered when the answer addresses at least this share of its key questions.
COVERED_AT = 0.5

RUBRIC: dict[str, tuple[str, str, str, str]] = {
    "requirements": (
        "jumps into the design without clarifying scope or requirements",
        "states a few requirements but leaves scale and scope open",
        "clarifies functional and non-functional requirements and states assumptions",
        "drives the scope: prioritises requirements and ties each to a design decision",
    ),
    "estimation": (
        "no numbers",
        "quotes a figure or two without deriving them",
        "derives load, storage or bandwidth from stated assumptions",
        "derives the key numbers and uses them to choose and size components",
    ),
    "architecture": (
        "names one or two boxes",
        "a plausible outline with gaps in the data flow",
        "a complete design: components, data flow and data stores",
        "a complete design whose every component is justified by a requirement",
    ),
    "deep_dive_and_trade_offs": (
        "no trade-offs discussed",
        "mentions alternatives without weighing them",
        "weighs alternatives and explains the choice",
        "weighs alternatives with numbers and says when the choice would change",
    ),
    "scale_and_reliability": (
        "failure and growth are not considered",
        "touches on scaling or failures in general terms",
        "covers failure modes, redundancy and scaling for this design",
        "quantifies availability and recovery, and tests the design against failures",
    ),
    "operations_and_cost": (
        "operations and cost are not considered",
        "mentions monitoring or cost in passing",
        "covers observability, deployment and the main cost drivers",
        "ties operations and cost to targets: SLOs, alarms, budgets and unit cost",
    ),
    "communication": (
        "hard to follow",
        "some structure, uneven depth",
        "structured and clear, in a sensible order",
        "structured, concise and led by the candidate from requirements to trade-offs",
    ),
}
_NUMBER = re.compile(
    r"\b\d[\d,.]*\s*(?:k|m|b|%|ms|s|qps|rps|tps|tb|gb|mb|kb|pb|x|users?|requests?|"
    r"per\s+(?:second|day|month)|/s|/day)\b",
    re.IGNORECASE,
)
_COMPONENTS = (
    "load balancer",
    "cache",
    "queue",
    "database",
    "api gateway",
    "cdn",
    "stream",
    "partition",
    "shard",
    "replica",
    "service",
    "worker",
    "object storage",
    "index",
    "topic",
    "edge",
    "scheduler",
    "gateway",
    "store",
    "cluster",
)
_TRADE_OFF = re.compile(
    r"trade[- ]?off|instead of|rather than|versus|\bvs\.?\b|at the cost of|downside|"
    r"alternatively|we chose|i would choose|the cost is|in exchange",
    re.IGNORECASE,
)
_REQUIREMENT = re.compile(
    r"\?|assum|requirement|out of scope|in scope|functional|clarif|must support|should support",
    re.IGNORECASE,
)


@cache
def _default_analyser() -> LexiconAnalyser:
    return LexiconAnalyser()


def _band(value: float, bounds: tuple[float, float, float]) -> int:
    return 1 + sum(value >= b for b in bounds)


def _rubric(text: str, pillars: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    lowered = text.lower()
    parts = sentences(text)
    numbers = len(_NUMBER.findall(text))
    derived = numbers and bool(re.search(r"[×*/=]|\bper\b|\btimes\b", text))
    components = sum(1 for c in _COMPONENTS if c in lowered)
    trade_offs = len(_TRADE_OFF.findall(text))
    requirements = sum(1 for s in parts if _REQUIREMENT.search(s))
    words = len(text.split())
    structure = len(re.findall(r"^\s*(?:#+ |[-*] |\d+[.)] )", text, flags=re.MULTILINE))
    pillar_score = {p: v["score"] for p, v in pillars.items()}
    scores = {
        "requirements": _band(requirements, (1, 3, 6)),
        "estimation": min(4, _band(numbers, (1, 3, 6)))
        if derived
        else min(2, _band(numbers, (1, 3, 6))),
        "architecture": _band(components, (3, 6, 9)),
        "deep_dive_and_trade_offs": _band(trade_offs, (1, 3, 5)),
        "scale_and_reliability": _band(
            (pillar_score.get("reliability", 0) + pillar_score.get("performance", 0)) / 2,
            (0.2, 0.5, 0.75),
        ),
        "operations_and_cost": _band(
            (pillar_score.get("operationalExcellence", 0) + pillar_score.get("costOptimization", 0))
            / 2,
            (0.2, 0.5, 0.75),
        ),
        "communication": _band(
            (structure >= 5) + (150 <= words <= 3000) + (len(parts) >= 12), (1, 2, 3)
        ),
    }
    return {
        dimension: {"score": score, "why": RUBRIC[dimension][score - 1]}
        for dimension, score in scores.items()
    }


def score_answer(
    scenario: Scenario,
    text: str,
    *,
    level: str | None = None,
    analyser: Analyser | None = None,
) -> dict[str, Any]:
    """Feedback on ``text`` as an answer to ``scenario`` (see the module docstring)."""
    analyser = analyser or _default_analyser()
    addressed = analyser.analyse(text, scenario)
    lens = _interview().lens
    level = level or scenario.level
    pillars: dict[str, dict[str, Any]] = {}
    for pillar in lens.pillars:
        ids = [q.id for q in pillar.questions]
        hit = [q for q in ids if q in addressed]
        key_for_design = [q for q, _ in scenario.pillar_points.get(pillar.id, []) if q]
        missed = sorted(
            (q for q in ids if q not in addressed),
            key=lambda q: (q not in key_for_design, ids.index(q)),
        )
        score = round(len(hit) / len(ids), 2) if ids else 0.0
        evidence: list[str] = []
        for q in hit:
            evidence += [s for s in addressed[q] if s not in evidence]
        pillars[pillar.id] = {
            "covered": score >= COVERED_AT,
            "score": score,
            "evidence": evidence[:5],
            "missed": missed,
        }
    follow_ups: list[dict[str, Any]] = []
    for pillar_id, result in pillars.items():
        if not result["covered"] and result["missed"]:
            question = lens.question(result["missed"][0])
            assert question is not None
            follow_ups.append(
                {
                    "question": question.title,
                    "strong_answer": question.description or "",
                    "pillar": pillar_id,
                }
            )
    follow_ups += [
        {"question": f.question, "strong_answer": f.answer, "pillar": None}
        for f in scenario.follow_ups
    ]
    return {
        "scenario": scenario.id,
        "level": level,
        "pillars": pillars,
        "rubric": _rubric(text, pillars),
        "follow_ups": follow_ups[:8],
    }


def render_feedback_markdown(feedback: dict[str, Any], scenario: Scenario) -> str:
    """Feedback as Markdown: coverage per pillar, gaps by name, the rubric, follow-ups."""
    lens = _interview().lens
    out = [f"# Feedback: {scenario.title} ({feedback['level']})", "", "## Pillars", ""]
    for pillar in lens.pillars:
        result = feedback["pillars"][pillar.id]
        mark = "covered" if result["covered"] else "**not covered**"
        out.append(f"### {pillar.name}: {mark} ({result['score']:.0%})")
        for sentence in result["evidence"][:3]:
            out.append(f"- you said: “{sentence}”")
        for question_id in result["missed"]:
            question = lens.question(question_id)
            if question is not None:
                out.append(f"- missed: {question.title}")
        out.append("")
    out += ["## Rubric", "", "| dimension | score | meaning |", "|---|---|---|"]
    for dimension, result in feedback["rubric"].items():
        out.append(f"| {dimension.replace('_', ' ')} | {result['score']}/4 | {result['why']} |")
    out += ["", "## Follow-up questions", ""]
    for item in feedback["follow_ups"]:
        out.append(f"- **{item['question']}** — {item['strong_answer']}")
    return "\n".join(out) + "\n"
