"""Interview scenarios: Markdown files with front matter (DESIGN.md §6, content_type scenario).

Each scenario has fixed level-2 sections — Prompt, Clarifying questions, Scale, Constraints,
L6 vs L7, Pillar points (one level-3 subsection per pillar), Follow-up questions, Reference
design, Common pitfalls — which :func:`parse_scenario` reads into a :class:`Scenario`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wellarch.errors import InputError, NotFound

__all__ = ["FollowUp", "Scenario", "get_scenario", "load_scenarios", "parse_scenario"]

SECTIONS = (
    "Prompt",
    "Clarifying questions",
    "Scale",
    "Constraints",
    "L6 vs L7",
    "Pillar points",
    "Follow-up questions",
    "Reference design",
    "Common pitfalls",
)
PILLAR_HEADINGS = {
    "Operational excellence": "operationalExcellence",
    "Security": "security",
    "Reliability": "reliability",
    "Performance efficiency": "performance",
    "Cost optimization": "costOptimization",
    "Sustainability": "sustainability",
}
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_QID = re.compile(r"`(int_[a-z0-9_]+)`")


@dataclass(frozen=True)
class FollowUp:
    question: str
    answer: str


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    level: str
    minutes: int
    tags: tuple[str, ...]
    sections: dict[str, str] = field(repr=False)
    #: Points a strong answer makes, per pillar id: (interview question id or "", text).
    pillar_points: dict[str, list[tuple[str, str]]] = field(repr=False)
    follow_ups: tuple[FollowUp, ...] = field(repr=False, default=())

    @property
    def prompt(self) -> str:
        return self.sections.get("Prompt", "")

    def bullets(self, section: str) -> list[str]:
        return _bullets(self.sections.get(section, ""))

    def to_summary(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "level": self.level, "tags": list(self.tags)}


def _bullets(text: str) -> list[str]:
    items: list[str] = []
    for line in text.splitlines():
        match = _BULLET.match(line)
        if match:
            items.append(match.group(1).strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    return items


def _split(body: str, marker: str) -> dict[str, str]:
    """Sections under headings ``marker`` ("##", "###"), ignoring lines in code fences."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith(marker + " "):
            current = sections.setdefault(line[len(marker) :].strip(), [])
        elif current is not None:
            current.append(line)
    return {title: "\n".join(lines).strip() for title, lines in sections.items()}


def parse_scenario(text: str, source: str) -> Scenario:
    """Parse one scenario file; raises :class:`InputError` naming what is missing."""
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n(.*)", text, flags=re.DOTALL)
    if match is None:
        raise InputError(
            "no front matter (the file must start with a --- block)", file=source, line=1
        )
    front, body = match.groups()
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        raise InputError(f"front matter is not valid YAML: {exc}", file=source) from None
    if not isinstance(meta, dict):
        raise InputError("front matter must be a mapping", file=source, line=1)
    sections = _split(body, "##")
    missing = [s for s in SECTIONS if s not in sections]
    if missing:
        raise InputError(f"missing section(s): {', '.join(missing)}", file=source)
    points: dict[str, list[tuple[str, str]]] = {}
    for heading, text_ in _split(sections["Pillar points"], "###").items():
        pillar = PILLAR_HEADINGS.get(heading)
        if pillar is None:
            raise InputError(f"unknown pillar heading {heading!r}", file=source)
        points[pillar] = [
            ((m.group(1) if (m := _QID.search(b)) else ""), _QID.sub("", b).strip(" -—:"))
            for b in _bullets(text_)
        ]
    follow_ups = tuple(
        FollowUp(q.strip(), a.strip())
        for q, a in re.findall(
            r"\*\*Q:\*\*\s*(.+?)\s*\*\*Strong answer:\*\*\s*(.+?)(?=\n\s*[-*]?\s*\*\*Q:\*\*|\Z)",
            sections["Follow-up questions"],
            flags=re.DOTALL,
        )
    )
    try:
        return Scenario(
            id=str(meta.get("id") or Path(source).stem),
            title=str(meta["title"]),
            summary=str(meta.get("summary", "")),
            level=str(meta.get("level", "L6")),
            minutes=int(meta.get("minutes", 45)),
            tags=tuple(str(t) for t in meta.get("tags", [])),
            sections=sections,
            pillar_points=points,
            follow_ups=follow_ups,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"front matter: {exc}", file=source) from None


@cache
def load_scenarios() -> tuple[Scenario, ...]:
    """The shipped scenario catalog, sorted by id."""
    folder = resources.files("wellarch.practice") / "scenarios"
    found = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".md"):
            found.append(parse_scenario(item.read_text(encoding="utf-8"), f"scenarios/{item.name}"))
    return tuple(found)


def get_scenario(scenario_id: str) -> Scenario:
    for item in load_scenarios():
        if item.id == scenario_id:
            return item
    known = ", ".join(s.id for s in load_scenarios())
    raise NotFound(f"unknown scenario {scenario_id!r} (scenarios: {known})")
