"""Writing lenses back out as AWS custom-lens JSON that the AWS Well-Architected Tool imports.

Export is the inverse of :func:`~wellarch.lens.validation.validate_document`: for any valid
lens, ``validate_document(lens_to_document(lens)).lens == lens``.
"""

from __future__ import annotations

import json
from typing import Any

from wellarch.lens.model import Choice, Lens, Question, Resource
from wellarch.lens.validation import LIMITS

__all__ = ["dump_lens", "lens_to_document"]


def _resource(resource: Resource) -> dict[str, str]:
    out = {"displayText": resource.display_text}
    if resource.url is not None:
        out["url"] = resource.url
    return out


def _choice(choice: Choice) -> dict[str, Any]:
    out: dict[str, Any] = {"id": choice.id, "title": choice.title}
    if choice.helpful_resource:
        out["helpfulResource"] = _resource(choice.helpful_resource)
    if choice.improvement_plan:
        out["improvementPlan"] = _resource(choice.improvement_plan)
    if choice.additional_resources:
        out["additionalResources"] = [
            {"type": extra.type, "content": [_resource(r) for r in extra.content]}
            for extra in choice.additional_resources
        ]
    return out


def _question(question: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": question.id, "title": question.title}
    if question.description is not None:
        out["description"] = question.description
    if question.helpful_resource:
        out["helpfulResource"] = _resource(question.helpful_resource)
    out["choices"] = [_choice(c) for c in question.choices]
    out["riskRules"] = [
        {"condition": r.condition, "risk": r.risk.value} for r in question.risk_rules
    ]
    return out


def lens_to_document(lens: Lens) -> dict[str, Any]:
    """The lens as an AWS custom-lens JSON document (a plain dict)."""
    out: dict[str, Any] = {"schemaVersion": lens.schema_version, "name": lens.name}
    if lens.description is not None:
        out["description"] = lens.description
    out["pillars"] = [
        {"id": p.id, "name": p.name, "questions": [_question(q) for q in p.questions]}
        for p in lens.pillars
    ]
    return out


def dump_lens(lens: Lens, *, indent: int | None = 2) -> str:
    """The lens as AWS custom-lens JSON text (UTF-8, no ASCII escaping, trailing newline).

    When indentation would push a lens over the AWS limit of 500,000 characters, the text is
    written compactly instead, so that every exported lens imports into AWS.
    """
    doc = lens_to_document(lens)
    text = json.dumps(doc, indent=indent, ensure_ascii=False) + "\n"
    if indent is not None and len(text) > LIMITS.file_chars:
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n"
    return text
