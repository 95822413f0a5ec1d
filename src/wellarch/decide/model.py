"""Decision domains as data: requirements, criteria and options, loaded from YAML.

A domain file (``decide/options/<domain>.yaml``) has:

- ``requirements``: what a user can ask for, with a label and, for choices, the values;
- ``criteria``: how each requirement is judged — a ``kind`` (see :mod:`wellarch.decide.criteria`),
  the option ``field`` it reads, the ``requirement`` it compares with, and a ``weight``;
- ``options``: the candidates, each with a summary, the fields the criteria read, its scaling
  and pricing model, limits, strengths, trade-offs, likely follow-up questions with answers,
  and the ``sources`` its figures come from.

Loading validates all of it, so a broken options file fails its test, not a user's command.

Example:
    >>> domain = load_domain("database")
    >>> domain.option("dynamodb").name
    'Amazon DynamoDB'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from wellarch.calc.datafile import load_package_yaml
from wellarch.calc.errors import CalcInputError
from wellarch.decide.criteria import check_field

__all__ = [
    "DOMAINS",
    "KINDS",
    "Criterion",
    "Domain",
    "FollowUp",
    "Option",
    "Requirement",
    "Source",
    "load_domain",
]

#: The shipped domains, one options file each.
DOMAINS = ("database", "messaging", "compute", "cache")

#: Criterion kinds and whether they need a requirement.
KINDS: dict[str, bool] = {
    "fit": True,
    "supports": True,
    "latency": True,
    "ceiling": True,
    "limit": True,
    "floor": True,
    "flag": True,
    "rating": False,
}

_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Source:
    title: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True)
class FollowUp:
    question: str
    answer: str

    def to_dict(self) -> dict[str, str]:
        return {"question": self.question, "answer": self.answer}


@dataclass(frozen=True)
class Requirement:
    id: str
    label: str
    #: Allowed values of a choice; empty for a number or a flag.
    values: tuple[str, ...] = ()
    #: Unit of a number: count, bytes, seconds, ms, or none.
    unit: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    kind: str
    field: str
    requirement: str | None
    weight: float
    #: For ``rating``: the score of each value of the field.
    scores: Mapping[str, float]
    #: For ``ceiling``, ``limit`` and ``floor``: the unit of the field (count, bytes, seconds).
    unit: str


@dataclass(frozen=True)
class Option:
    id: str
    name: str
    summary: str
    fields: Mapping[str, Any]
    scaling: str
    pricing: str
    limits: tuple[str, ...]
    strengths: tuple[str, ...]
    trade_offs: tuple[str, ...]
    follow_ups: tuple[FollowUp, ...]
    sources: tuple[Source, ...]
    #: Advice keyed by the value of the domain's ``guidance_by`` requirement.
    guidance: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "summary": self.summary,
            "scaling": self.scaling,
            "pricing": self.pricing,
            "limits": list(self.limits),
            "strengths": list(self.strengths),
            "trade_offs": list(self.trade_offs),
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    question: str
    requirements: Mapping[str, Requirement]
    criteria: tuple[Criterion, ...]
    options: tuple[Option, ...]
    follow_ups: tuple[FollowUp, ...]
    sources: tuple[Source, ...]
    guidance_by: str | None

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)


class _Reader:
    """Reads one document, raising errors that name the file and JSON path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, message: str) -> CalcInputError:
        return CalcInputError(message, file=self.file, path=path)

    def text(self, raw: Mapping[str, Any], key: str, path: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{path}.{key}", "expected a non-empty text")
        return value.strip()

    def texts(self, raw: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{path}.{key}", "expected a list of texts")
        return tuple(v.strip() for v in value)

    def mapping(self, raw: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(path, "expected a mapping")
        return raw

    def sources(self, raw: Mapping[str, Any], path: str) -> tuple[Source, ...]:
        items = raw.get("sources")
        if not isinstance(items, list) or not items:
            raise self.fail(f"{path}.sources", "every entry must cite at least one source")
        result = []
        for index, item in enumerate(items):
            where = f"{path}.sources[{index}]"
            item = self.mapping(item, where)
            url = self.text(item, "url", where)
            if not url.startswith("https://"):
                raise self.fail(f"{where}.url", "expected an https URL")
            result.append(Source(self.text(item, "title", where), url))
        return tuple(result)

    def follow_ups(self, raw: Mapping[str, Any], path: str) -> tuple[FollowUp, ...]:
        items = raw.get("follow_ups", [])
        if not isinstance(items, list):
            raise self.fail(f"{path}.follow_ups", "expected a list")
        result = []
        for index, item in enumerate(items):
            where = f"{path}.follow_ups[{index}]"
            item = self.mapping(item, where)
            result.append(
                FollowUp(self.text(item, "question", where), self.text(item, "answer", where))
            )
        return tuple(result)


def _requirements(reader: _Reader, raw: Any) -> dict[str, Requirement]:
    result = {}
    for key, spec in reader.mapping(raw, "$.requirements").items():
        where = f"$.requirements.{key}"
        spec = reader.mapping(spec, where)
        values = spec.get("values", [])
        if not isinstance(values, list):
            raise reader.fail(f"{where}.values", "expected a list")
        result[key] = Requirement(
            key,
            reader.text(spec, "label", where),
            tuple(map(str, values)),
            str(spec.get("unit", "")),
        )
    return result


def _criteria(
    reader: _Reader, raw: Any, requirements: Mapping[str, Requirement]
) -> list[Criterion]:
    if not isinstance(raw, list) or not raw:
        raise reader.fail("$.criteria", "expected a list of criteria")
    result = []
    for index, spec in enumerate(raw):
        where = f"$.criteria[{index}]"
        spec = reader.mapping(spec, where)
        kind = reader.text(spec, "kind", where)
        if kind not in KINDS:
            raise reader.fail(f"{where}.kind", f"unknown kind; use one of {', '.join(KINDS)}")
        requirement = spec.get("requirement")
        if KINDS[kind] and requirement not in requirements:
            raise reader.fail(f"{where}.requirement", "expected a requirement declared above")
        weight = spec.get("weight", 1)
        if not isinstance(weight, int | float) or weight < 0:
            raise reader.fail(f"{where}.weight", "expected a weight of zero or more")
        scores = spec.get("scores", {})
        if kind == "rating" and not scores:
            raise reader.fail(f"{where}.scores", "a rating needs the score of each value")
        result.append(
            Criterion(
                id=reader.text(spec, "id", where),
                label=reader.text(spec, "label", where),
                kind=kind,
                field=reader.text(spec, "field", where),
                requirement=str(requirement) if requirement is not None else None,
                weight=float(weight),
                scores={str(k): float(v) for k, v in reader.mapping(scores, where).items()},
                unit=str(spec.get("unit", "")),
            )
        )
    return result


_OPTION_KEYS = {
    "id",
    "name",
    "summary",
    "scaling",
    "pricing",
    "limits",
    "strengths",
    "trade_offs",
    "follow_ups",
    "sources",
    "guidance",
}


def _option(
    reader: _Reader,
    raw: Any,
    index: int,
    criteria: list[Criterion],
    requirements: Mapping[str, Requirement],
) -> Option:
    where = f"$.options[{index}]"
    raw = reader.mapping(raw, where)
    option_id = reader.text(raw, "id", where)
    if not _ID.fullmatch(option_id):
        raise reader.fail(f"{where}.id", "expected a lowercase identifier")
    fields = {key: value for key, value in raw.items() if key not in _OPTION_KEYS}
    for criterion in criteria:
        if criterion.field not in fields:
            if criterion.kind in ("limit", "ceiling"):
                continue
            raise reader.fail(
                f"{where}.{criterion.field}", f"missing (criterion {criterion.id!r} reads it)"
            )
        wanted = requirements.get(criterion.requirement or "")
        problem = check_field(criterion, fields[criterion.field], wanted.values if wanted else ())
        if problem:
            raise reader.fail(f"{where}.{criterion.field}", problem)
    guidance = reader.mapping(raw.get("guidance", {}), f"{where}.guidance")
    return Option(
        id=option_id,
        name=reader.text(raw, "name", where),
        summary=reader.text(raw, "summary", where),
        fields=fields,
        scaling=reader.text(raw, "scaling", where),
        pricing=reader.text(raw, "pricing", where),
        limits=reader.texts(raw, "limits", where),
        strengths=reader.texts(raw, "strengths", where),
        trade_offs=reader.texts(raw, "trade_offs", where),
        follow_ups=reader.follow_ups(raw, where),
        sources=reader.sources(raw, where),
        guidance={str(k): str(v).strip() for k, v in guidance.items()},
    )


def parse_domain(document: Mapping[str, Any], *, file: str) -> Domain:
    """A domain from a parsed options document; every problem names its JSON path."""
    reader = _Reader(file)
    requirements = _requirements(reader, document.get("requirements"))
    criteria = _criteria(reader, document.get("criteria"), requirements)
    raw_options = document.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise reader.fail("$.options", "expected a list of at least two options")
    options = tuple(
        _option(reader, raw, i, criteria, requirements) for i, raw in enumerate(raw_options)
    )
    ids = [option.id for option in options]
    if len(set(ids)) != len(ids):
        raise reader.fail("$.options", "option ids must be unique")
    guidance_by = document.get("guidance_by")
    if guidance_by is not None and guidance_by not in requirements:
        raise reader.fail("$.guidance_by", "expected a requirement declared above")
    return Domain(
        id=reader.text(document, "id", "$"),
        title=reader.text(document, "title", "$"),
        question=reader.text(document, "question", "$"),
        requirements=requirements,
        criteria=tuple(criteria),
        options=options,
        follow_ups=reader.follow_ups(document, "$"),
        sources=reader.sources(document, "$"),
        guidance_by=guidance_by,
    )


@cache
def load_domain(name: str) -> Domain:
    """A shipped domain by name (one of :data:`DOMAINS`)."""
    if name not in DOMAINS:
        raise CalcInputError(f"unknown decision domain {name!r}; use one of {', '.join(DOMAINS)}")
    file = f"options/{name}.yaml"
    return parse_domain(load_package_yaml("wellarch.decide", file), file=f"wellarch.decide:{file}")
