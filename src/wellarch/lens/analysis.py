"""Truth-table analysis of risk rules: the properties ``wellarch lens check`` verifies.

For every question, over every possible answer:

- ``worst-reachable``: the question's worst risk (its ``default`` rule's risk) is given by some
  answer;
- ``none-gives-worst``: "None of these" (or, without such a choice, no selection) gives it;
- ``all-gives-none``: selecting every practice gives NO_RISK;
- ``monotonic``: adding a practice to an answer never raises the risk.

Answers are subsets of the practices (the choices other than "None of these"), plus "None of
these" alone. Each choice is a bitset over the 2**n subsets, so one question's whole table is
a handful of integer operations even at the AWS limit of 15 choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from wellarch.lens.model import Lens, Question, RuleRisk

__all__ = ["Violation", "check_lens", "check_question"]


@dataclass(frozen=True, slots=True)
class Violation:
    question_id: str
    property: str
    message: str
    #: The answer that shows the problem (choice ids), and the risk it gives.
    counter_example: tuple[str, ...]

    def format(self) -> str:
        answer = ", ".join(self.counter_example) or "(nothing selected)"
        return f"{self.question_id}: {self.property}: {self.message} [answer: {answer}]"


@cache
def _membership(n: int) -> tuple[int, ...]:
    """For each practice i, the bitset of the subsets (numbers 0..2**n-1) that contain it."""
    size = 1 << n
    everything = (1 << size) - 1
    result = []
    for i in range(n):
        # Subsets with bit i set come in blocks of 2**i ones every 2**(i+1) positions: one
        # block, repeated by multiplying with the geometric series 1 + 2**p + 2**2p + ...
        period = 1 << (i + 1)
        block = ((1 << (1 << i)) - 1) << (1 << i)
        result.append(block * (everything // ((1 << period) - 1)))
    return tuple(result)


def _risk_tables(question: Question, bits: dict[str, int], full: int) -> dict[RuleRisk, int]:
    """Bitsets of the subsets of the practices that get each risk (first matching rule)."""
    remaining = full
    tables = dict.fromkeys(RuleRisk, 0)
    for rule in question.risk_rules:
        hit = rule.parsed.table(bits, full) & remaining
        tables[rule.risk] |= hit
        remaining &= ~hit
    tables[RuleRisk.HIGH_RISK] |= remaining  # no rule matched (lenient lens without default)
    return tables


def _subset(practices: list[str], index: int) -> tuple[str, ...]:
    return tuple(p for i, p in enumerate(practices) if index >> i & 1)


def _risk_at(tables: dict[RuleRisk, int], index: int) -> RuleRisk:
    return next(risk for risk, table in tables.items() if table >> index & 1)


def check_question(question: Question) -> list[Violation]:
    """Every property the question's rules violate, each with a counter-example answer."""
    qid = question.id
    practices = [c.id for c in question.practices]
    membership = _membership(len(practices))
    full = (1 << (1 << len(practices))) - 1
    tables = _risk_tables(question, dict(zip(practices, membership, strict=True)), full)
    worst = question.worst_risk
    found: list[Violation] = []

    none_choice = question.none_choice
    none_answer = (none_choice.id,) if none_choice else ()
    none_risk = question.risk_for(set(none_answer))
    if tables[worst] == 0 and none_risk != worst:
        found.append(Violation(qid, "worst-reachable", f"no answer gives {worst.value}", ()))
    if none_risk != worst:
        found.append(
            Violation(
                qid,
                "none-gives-worst",
                f"'None of these' gives {none_risk.value}, not the worst risk {worst.value}",
                none_answer,
            )
        )
    everything = (1 << len(practices)) - 1
    all_risk = _risk_at(tables, everything)
    if all_risk is not RuleRisk.NO_RISK:
        found.append(
            Violation(
                qid,
                "all-gives-none",
                f"selecting every practice gives {all_risk.value}, not NO_RISK",
                tuple(practices),
            )
        )
    worse = {
        RuleRisk.HIGH_RISK: 0,
        RuleRisk.MEDIUM_RISK: tables[RuleRisk.HIGH_RISK],
        RuleRisk.NO_RISK: tables[RuleRisk.HIGH_RISK] | tables[RuleRisk.MEDIUM_RISK],
    }
    for i, name in enumerate(practices):
        step = 1 << i
        for risk in RuleRisk:
            # Subsets A without practice i whose risk is `risk` while A + i has a worse one.
            raised = tables[risk] & (worse[risk] >> step) & ~membership[i]
            if raised:
                index = (raised & -raised).bit_length() - 1
                after = _risk_at(tables, index | step)
                found.append(
                    Violation(
                        qid,
                        "monotonic",
                        f"adding {name!r} raises the risk from {risk.value} to {after.value}",
                        _subset(practices, index),
                    )
                )
                break
    return found


def check_lens(lens: Lens) -> list[Violation]:
    """Every violation in every question of the lens, in lens order."""
    return [v for _, question in lens.questions() for v in check_question(question)]
