"""The shipped SLA table: availability figures that expressions and files can name.

The figures live in ``calc/data/sla.yaml`` (package data), each with the service and scope it
covers, the page it comes from and the date it was checked. Names are lowercase identifiers
such as ``alb``, ``rds_multi_az`` or ``dynamodb_global``.

Example:
    >>> entry = sla_table()["rds_multi_az"]
    >>> entry.percent, entry.source
    ('99.95%', 'https://aws.amazon.com/rds/sla/')
    >>> entry.part().unavailability
    0.0005
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from wellarch.calc.availability import Part
from wellarch.calc.datafile import load_package_yaml
from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import format_percent, parse_availability

__all__ = ["SlaEntry", "lookup", "sla_table", "suggest"]

_FILE = "data/sla.yaml"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class SlaEntry:
    """One named availability figure and where it comes from."""

    name: str
    service: str
    scope: str
    availability: Decimal
    source: str
    checked: str
    kind: str = "sla"
    note: str = ""

    @property
    def unavailability(self) -> float:
        return float(1 - self.availability)

    @property
    def percent(self) -> str:
        return format_percent(float(self.availability), unavailability=self.unavailability)

    def part(self, name: str | None = None) -> Part:
        """This figure as a part of an architecture (named ``name`` or after the entry)."""
        origin = "planning assumption" if self.kind == "assumption" else "SLA"
        return Part(
            name or self.name,
            self.unavailability,
            f"{self.percent} {origin}, {self.service} ({self.source}, checked {self.checked})",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "service": self.service,
            "scope": self.scope,
            "availability": float(self.availability),
            "kind": self.kind,
            "source": self.source,
            "checked": self.checked,
            "note": self.note,
        }


def _entry(name: str, raw: Any) -> SlaEntry:
    where = f"$.entries.{name}"
    if not _NAME.fullmatch(name) or not isinstance(raw, dict):
        raise CalcInputError("an entry needs a lowercase name and fields", file=_FILE, path=where)
    missing = [f for f in ("service", "scope", "availability", "source", "checked") if f not in raw]
    if missing:
        raise CalcInputError(f"missing {', '.join(missing)}", file=_FILE, path=where)
    checked = str(raw["checked"])
    source = str(raw["source"])
    if not _DATE.fullmatch(checked) or not source.startswith("https://"):
        raise CalcInputError("needs an https source and a YYYY-MM-DD date", file=_FILE, path=where)
    return SlaEntry(
        name=name,
        service=str(raw["service"]),
        scope=str(raw["scope"]),
        availability=parse_availability(raw["availability"], what=where),
        source=source,
        checked=checked,
        kind=str(raw.get("kind", "sla")),
        note=str(raw.get("note", "")),
    )


@cache
def sla_table() -> dict[str, SlaEntry]:
    """Every entry of the shipped table, by name."""
    document = load_package_yaml("wellarch.calc", _FILE)
    entries = document.get("entries")
    if not isinstance(entries, dict):
        raise CalcInputError("expected a mapping of entries", file=_FILE, path="$.entries")
    return {name: _entry(name, raw) for name, raw in entries.items()}


def suggest(name: str, known: list[str]) -> str:
    """`` (did you mean …?)`` for a misspelt name, or an empty string."""
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def lookup(name: str) -> SlaEntry:
    """The entry called ``name``; an unknown name is an input error with suggestions."""
    table = sla_table()
    if name not in table:
        raise CalcInputError(
            f"unknown SLA name {name!r}{suggest(name, list(table))}; `wellarch calc sla` lists them"
        )
    return table[name]
