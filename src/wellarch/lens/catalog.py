"""Where lenses come from: the built-in lenses (package data) and any other :class:`LensSource`.

A lens source is an extension point: a small class with ``aliases()`` and ``get(alias)``. The
built-in lenses register through the ``wellarch`` entry-point group, the way a plugin would;
the store provides the source of imported custom lenses; tests use :class:`InMemoryLensSource`.

Example:
    >>> catalog = LensCatalog([BuiltinLensSource()])
    >>> catalog.get("wellarchitected").lens.question_count
    57
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from wellarch.errors import InputError, NotFound
from wellarch.lens.model import Lens
from wellarch.lens.reader import parse_lens_bytes

__all__ = [
    "BUILTIN_ALIASES",
    "BuiltinLensSource",
    "InMemoryLensSource",
    "LensCatalog",
    "LensEntry",
    "LensSource",
    "check_alias",
]

BUILTIN_ALIASES = ("wellarchitected", "interview")
_ALIAS = re.compile(r"[a-z0-9][a-z0-9_-]{2,63}")


def check_alias(alias: str) -> str:
    """Return ``alias`` if it is a valid lens alias (3–64 chars of a-z, 0-9, '_', '-')."""
    if not _ALIAS.fullmatch(alias):
        raise InputError(
            f"lens alias {alias!r} must be 3–64 characters of lowercase letters, digits, "
            "'_' and '-', starting with a letter or digit"
        )
    return alias


@dataclass(frozen=True)
class LensEntry:
    """A lens in the catalog, with wellarch's own notes about it (kept outside the AWS JSON)."""

    alias: str
    lens: Lens
    builtin: bool = False
    #: wellarch-only data: pillar descriptions and design principles, practice risk levels,
    #: interview hints. Empty for custom lenses.
    notes: Mapping[str, Any] = field(default_factory=dict)

    def pillar_notes(self, pillar_id: str) -> Mapping[str, Any]:
        pillars: Mapping[str, Mapping[str, Any]] = self.notes.get("pillars", {})
        return pillars.get(pillar_id, {})

    def choice_notes(self, choice_id: str) -> Mapping[str, Any]:
        choices: Mapping[str, Mapping[str, Any]] = self.notes.get("choices", {})
        return choices.get(choice_id, {})


class LensSource:
    """An extension point: a provider of lenses by alias."""

    def aliases(self) -> list[str]:
        raise NotImplementedError

    def get(self, alias: str) -> LensEntry | None:
        """The lens with this alias, or ``None`` when this source does not have it."""
        raise NotImplementedError


@cache
def _load_builtin(alias: str) -> LensEntry:
    folder = resources.files("wellarch.lens") / "lenses"
    data = (folder / f"{alias}.json").read_bytes()
    loaded = parse_lens_bytes(data, source=f"<built-in lens {alias}>")
    notes = json.loads((folder / f"{alias}.wellarch.json").read_text(encoding="utf-8"))
    return LensEntry(alias=alias, lens=loaded.lens, builtin=True, notes=notes)


class BuiltinLensSource(LensSource):
    """The lenses shipped with wellarch: ``wellarchitected`` and ``interview``."""

    def aliases(self) -> list[str]:
        return list(BUILTIN_ALIASES)

    def get(self, alias: str) -> LensEntry | None:
        return _load_builtin(alias) if alias in BUILTIN_ALIASES else None


class InMemoryLensSource(LensSource):
    """A lens source held in a dict: the fake for tests and for embedding."""

    def __init__(self, lenses: Mapping[str, Lens] | None = None) -> None:
        self._lenses = {alias: LensEntry(alias, lens) for alias, lens in (lenses or {}).items()}

    def add(self, alias: str, lens: Lens) -> LensEntry:
        entry = LensEntry(check_alias(alias), lens)
        self._lenses[alias] = entry
        return entry

    def aliases(self) -> list[str]:
        return sorted(self._lenses)

    def get(self, alias: str) -> LensEntry | None:
        return self._lenses.get(alias)


class LensCatalog:
    """Every lens from a list of sources; earlier sources win on an alias clash."""

    def __init__(self, sources: Iterable[LensSource]) -> None:
        self.sources = list(sources)

    def aliases(self) -> list[str]:
        seen: dict[str, None] = {}
        for source in self.sources:
            seen.update(dict.fromkeys(source.aliases()))
        return list(seen)

    def entries(self) -> list[LensEntry]:
        return [self.get(alias) for alias in self.aliases()]

    def find(self, alias: str) -> LensEntry | None:
        for source in self.sources:
            entry = source.get(alias)
            if entry is not None:
                return entry
        return None

    def get(self, alias: str) -> LensEntry:
        entry = self.find(alias)
        if entry is None:
            known = ", ".join(self.aliases()) or "none"
            raise NotFound(f"unknown lens {alias!r} (lenses: {known})")
        return entry
