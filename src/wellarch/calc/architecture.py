"""Architecture files: components with their availability and redundancy, in YAML.

A file names its components and says how they depend on each other::

    name: web shop
    components:
      lb: alb                      # shorthand: an SLA-table name or a figure
      web:
        availability: 99.5%        # one instance
        instances: 6               # six copies, any one is enough…
        zones: 3                   # …spread over three zones that can fail as a whole
      db:
        service: rds_multi_az      # the figure from the SLA table, with its source
    architecture: lb * web * db    # an expression (see wellarch.calc.expression)

Without ``architecture`` the components are in series, in file order. ``zones`` models each
zone as a unit that fails as a whole (``zone_availability``, default: the ``az`` planning
figure of the SLA table); without ``zones`` the instances fail independently.

Example:
    >>> tree = parse_architecture({"components": {"db": "rds_multi_az"}}, file="a.yaml")
    >>> tree.name, tree.unavailability
    ('db', 0.0005)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from wellarch.calc.availability import Node, Part, Replicas, Series
from wellarch.calc.datafile import load_yaml_file
from wellarch.calc.errors import CalcInputError
from wellarch.calc.expression import parse_expression
from wellarch.calc.sla import lookup, sla_table, suggest
from wellarch.calc.units import parse_availability

__all__ = ["load_architecture", "parse_architecture", "parse_component_option"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TOP_KEYS = {"name", "description", "components", "architecture"}
_COMPONENT_KEYS = {"availability", "service", "instances", "zones", "zone_availability", "note"}


def _figure(value: Any, name: str, *, file: str | None, path: str) -> Part:
    """A part from a figure (``99.9%``, ``0.999``) or an SLA-table name."""
    text = str(value).strip()
    if _NAME.fullmatch(text) and text not in ("x", "X"):
        if text not in sla_table():
            raise CalcInputError(
                f"unknown SLA name {text!r}{suggest(text, list(sla_table()))}",
                file=file,
                path=path,
            )
        return lookup(text).part(name)
    try:
        availability = parse_availability(value)
    except CalcInputError as exc:
        raise CalcInputError(exc.message, file=file, path=path) from None
    return Part(name, float(1 - availability))


def _whole(value: Any, *, file: str | None, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CalcInputError("must be a whole number of 1 or more", file=file, path=path)
    return value


def _component(name: str, spec: Any, *, file: str | None) -> Node:
    where = f"$.components.{name}"
    if not _NAME.fullmatch(name):
        raise CalcInputError(
            "component names are letters, digits, '_' and '-'", file=file, path=where
        )
    if not isinstance(spec, dict):
        return _figure(spec, name, file=file, path=where)
    unknown = sorted(set(spec) - _COMPONENT_KEYS)
    if unknown:
        raise CalcInputError(
            f"unknown field {unknown[0]!r}{suggest(unknown[0], sorted(_COMPONENT_KEYS))}",
            file=file,
            path=where,
        )
    given = [key for key in ("availability", "service") if key in spec]
    if len(given) != 1:
        raise CalcInputError("give exactly one of availability or service", file=file, path=where)
    key = given[0]
    unit = _figure(spec[key], name, file=file, path=f"{where}.{key}")
    instances = _whole(spec.get("instances", 1), file=file, path=f"{where}.instances")
    if "zones" not in spec:
        if "zone_availability" in spec:
            raise CalcInputError("zone_availability needs zones", file=file, path=where)
        return unit if instances == 1 else Replicas(unit, instances, name=name)
    zones = _whole(spec["zones"], file=file, path=f"{where}.zones")
    zone = _figure(
        spec.get("zone_availability", "az"), "zone", file=file, path=f"{where}.zone_availability"
    )
    if instances < zones:
        raise CalcInputError(
            f"{instances} instances cannot cover {zones} zones", file=file, path=where
        )
    return Replicas(unit, instances, zones, zone.unavailability, name=name)


def parse_architecture(document: dict[str, Any], *, file: str | None = None) -> Node:
    """The tree a parsed architecture file describes."""
    unknown = sorted(set(document) - _TOP_KEYS)
    if unknown:
        raise CalcInputError(
            f"unknown field {unknown[0]!r}{suggest(unknown[0], sorted(_TOP_KEYS))}",
            file=file,
            path="$",
        )
    raw = document.get("components")
    if not isinstance(raw, dict) or not raw:
        raise CalcInputError("expected a mapping of components", file=file, path="$.components")
    components = {str(name): _component(str(name), spec, file=file) for name, spec in raw.items()}
    expression = document.get("architecture")
    if expression is None:
        parts = tuple(components.values())
        return parts[0] if len(parts) == 1 else Series(parts)
    if not isinstance(expression, str):
        raise CalcInputError(
            "expected an expression such as 'lb * web * db'", file=file, path="$.architecture"
        )
    try:
        return parse_expression(expression, components)
    except CalcInputError as exc:
        raise CalcInputError(exc.message, file=file, path="$.architecture") from None


def load_architecture(path: str | Path) -> Node:
    """Read and parse an architecture file."""
    return parse_architecture(load_yaml_file(path), file=str(path))


def parse_component_option(text: str) -> tuple[str, Part]:
    """``NAME=VALUE`` from ``--component``: a figure or an SLA-table name under a new name."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not _NAME.fullmatch(name) or not value.strip():
        raise CalcInputError(
            f"--component: expected NAME=VALUE such as web=99.9% or db=rds_multi_az, got {text!r}"
        )
    try:
        return name, _figure(value, name, file=None, path=f"--component {name}")
    except CalcInputError as exc:
        raise CalcInputError(f"--component {name}: {exc.message}") from None
