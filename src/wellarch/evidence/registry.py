"""Rules and the registry they live in (an extension point: plugins register the same way).

A rule is a plain function registered by decorator::

    @rule(
        "WA-REL-001",
        title="RDS databases run in more than one Availability Zone",
        pillar="reliability",
        severity="high",
        choice="rel_fault_isolation_multiaz_region_system",
        types=("AWS::RDS::DBInstance", "aws_db_instance"),
        checkov=("CKV_AWS_157",),
    )
    def rds_multi_az(resource: Resource) -> Check | None:
        ...

It returns :func:`passed`, :func:`failed`, :func:`undetermined`, or ``None`` when it does not
apply to this resource. Unit rules (``scope="unit"``) see every resource of one template or
Terraform module at once (e.g. "a budget is defined").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from wellarch.evidence.model import Resource, Severity, Status

__all__ = [
    "REGISTRY",
    "Check",
    "Rule",
    "RuleRegistry",
    "failed",
    "passed",
    "rule",
    "undetermined",
]

PILLARS = {
    "OPS": "operationalExcellence",
    "SEC": "security",
    "REL": "reliability",
    "PERF": "performance",
    "COST": "costOptimization",
    "SUS": "sustainability",
}


@dataclass(frozen=True)
class Check:
    status: Status
    message: str
    #: Property path the result is about (for the line number), e.g. "MultiAZ".
    at: tuple[str, ...] = ()
    #: For unit rules: the resource the result is about (default: the first of the unit).
    resource: Resource | None = None


def passed(message: str, *at: str, resource: Resource | None = None) -> Check:
    return Check(Status.PASS, message, at, resource)


def failed(message: str, *at: str, resource: Resource | None = None) -> Check:
    return Check(Status.FAIL, message, at, resource)


def undetermined(message: str, *at: str, resource: Resource | None = None) -> Check:
    return Check(Status.UNDETERMINED, message, at, resource)


ResourceCheck = Callable[[Resource], "Check | None"]
UnitCheck = Callable[[Sequence[Resource]], "Iterable[Check]"]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    pillar: str
    severity: Severity
    #: The choice of the built-in ``wellarchitected`` lens this rule is evidence for.
    choice: str
    types: tuple[str, ...]
    check: Callable[..., object]
    scope: Literal["resource", "unit"] = "resource"
    checkov: tuple[str, ...] = ()
    cfn_lint: tuple[str, ...] = ()
    description: str = ""
    formats: tuple[str, ...] = field(default=())

    @property
    def peer_ids(self) -> tuple[str, ...]:
        return self.checkov + self.cfn_lint

    def applies_to(self, resource_type: str) -> bool:
        return resource_type in self.types


class RuleRegistry:
    """Rules by id; scanners ask it which rules apply to a resource type."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        self._by_type: dict[str, list[Rule]] = {}
        for r in rules:
            self.add(r)

    def add(self, new: Rule) -> Rule:
        if new.id in self._rules:
            raise ValueError(f"rule {new.id} is registered twice")
        prefix = new.id.split("-")[1] if new.id.count("-") == 2 else ""
        if PILLARS.get(prefix) != new.pillar:
            raise ValueError(f"rule {new.id}: id prefix does not match pillar {new.pillar}")
        self._rules[new.id] = new
        for t in new.types:
            self._by_type.setdefault(t, []).append(new)
        return new

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, rule_id: str) -> Rule | None:
        return self._rules.get(rule_id)

    def for_type(self, resource_type: str) -> list[Rule]:
        return [r for r in self._by_type.get(resource_type, []) if r.scope == "resource"]

    def unit_rules(self) -> list[Rule]:
        return [r for r in self if r.scope == "unit"]


REGISTRY = RuleRegistry()


def rule(
    rule_id: str,
    *,
    title: str,
    pillar: str,
    severity: str,
    choice: str,
    types: Sequence[str],
    scope: Literal["resource", "unit"] = "resource",
    checkov: Sequence[str] = (),
    cfn_lint: Sequence[str] = (),
    registry: RuleRegistry | None = None,
) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Register the decorated function as a rule (in :data:`REGISTRY` unless told)."""

    def register(fn: Callable[..., object]) -> Callable[..., object]:
        formats = sorted({"cloudformation" if "::" in t else "terraform" for t in types})
        (REGISTRY if registry is None else registry).add(
            Rule(
                id=rule_id,
                title=title,
                pillar=pillar,
                severity=Severity(severity),
                choice=choice,
                types=tuple(types),
                check=fn,
                scope=scope,
                checkov=tuple(checkov),
                cfn_lint=tuple(cfn_lint),
                description=" ".join((fn.__doc__ or title).split()),
                formats=tuple(formats),
            )
        )
        return fn

    return register
