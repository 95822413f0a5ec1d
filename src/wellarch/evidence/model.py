"""The one resource model every IaC parser produces, and the findings rules make of it.

Values that cannot be resolved statically (a parameter without a default, a runtime
attribute, a condition on an unknown input) are :data:`UNKNOWN`; a rule that needs such a value
reports ``undetermined`` — never pass or fail. A value that is another resource of the same
template or Terraform configuration (CloudFormation ``!Ref``/``!GetAtt``, Terraform
``aws_s3_bucket.logs.id``) is a :class:`Reference`: its value is known only at deployment too,
but what it points at is known, which is how rules pair companion resources with their owners.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "UNKNOWN",
    "Finding",
    "Reference",
    "Resource",
    "Severity",
    "Status",
    "Unknown",
]


class Unknown:
    """A value that cannot be known before deployment."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("an UNKNOWN value has no truth value; check `is UNKNOWN` first")


UNKNOWN = Unknown()


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference to another resource of the same template or Terraform configuration.

    ``target`` is the :attr:`Resource.name` of the resource referred to: a CloudFormation
    logical id, or a Terraform address with its module prefix
    (``module.app.aws_s3_bucket.logs``; the instance key of ``aws_s3_bucket.logs[0]`` is
    dropped, as resource names carry none). ``attribute`` is what is read from it: ``"Arn"``
    for ``!GetAtt Key.Arn``, ``"id"`` for ``aws_s3_bucket.logs.id``; None for a plain
    ``!Ref`` and a whole Terraform object.

    The value itself is known only at deployment: a Reference is never a literal string
    (``isinstance(ref, str)`` is False). ``str(ref)`` is the target.
    """

    target: str
    attribute: str | None = None

    def __str__(self) -> str:
        return self.target

    def names(self, resource: Resource) -> bool:
        """Whether this reference points at ``resource``."""
        return self.target == resource.name


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNDETERMINED = "undetermined"
    SUPPRESSED = "suppressed"


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"high": 3, "medium": 2, "low": 1}[self.value]


@dataclass(frozen=True)
class Resource:
    """One resource: provider type, logical name or address, properties, where it is defined.

    ``lines`` maps a property path (``"Properties.MultiAZ"`` or ``"multi_az"``) to its line,
    when the parser knows it. ``suppressed`` holds rule ids suppressed on this resource (with
    reasons) by the template itself.
    """

    type: str
    name: str
    properties: Mapping[str, Any]
    file: str
    line: int
    format: str  # cloudformation | terraform | terraform-plan
    lines: Mapping[str, int] = field(default_factory=dict)
    suppressed: Mapping[str, str] = field(default_factory=dict)
    #: Tags in a uniform shape (key → value), whatever the format spelled them as.
    tags: Mapping[str, Any] = field(default_factory=dict)

    def get(self, *names: str, default: Any = None) -> Any:
        """The first of ``names`` present in the properties (CloudFormation and Terraform
        spell the same setting differently), else ``default``. Dotted names walk into maps."""
        for name in names:
            value: Any = self.properties
            for part in name.split("."):
                if isinstance(value, Mapping) and part in value:
                    value = value[part]
                elif (
                    isinstance(value, list)
                    and len(value) == 1
                    and isinstance(value[0], Mapping)
                    and part in value[0]
                ):
                    value = value[0][part]  # Terraform blocks come as one-item lists
                else:
                    break
            else:
                return value
        return default

    def line_of(self, *names: str) -> int:
        for name in names:
            if name in self.lines:
                return self.lines[name]
        return self.line


@dataclass(frozen=True)
class Finding:
    rule_id: str
    pillar: str
    severity: Severity
    status: Status
    resource_type: str
    resource: str
    file: str
    line: int
    message: str
    lens: str
    question_id: str
    choice_id: str
    title: str = ""
    suppression: str | None = None

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.resource, self.rule_id)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "rule_id": self.rule_id,
            "pillar": self.pillar,
            "severity": self.severity.value,
            "status": self.status.value,
            "resource_type": self.resource_type,
            "resource": self.resource,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "lens": self.lens,
            "question_id": self.question_id,
            "choice_id": self.choice_id,
        }
        if self.suppression is not None:
            data["suppression"] = self.suppression
        return data
