"""From findings to review evidence: which lens choices the IaC shows as met, with citations.

A choice is *suggested* when at least one finding for it passes and none fails; failing
evidence is kept against the question so reviewers see why a practice is not met. Every piece
of evidence cites file:line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wellarch.evidence.model import Finding, Status

__all__ = ["Citation", "QuestionEvidence", "collect_evidence"]


@dataclass(frozen=True)
class Citation:
    choice_id: str
    rule_id: str
    status: str
    file: str
    line: int
    resource: str
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "choice_id": self.choice_id,
            "rule_id": self.rule_id,
            "status": self.status,
            "file": self.file,
            "line": self.line,
            "resource": self.resource,
            "message": self.message,
        }


@dataclass
class QuestionEvidence:
    question_id: str
    citations: list[Citation] = field(default_factory=list)

    def suggested(self) -> list[str]:
        """Choices with passing evidence and no failing evidence, in first-seen order."""
        failing = {c.choice_id for c in self.citations if c.status == Status.FAIL.value}
        passing = [c.choice_id for c in self.citations if c.status == Status.PASS.value]
        return [c for c in dict.fromkeys(passing) if c not in failing]

    def failing(self) -> list[str]:
        return list(
            dict.fromkeys(c.choice_id for c in self.citations if c.status == Status.FAIL.value)
        )


def collect_evidence(findings: Iterable[Finding]) -> dict[str, QuestionEvidence]:
    """Evidence per question of the built-in lens (suppressed findings are left out)."""
    found: dict[str, QuestionEvidence] = {}
    for f in findings:
        if f.status in (Status.SUPPRESSED,) or not f.question_id:
            continue
        evidence = found.setdefault(f.question_id, QuestionEvidence(f.question_id))
        evidence.citations.append(
            Citation(f.choice_id, f.rule_id, f.status.value, f.file, f.line, f.resource, f.message)
        )
    return dict(sorted(found.items()))
