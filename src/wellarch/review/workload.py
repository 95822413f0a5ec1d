"""Workloads: what is being reviewed, and with which lenses and pillar priorities."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from wellarch.errors import InputError
from wellarch.storable import storable

__all__ = ["DEFAULT_LENS", "Environment", "Workload", "new_workload"]

DEFAULT_LENS = "wellarchitected"
NAME_MIN, NAME_MAX = 3, 100
TEXT_MAX = 2048


class Environment(StrEnum):
    PRODUCTION = "production"
    PRE_PRODUCTION = "pre-production"


@dataclass(frozen=True)
class Workload:
    name: str
    environment: Environment = Environment.PRODUCTION
    description: str | None = None
    owner: str | None = None
    regions: tuple[str, ...] = ()
    industry: str | None = None
    architectural_design: str | None = None
    notes: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    lenses: tuple[str, ...] = (DEFAULT_LENS,)
    #: Pillar ids, most important first; pillars not listed come after, in lens order.
    pillar_priorities: tuple[str, ...] = ()
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def pillar_rank(self, pillar_id: str) -> int:
        try:
            return self.pillar_priorities.index(pillar_id)
        except ValueError:
            return len(self.pillar_priorities)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "description": self.description,
            "environment": self.environment.value,
            "owner": self.owner,
            "regions": list(self.regions),
            "industry": self.industry,
            "architectural_design": self.architectural_design,
            "notes": self.notes,
            "tags": dict(self.tags),
            "lenses": list(self.lenses),
            "pillar_priorities": list(self.pillar_priorities),
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


def _text(value: str | None, what: str, limit: int = TEXT_MAX) -> str | None:
    if value is None:
        return None
    if len(value) > limit:
        raise InputError(f"{what} is {len(value)} characters; the limit is {limit}")
    return storable(value, what)


def new_workload(
    name: str,
    *,
    environment: str | Environment = Environment.PRODUCTION,
    description: str | None = None,
    owner: str | None = None,
    regions: Iterable[str] = (),
    industry: str | None = None,
    architectural_design: str | None = None,
    notes: str | None = None,
    tags: Mapping[str, str] | None = None,
    lenses: Iterable[str] = (),
    pillar_priorities: Iterable[str] = (),
    base: Workload | None = None,
) -> Workload:
    """Build a validated workload (a new one, or ``base`` with these fields changed)."""
    name = storable(name.strip(), "workload name")
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise InputError(
            f"workload name {name!r} is {len(name)} characters; names are "
            f"{NAME_MIN}–{NAME_MAX} characters"
        )
    try:
        env = Environment(environment)
    except ValueError:
        raise InputError(
            f"environment {environment!r} must be production or pre-production"
        ) from None
    if architectural_design:
        storable(architectural_design, "architectural design")
        parts = urlsplit(architectural_design)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(f"architectural design {architectural_design!r} is not an http(s) url")
    lens_list = tuple(dict.fromkeys(lenses)) or (DEFAULT_LENS,)
    priorities = tuple(dict.fromkeys(pillar_priorities))
    fields = {
        "name": name,
        "environment": env,
        "description": _text(description, "description"),
        "owner": _text(owner, "owner", 255),
        "regions": tuple(dict.fromkeys(r.strip() for r in regions if r.strip())),
        "industry": _text(industry, "industry", 255),
        "architectural_design": architectural_design or None,
        "notes": _text(notes, "notes", 2084),
        "tags": dict(tags or {}),
        "lenses": lens_list,
        "pillar_priorities": priorities,
    }
    if base is not None:
        return replace(base, **fields)  # type: ignore[arg-type]
    return Workload(**fields)  # type: ignore[arg-type]
