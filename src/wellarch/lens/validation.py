"""Validation of AWS custom-lens documents, reporting every problem with its JSON path.

Strict mode (the default) enforces every limit the AWS Well-Architected Tool enforces on import.
Lenient mode accepts what real published lenses contain — unknown keys, a missing ``default``
rule, a bare ``NaN``, empty urls, a "None of these" choice whose id does not end in ``_no`` —
and reports each deviation as a warning instead.

Example:
    >>> result = validate_document({"schemaVersion": "2021-11-01", "name": "x", "pillars": []})
    >>> [p.format() for p in result.errors]
    ['$.pillars: a lens needs at least 1 pillar']
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from wellarch.errors import Problem
from wellarch.lens.condition import ConditionSyntaxError, Default, parse_condition
from wellarch.lens.model import (
    SCHEMA_VERSION,
    AdditionalResources,
    Choice,
    Lens,
    Pillar,
    Question,
    Resource,
    RiskRule,
    RuleRisk,
)

__all__ = ["LIMITS", "ValidationResult", "validate_document"]


@dataclass(frozen=True)
class Limits:
    """The AWS Well-Architected Tool's limits on a custom lens."""

    pillars: int = 10
    questions_per_pillar: int = 20
    choices_per_question: int = 15
    risk_rules_per_question: int = 3
    resources_per_type: int = 5
    id_min: int = 3
    id_max: int = 128
    title_max: int = 128
    name_max: int = 128
    text_max: int = 2048
    file_chars: int = 500_000


LIMITS = Limits()
_ID = re.compile(r"[A-Za-z0-9_]+")
_NONE_TITLES = {"none of these", "none", "none of the above"}
_RESOURCE_TYPES = ("HELPFUL_RESOURCE", "IMPROVEMENT_PLAN")

_LENS_KEYS = {"schemaVersion", "name", "description", "pillars"}
_PILLAR_KEYS = {"id", "name", "questions"}
_QUESTION_KEYS = {"id", "title", "description", "helpfulResource", "choices", "riskRules"}
_CHOICE_KEYS = {"id", "title", "helpfulResource", "improvementPlan", "additionalResources"}
_RULE_KEYS = {"condition", "risk"}
_RESOURCE_KEYS = {"displayText", "url"}
_ADDITIONAL_KEYS = {"type", "content"}


class NaNValue(float):
    """A bare ``NaN`` read from JSON (kept distinct so validation can name it)."""


@dataclass
class ValidationResult:
    """The lens (``None`` when there are errors), the errors and the lenient warnings."""

    lens: Lens | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lens is not None


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if _is_nan(value):
        return "NaN"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


