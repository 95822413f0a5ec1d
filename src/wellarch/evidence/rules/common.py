"""Small helpers every rule module uses to read resource properties safely."""

from __future__ import annotations

from typing import Any

from wellarch.evidence.cloudformation import Reference
from wellarch.evidence.model import UNKNOWN, Resource, Unknown

__all__ = ["is_set", "known", "literal", "number", "present", "text_list", "truth", "unit_word"]


def known(value: Any) -> bool:
    """False for values only known after deployment (UNKNOWN, or anything containing it)."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, list):
        return all(known(v) for v in value)
    if isinstance(value, dict):
        return all(known(v) for v in value.values())
    return True


def truth(value: Any) -> bool | Unknown:
    """A boolean setting as True/False, or UNKNOWN ("true"/"false" strings included)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and not isinstance(value, Reference):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    if value is None:
        return False
    return UNKNOWN


def number(value: Any) -> float | Unknown | None:
    """A numeric setting (numbers and numeric strings), UNKNOWN, or None when absent."""
    if value is None:
        return None
    if isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and not isinstance(value, Reference):
        try:
            return float(value)
        except ValueError:
            return UNKNOWN
    return UNKNOWN


def present(value: Any) -> bool:
    """Set to something (a literal, a reference or an unknown-but-set value)."""
    return value not in (None, "", [], {})


def is_set(resource: Resource, *names: str) -> bool:
    return present(resource.get(*names))


def text_list(value: Any) -> list[Any]:
    """A value that may be one item or a list, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def literal(value: Any) -> str | None:
    """A plain literal string (not a reference, not UNKNOWN), else None."""
    if isinstance(value, str) and not isinstance(value, Reference):
        return value
    return None


def unit_word(resource: Resource) -> str:
    """What one scan unit is called in messages: a template or a module."""
    return "template" if resource.format == "cloudformation" else "module"
