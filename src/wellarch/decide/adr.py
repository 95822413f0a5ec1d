"""Architecture Decision Records: a decision written down as Markdown.

The record follows the usual shape (title, status, date, context, options considered,
decision, consequences) and adds the follow-up questions a reviewer is likely to ask and the
sources behind the figures. It is built from a ranked :class:`~wellarch.decide.engine.Decision`
or a :class:`~wellarch.decide.matrix.MatrixResult`, then rendered; the date is passed in so that
the output depends only on the inputs.

Example:
    >>> from wellarch.decide.engine import decide, load_domain
    >>> decision = decide(load_domain("cache"), {"content": "static"})
    >>> render_adr(adr_for_decision(decision, date="2026-01-31")).splitlines()[0]
    '# ADR: Caching tier - Client cache (browser or app, HTTP caching)'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wellarch.calc.units import format_number
from wellarch.decide.engine import Decision
from wellarch.decide.matrix import MatrixResult

__all__ = ["Adr", "adr_for_decision", "adr_for_matrix", "render_adr"]


@dataclass(frozen=True)
class Adr:
    title: str
    date: str
    context: tuple[str, ...]
    #: ``(option, score, assessment)`` rows, best first.
    options: tuple[tuple[str, str, str], ...]
    excluded: tuple[tuple[str, str], ...]
    decision: str
    rationale: tuple[str, ...]
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    follow_ups: tuple[tuple[str, str], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    status: str = "Proposed"
    notes: tuple[str, ...] = field(default=())


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render_adr(adr: Adr) -> str:
    """The record as Markdown."""
    lines = [f"# ADR: {adr.title}", "", f"- Status: {adr.status}", f"- Date: {adr.date}", ""]
    lines += ["## Context", "", *adr.context, ""]
    lines += ["## Options considered", "", "| Option | Score | Assessment |", "|---|---|---|"]
    lines += [f"| {_cell(name)} | {score} | {_cell(text)} |" for name, score, text in adr.options]
    if adr.excluded:
        lines += ["", "Excluded:", ""]
        lines += [f"- **{name}**: {reason}" for name, reason in adr.excluded]
    lines += ["", "## Decision", "", adr.decision, ""]
    if adr.rationale:
        lines += ["Reasons:", "", *[f"- {reason}" for reason in adr.rationale], ""]
    lines += list(adr.notes) + ([""] if adr.notes else [])
    lines += ["## Consequences", ""]
    lines += ["Positive:", "", *[f"- {item}" for item in adr.positive or ("none recorded",)], ""]
    lines += ["Negative:", "", *[f"- {item}" for item in adr.negative or ("none recorded",)], ""]
    if adr.follow_ups:
        lines += ["## Follow-up questions", ""]
        for question, answer in adr.follow_ups:
            lines += [f"**{question}**", "", answer, ""]
    if adr.sources:
        lines += ["## Sources", "", *[f"- [{title}]({url})" for title, url in adr.sources], ""]
    return "\n".join(lines).rstrip() + "\n"


def adr_for_decision(decision: Decision, *, date: str) -> Adr:
    """A record of a ranked decision: requirements as context, the winner as the decision."""
    winner = decision.winner
    context = [decision.domain.question, "", "Requirements:", ""]
    context += [f"- {label}: {value}" for label, value in decision.context()]
    rows = tuple(
        (
            e.option.name,
            format_number(e.score * 100),
            ", ".join(
                f"{a.label.lower()} {format_number((a.score or 0.0) * 100)}"
                for a in e.assessments
                if a.score is not None and a.weight > 0
            ),
        )
        for e in decision.ranked
    )
    excluded = tuple((e.option.name, "; ".join(e.reasons)) for e in decision.excluded)
    sources: list[tuple[str, str]] = []
    for evaluation in (winner, *decision.excluded) if winner else decision.excluded:
        sources += [(s.title, s.url) for s in evaluation.option.sources]
    sources += [(s.title, s.url) for s in decision.domain.sources]
    if winner is None:
        return Adr(
            title=f"{decision.domain.title} - no option fits",
            date=date,
            context=tuple(context),
            options=rows,
            excluded=excluded,
            decision="No option meets every hard requirement; relax one of them and decide again.",
            rationale=(),
            positive=(),
            negative=(),
            sources=tuple(dict.fromkeys(sources)),
        )
    option = winner.option
    text = f"We will use **{option.name}**. {option.summary}"
    if decision.margin is not None and decision.margin < 5:
        runner_up = decision.ranked[1].option.name
        text += f" It is a close call: {runner_up} scores within {decision.margin} points."
    notes = (f"Guidance: {winner.guidance}",) if winner.guidance else ()
    return Adr(
        title=f"{decision.domain.title} - {option.name}",
        date=date,
        context=tuple(context),
        options=rows,
        excluded=excluded,
        decision=text,
        rationale=tuple(f"{a.label}: {a.note}" for a in winner.assessments),
        positive=option.strengths,
        negative=option.trade_offs + option.limits,
        follow_ups=tuple((f.question, f.answer) for f in decision.follow_ups()),
        sources=tuple(dict.fromkeys(sources)),
        notes=notes,
    )


def adr_for_matrix(result: MatrixResult, *, date: str) -> Adr:
    """A record of a weighted matrix: weights as context, sensitivity as a note."""
    matrix = result.matrix
    context = [matrix.context, ""] if matrix.context else []
    context += ["Criteria and weights:", ""]
    context += [
        f"- {c.name}: {format_number(c.weight)}" + (f" ({c.description})" if c.description else "")
        for c in matrix.criteria
    ]
    rows = tuple(
        (
            r.option.name,
            format_number(r.total),
            ", ".join(f"{name} {format_number(score)}" for name, score in r.option.scores.items()),
        )
        for r in result.ranking
    )
    winner = result.winner
    runner_up = result.ranking[1]
    best = format_number(result.ranking[0].total)
    text = f"We will go with **{winner.name}** (weighted score {best}, ahead of "
    text += f"{runner_up.option.name} at {format_number(runner_up.total)})."
    if result.tie:
        text += " The top options tie; the weights do not separate them."
    rationale = tuple(
        f"{c.name}: {format_number(winner.scores[c.name])} against "
        f"{format_number(runner_up.option.scores[c.name])} (weight {format_number(c.weight)})"
        for c in matrix.criteria
        if winner.scores[c.name] > runner_up.option.scores[c.name]
    )
    notes = ["Sensitivity:", ""]
    if not result.flips:
        notes.append("- no change of a single weight changes the winner")
    notes += [f"- {flip.describe()}" for flip in result.flips]
    if result.flips and result.stable:
        notes.append(f"- no change of the weight of {', '.join(result.stable)} alone changes it")
    return Adr(
        title=matrix.title,
        date=date,
        context=tuple(context),
        options=rows,
        excluded=(),
        decision=text,
        rationale=rationale,
        positive=winner.pros,
        negative=winner.cons,
        notes=tuple(notes),
    )