class _Validator:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------------------------
    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def deviation(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, lenient_ok=True))

    # -- primitives --------------------------------------------------------------------------
    def keys(self, obj: dict[str, Any], allowed: set[str], path: str) -> None:
        for key in obj:
            if key not in allowed:
                self.deviation(f"{path}.{key}", f"unknown key {key!r} (ignored)")

    def obj(self, value: Any, path: str, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(path, f"{what} must be an object, not {_type_name(value)}")
        return None

    def items(self, obj: dict[str, Any], key: str, path: str, least: int, most: int) -> list[Any]:
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None or _is_nan(value):
            if least:
                self.error(where, "is required")
            return []
        if not isinstance(value, list):
            self.error(where, f"must be a list, not {_type_name(value)}")
            return []
        if len(value) < least:
            what = {"pillars": "a lens", "questions": "a pillar", "choices": "a question"}.get(
                key, "it"
            )
            self.error(where, f"{what} needs at least {least} {key.rstrip('s')}")
        if len(value) > most:
            self.error(where, f"has {len(value)} items; the limit is {most}")
        return value

    def text(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        limit: int,
        required: bool,
    ) -> str | None:
        value = obj.get(key)
        where = f"{path}.{key}"
        if _is_nan(value):
            self.deviation(where, "NaN is not valid JSON text (treated as missing)")
            value = None
        if value is None:
            if required:
                self.error(where, "is required")
            return None
        if not isinstance(value, str):
            self.error(where, f"must be a string, not {_type_name(value)}")
            return None
        if required and not value.strip():
            self.error(where, "must not be empty")
            return None
        if len(value) > limit:
            self.error(where, f"is {len(value)} characters; the limit is {limit}")
        return value

    def ident(self, obj: dict[str, Any], path: str) -> str | None:
        value = self.text(obj, "id", path, limit=10**9, required=True)
        if value is None:
            return None
        where = f"{path}.id"
        if not _ID.fullmatch(value):
            self.error(where, f"{value!r} may only contain letters, digits and '_'")
        elif not LIMITS.id_min <= len(value) <= LIMITS.id_max:
            self.error(
                where,
                f"{value!r} is {len(value)} characters; ids are "
                f"{LIMITS.id_min}–{LIMITS.id_max} characters",
            )
        return value

    def url(self, obj: dict[str, Any], path: str, *, required: bool = False) -> str | None:
        value = obj.get("url")
        where = f"{path}.url"
        if _is_nan(value):
            self.deviation(where, "NaN is not valid JSON text (treated as missing)")
            return None
        if value is None:
            if required:
                self.error(where, "is required")
            return None
        if not isinstance(value, str):
            self.error(where, f"must be a string, not {_type_name(value)}")
            return None
        if not value.strip():
            self.deviation(where, "empty url (ignored)")
            return None
        if len(value) > LIMITS.text_max:
            self.error(where, f"is {len(value)} characters; the limit is {LIMITS.text_max}")
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.error(where, f"{value!r} is not an http(s) url")
        return value

    def resource(self, value: Any, path: str, *, url_required: bool = False) -> Resource | None:
        obj = self.obj(value, path, "a resource")
        if obj is None:
            return None
        self.keys(obj, _RESOURCE_KEYS, path)
        text = self.text(obj, "displayText", path, limit=LIMITS.text_max, required=False)
        url = self.url(obj, path, required=url_required)
        if not text or not text.strip():
            if url is not None:
                self.error(f"{path}.displayText", "a url needs a display text")
            else:
                self.error(f"{path}.displayText", "is required")
            return None
        return Resource(text, url)

    # -- structure ---------------------------------------------------------------------------
    def lens(self, doc: Any) -> Lens | None:
        obj = self.obj(doc, "$", "a lens")
        if obj is None:
            return None
        self.keys(obj, _LENS_KEYS, "$")
        version = obj.get("schemaVersion")
        if version is None:
            self.deviation("$.schemaVersion", f"is missing (assuming {SCHEMA_VERSION!r})")
        elif version != SCHEMA_VERSION:
            self.error("$.schemaVersion", f"must be {SCHEMA_VERSION!r}, not {version!r}")
        name = self.text(obj, "name", "$", limit=LIMITS.name_max, required=True)
        description = self.text(obj, "description", "$", limit=LIMITS.text_max, required=False)
        pillars: list[Pillar] = []
        pillar_ids: dict[str, str] = {}
        question_ids: dict[str, str] = {}
        for i, raw in enumerate(self.items(obj, "pillars", "$", 1, LIMITS.pillars)):
            pillar = self.pillar(raw, f"$.pillars[{i}]", pillar_ids, question_ids)
            if pillar is not None:
                pillars.append(pillar)
        if name is None:
            return None
        return Lens(name=name, description=description, pillars=tuple(pillars))

    def unique(self, value: str | None, seen: dict[str, str], path: str, scope: str) -> None:
        if value is None:
            return
        if value in seen:
            self.error(f"{path}.id", f"{value!r} is already used at {seen[value]} ({scope})")
        else:
            seen[value] = path

    def pillar(
        self, raw: Any, path: str, pillar_ids: dict[str, str], question_ids: dict[str, str]
    ) -> Pillar | None:
        obj = self.obj(raw, path, "a pillar")
        if obj is None:
            return None
        self.keys(obj, _PILLAR_KEYS, path)
        pid = self.ident(obj, path)
        self.unique(pid, pillar_ids, path, "pillar ids are unique in a lens")
        name = self.text(obj, "name", path, limit=LIMITS.name_max, required=True)
        questions: list[Question] = []
        raws = self.items(obj, "questions", path, 1, LIMITS.questions_per_pillar)
        for j, qraw in enumerate(raws):
            question = self.question(qraw, f"{path}.questions[{j}]", question_ids)
            if question is not None:
                questions.append(question)
        if pid is None or name is None:
            return None
        return Pillar(id=pid, name=name, questions=tuple(questions))

    def question(self, raw: Any, path: str, question_ids: dict[str, str]) -> Question | None:
        obj = self.obj(raw, path, "a question")
        if obj is None:
            return None
        self.keys(obj, _QUESTION_KEYS, path)
        qid = self.ident(obj, path)
        self.unique(qid, question_ids, path, "question ids are unique in a lens")
        title = self.text(obj, "title", path, limit=LIMITS.title_max, required=True)
        description = self.text(obj, "description", path, limit=LIMITS.text_max, required=False)
        helpful = None
        if obj.get("helpfulResource") is not None:
            helpful = self.resource(obj["helpfulResource"], f"{path}.helpfulResource")
        choices: list[Choice] = []
        choice_ids: dict[str, str] = {}
        raws = self.items(obj, "choices", path, 1, LIMITS.choices_per_question)
        for k, craw in enumerate(raws):
            choice = self.choice(craw, f"{path}.choices[{k}]", choice_ids)
            if choice is not None:
                choices.append(choice)
        nones = [c for c in choices if c.none_of_these]
        if len(nones) > 1:
            self.error(f"{path}.choices", "more than one 'None of these' choice")
        rules = self.rules(obj, path, set(choice_ids))
        if qid is None or title is None:
            return None
        return Question(
            id=qid,
            title=title,
            description=description,
            helpful_resource=helpful,
            choices=tuple(choices),
            risk_rules=tuple(rules),
        )

    def choice(self, raw: Any, path: str, choice_ids: dict[str, str]) -> Choice | None:
        obj = self.obj(raw, path, "a choice")
        if obj is None:
            return None
        self.keys(obj, _CHOICE_KEYS, path)
        cid = self.ident(obj, path)
        self.unique(cid, choice_ids, path, "choice ids are unique in a question")
        title = self.text(obj, "title", path, limit=LIMITS.title_max, required=True)
        none_of_these = bool(cid and cid.endswith("_no"))
        if not none_of_these and title and title.strip().lower().rstrip(".") in _NONE_TITLES:
            none_of_these = True
            self.deviation(
                f"{path}.id", f"a 'None of these' choice needs an id ending in '_no', not {cid!r}"
            )
        helpful = improvement = None
        if obj.get("helpfulResource") is not None:
            helpful = self.resource(obj["helpfulResource"], f"{path}.helpfulResource")
        if obj.get("improvementPlan") is not None:
            improvement = self.resource(obj["improvementPlan"], f"{path}.improvementPlan")
        elif not none_of_these:
            self.error(f"{path}.improvementPlan", "is required (except on 'None of these')")
        additional = self.additional(obj, path)
        if cid is None or title is None:
            return None
        return Choice(
            id=cid,
            title=title,
            helpful_resource=helpful,
            improvement_plan=improvement,
            additional_resources=tuple(additional),
            none_of_these=none_of_these,
        )

    def additional(self, obj: dict[str, Any], path: str) -> list[AdditionalResources]:
        result: list[AdditionalResources] = []
        seen: set[str] = set()
        for i, raw in enumerate(self.items(obj, "additionalResources", path, 0, 2)):
            where = f"{path}.additionalResources[{i}]"
            entry = self.obj(raw, where, "an additional resource")
            if entry is None:
                continue
            self.keys(entry, _ADDITIONAL_KEYS, where)
            kind = entry.get("type")
            if kind not in _RESOURCE_TYPES:
                self.error(
                    f"{where}.type", f"must be HELPFUL_RESOURCE or IMPROVEMENT_PLAN, not {kind!r}"
                )
                continue
            if kind in seen:
                self.error(f"{where}.type", f"a second {kind} entry (one of each type is allowed)")
            seen.add(kind)
            content = [
                self.resource(item, f"{where}.content[{j}]", url_required=True)
                for j, item in enumerate(
                    self.items(entry, "content", where, 1, LIMITS.resources_per_type)
                )
            ]
            result.append(AdditionalResources(kind, tuple(c for c in content if c)))
        return result

    def rules(self, obj: dict[str, Any], path: str, choice_ids: set[str]) -> list[RiskRule]:
        rules: list[RiskRule] = []
        raws = self.items(obj, "riskRules", path, 1, LIMITS.risk_rules_per_question)
        default_at: int | None = None
        for i, raw in enumerate(raws):
            where = f"{path}.riskRules[{i}]"
            rule = self.obj(raw, where, "a risk rule")
            if rule is None:
                continue
            self.keys(rule, _RULE_KEYS, where)
            risk = rule.get("risk")
            known_risk = isinstance(risk, str) and risk in RuleRisk.__members__
            if not known_risk:
                self.error(
                    f"{where}.risk", f"must be HIGH_RISK, MEDIUM_RISK or NO_RISK, not {risk!r}"
                )
            text = self.text(rule, "condition", where, limit=LIMITS.text_max, required=True)
            if text is None:
                continue
            try:
                parsed = parse_condition(text)
            except ConditionSyntaxError as exc:
                self.error(f"{where}.condition", f"{exc} in {text!r}")
                continue
            if isinstance(parsed, Default):
                if default_at is not None:
                    self.error(f"{where}.condition", "a second 'default' rule")
                default_at = i
            elif default_at is not None:
                self.error(f"{where}.condition", "comes after the 'default' rule, so never applies")
            unknown = sorted(parsed.names() - choice_ids)
            if unknown:
                known = ", ".join(sorted(choice_ids)) or "none"
                self.error(
                    f"{where}.condition",
                    f"unknown choice id {', '.join(map(repr, unknown))} "
                    f"(this question's choices: {known})",
                )
            if known_risk:
                rules.append(RiskRule(text, RuleRisk(str(risk)), parsed))
        if raws and default_at is None:
            self.deviation(
                f"{path}.riskRules", "has no 'default' rule (treated as default HIGH_RISK)"
            )
        return rules


def validate_document(doc: Any, *, lenient: bool = False) -> ValidationResult:
    """Validate a parsed lens document; build the :class:`Lens` when nothing is wrong.

    In lenient mode the deviations real published lenses contain become warnings; every
    other problem is an error. Never raises on malformed input: problems are returned.
    """
    validator = _Validator()
    lens = validator.lens(doc)
    errors = [p for p in validator.problems if not (lenient and p.lenient_ok)]
    warnings = [p for p in validator.problems if lenient and p.lenient_ok]
    return ValidationResult(lens=None if errors else lens, errors=errors, warnings=warnings)
