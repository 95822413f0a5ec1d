"""Composite availability: parts in series and in parallel, replicas across zones.

An architecture is a tree of nodes:

- :class:`Part` — one component with a known availability (a figure, or an SLA entry);
- :class:`Series` — every part must be up (a request passes through all of them):
  ``A = A1 × A2 × …``;
- :class:`Parallel` — one part is enough (redundant copies): ``1 − A = (1 − A1)(1 − A2)…``;
- :class:`Replicas` — ``N`` copies of one node, optionally spread over ``M`` zones that can
  fail as a whole: a zone is lost when the zone fails or all of its copies fail.

Evaluation works on unavailabilities ``U = 1 − A`` (see :mod:`wellarch.calc.downtime`), which
keeps the digits of many-nines figures. Failures are assumed independent, which real systems
only approximate: shared dependencies (a region, a deployment, a configuration) make real
availability lower than the formula says.

Example:
    >>> web = Part("web", 0.001)
    >>> tree = Series((Part("lb", 0.0001), Parallel((web, web, web)), Part("db", 0.0005)))
    >>> report = analyse(tree)
    >>> report.weakest.label, round(report.availability, 6)
    ('db', 0.9994)
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

from wellarch.calc.downtime import DowntimeBudget
from wellarch.calc.errors import CalcInputError

__all__ = [
    "AvailabilityReport",
    "Block",
    "Node",
    "Parallel",
    "Part",
    "Replicas",
    "Series",
    "analyse",
    "label",
    "leaves",
    "render",
    "unavailability",
    "with_extra_replica",
]


@dataclass(frozen=True)
class Part:
    """A component with a known unavailability ``1 − A``."""

    name: str
    unavailability: float
    #: Where the figure comes from: ``"given"``, or an SLA entry and its URL.
    source: str = "given"

    def __post_init__(self) -> None:
        if not 0 <= self.unavailability <= 1:
            raise CalcInputError(f"{self.name}: availability must be between 0 and 100%")


@dataclass(frozen=True)
class Series:
    """All parts are needed."""

    parts: tuple[Node, ...]
    name: str | None = None


@dataclass(frozen=True)
class Parallel:
    """Any one part is enough."""

    parts: tuple[Node, ...]
    name: str | None = None


@dataclass(frozen=True)
class Replicas:
    """``count`` copies of ``unit``; with ``zones`` > 1, spread round-robin over zones."""

    unit: Node
    count: int
    zones: int = 1
    #: Unavailability of one zone as a whole; ``None`` leaves zones out of the model.
    zone_unavailability: float | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if self.count < 1:
            raise CalcInputError(f"{self.label()}: the number of copies must be at least 1")
        if self.zones < 1:
            raise CalcInputError(f"{self.label()}: the number of zones must be at least 1")
        if self.count < self.zones:
            raise CalcInputError(
                f"{self.label()}: {self.count} instances cannot cover {self.zones} zones"
            )

    def label(self) -> str:
        return self.name or f"{self.count} x {label(self.unit)}"

    def per_zone(self) -> list[int]:
        """Copies in each zone, spread as evenly as possible."""
        base, extra = divmod(self.count, self.zones)
        return [base + (1 if zone < extra else 0) for zone in range(self.zones)]


Node: TypeAlias = Part | Series | Parallel | Replicas


def unavailability(node: Node) -> float:
    """``1 − A`` of a node, assuming independent failures."""
    if isinstance(node, Part):
        return node.unavailability
    if isinstance(node, Parallel):
        return math.prod(unavailability(part) for part in node.parts)
    if isinstance(node, Series):
        return _series([unavailability(part) for part in node.parts])
    unit = unavailability(node.unit)
    if node.zone_unavailability is None:
        return unit**node.count
    zone = node.zone_unavailability
    return math.prod(1 - (1 - zone) * (1 - unit**copies) for copies in node.per_zone())


def _series(parts: list[float]) -> float:
    if any(part >= 1 for part in parts):
        return 1.0
    # 1 − Π(1 − Uᵢ), computed without cancellation; never below its weakest part.
    combined = -math.expm1(math.fsum(math.log1p(-part) for part in parts))
    return min(1.0, max([combined, *parts]))


def label(node: Node) -> str:
    """A short name for a node: its own name, or the expression it stands for."""
    if isinstance(node, Part):
        return node.name
    if isinstance(node, Replicas):
        return node.label()
    return node.name or render(node)


def render(node: Node) -> str:
    """The node as an expression in the grammar of :mod:`wellarch.calc.expression`."""
    if isinstance(node, Part):
        return node.name
    if isinstance(node, Replicas):
        return f"{node.count} x {_grouped(node.unit)}"
    operator = " * " if isinstance(node, Series) else " | "
    return operator.join(_grouped(part) for part in node.parts)


def _grouped(node: Node) -> str:
    text = render(node)
    return f"({text})" if isinstance(node, Series | Parallel) and len(node.parts) > 1 else text


def leaves(node: Node) -> Iterator[Part]:
    """Every part of the tree, in order (a replicated part once)."""
    if isinstance(node, Part):
        yield node
    elif isinstance(node, Replicas):
        yield from leaves(node.unit)
    else:
        for part in node.parts:
            yield from leaves(part)


def with_extra_replica(node: Node) -> Node:
    """The node with one more redundant copy.

    A part becomes two copies; replicas gain one (in the same zones); a parallel group gains
    a copy of its most available member; anything else is duplicated as a whole.
    """
    if isinstance(node, Replicas):
        return replace(node, count=node.count + 1)
    if isinstance(node, Parallel):
        best = min(node.parts, key=unavailability)
        return replace(node, parts=(*node.parts, best))
    return Replicas(node, 2)


@dataclass(frozen=True)
class Block:
    """One of the parts in series at the top of the architecture."""

    label: str
    node: Node
    unavailability: float
    #: Unavailability of the whole architecture if this block had one more replica.
    composite_with_extra_replica: float

    @property
    def availability(self) -> float:
        return 1 - self.unavailability


@dataclass(frozen=True)
class AvailabilityReport:
    """The composite figure, its downtime budget, the weakest block and what-ifs."""

    root: Node
    unavailability: float
    blocks: tuple[Block, ...]

    @property
    def availability(self) -> float:
        return 1 - self.unavailability

    @property
    def budget(self) -> DowntimeBudget:
        return DowntimeBudget(self.unavailability)

    @property
    def weakest(self) -> Block:
        return max(self.blocks, key=lambda block: block.unavailability)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: ``{"availability", "downtime_seconds", "weakest", ...}``."""
        data = self.budget.to_dict()
        data["expression"] = render(self.root)
        data["weakest"] = self.weakest.label
        data["components"] = [
            {
                "name": block.label,
                "availability": round(block.availability, 12),
                "downtime_seconds_per_year": round(
                    DowntimeBudget(block.unavailability).seconds("year"), 6
                ),
                "availability_with_one_more_replica": round(
                    1 - block.composite_with_extra_replica, 12
                ),
            }
            for block in self.blocks
        ]
        data["sources"] = sorted({f"{p.name}: {p.source}" for p in leaves(self.root)})
        return data


def analyse(root: Node) -> AvailabilityReport:
    """Evaluate ``root`` and, for each top-level block, the gain of one more replica."""
    parts = root.parts if isinstance(root, Series) and root.name is None else (root,)
    figures = [unavailability(part) for part in parts]
    blocks = []
    for index, part in enumerate(parts):
        improved = list(figures)
        improved[index] = unavailability(with_extra_replica(part))
        blocks.append(Block(label(part), part, figures[index], _series(improved)))
    return AvailabilityReport(root, _series(figures), tuple(blocks))
