"""The risk-by-pillar chart: one horizontal stacked bar per pillar, as inline SVG.

Each bar is the pillar's questions at 100 %, split into HIGH, MEDIUM, NONE, NOT_APPLICABLE and
UNANSWERED segments (worst first). Every segment wide enough carries its count, each row ends
with the pillar's question total, HIGH and NOT_APPLICABLE are hatched and a legend names every
level with its total, so the chart still reads in black-and-white print. The SVG needs no
CSS, script, font or image from outside: it is valid on its own as an ``.svg`` file and inline
in HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wellarch.report.templating import environment
from wellarch.report.text import RISK_LEVELS, normalise_counts, risk_key, risk_label

__all__ = ["LEVEL_STYLES", "risk_chart_svg"]

WIDTH = 760
NAME_WIDTH = 200
TOTAL_WIDTH = 64
BAR_WIDTH = WIDTH - NAME_WIDTH - TOTAL_WIDTH - 8
HEADER_HEIGHT = 26
ROW_HEIGHT = 36
BAR_HEIGHT = 22
LEGEND_HEIGHT = 42
NAME_MAX_CHARS = 28
CHAR_WIDTH = 6.9  # average advance of the 12-13 px sans-serif used, for layout estimates


@dataclass(frozen=True)
class LevelStyle:
    """How one risk level is drawn: segment fill, label colour and label halo."""

    fill: str
    text: str
    halo: str | None = None
    stroke: str | None = None


#: Fill and label colours per risk level. HIGH is also hatched with light stripes and
#: NOT_APPLICABLE struck through with thin dark ones (see the template), so that no two levels
#: share a grey in black-and-white print.
LEVEL_STYLES: dict[str, LevelStyle] = {
    "HIGH": LevelStyle(fill="#d92d20", text="#ffffff", halo="#7a271a"),
    "MEDIUM": LevelStyle(fill="#f79009", text="#4e1d09"),
    "NONE": LevelStyle(fill="#079455", text="#ffffff"),
    "NOT_APPLICABLE": LevelStyle(fill="#c9ced6", text="#101828", halo="#f2f4f7"),
    "UNANSWERED": LevelStyle(fill="#f2f4f7", text="#475467", stroke="#98a2b3"),
}


@dataclass(frozen=True)
class _Segment:
    level: str
    key: str
    count: int
    x: float
    width: float
    show_count: bool


@dataclass(frozen=True)
class _Row:
    name: str
    label: str
    total: int
    y: float
    segments: tuple[_Segment, ...]
    summary: str


@dataclass(frozen=True)
class _LegendItem:
    level: str
    key: str
    label: str
    x: float


def _shorten(name: str) -> str:
    name = " ".join(name.split())
    if len(name) <= NAME_MAX_CHARS:
        return name
    return name[: NAME_MAX_CHARS - 1].rstrip() + "…"


_SHORT = {"HIGH": "high", "MEDIUM": "medium", "NONE": "no risk", "NOT_APPLICABLE": "n/a"}


def _summary(name: str, counts: Mapping[str, int]) -> str:
    parts = [f"{counts[level]} {_SHORT.get(level, 'unanswered')}" for level in RISK_LEVELS]
    return f"{name}: " + ", ".join(parts)


def _row(index: int, pillar: Mapping[str, Any]) -> _Row:
    name = str(pillar.get("name") or pillar.get("id") or "")
    counts = normalise_counts(pillar.get("risk_counts"))
    total = sum(counts.values())
    segments: list[_Segment] = []
    done = 0
    for level in RISK_LEVELS:
        count = counts[level]
        if count <= 0 or total <= 0:
            continue
        start = round(NAME_WIDTH + BAR_WIDTH * done / total, 2)
        done += count
        end = round(NAME_WIDTH + BAR_WIDTH * done / total, 2)
        width = round(end - start, 2)
        fits = width >= 10 + CHAR_WIDTH * len(str(count))
        segments.append(_Segment(level, risk_key(level), count, start, width, fits))
    y = HEADER_HEIGHT + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
    return _Row(name, _shorten(name), total, y, tuple(segments), _summary(name, counts))


def _legend(totals: Mapping[str, int]) -> list[_LegendItem]:
    items: list[_LegendItem] = []
    x = float(NAME_WIDTH)
    for level in RISK_LEVELS:
        label = f"{risk_label(level)} ({totals[level]})"
        items.append(_LegendItem(level, risk_key(level), label, round(x, 1)))
        x += 14 + 6 + CHAR_WIDTH * 0.92 * len(label) + 18
    if x > WIDTH:  # too wide for the bar column: start at the left edge instead
        items = [_LegendItem(i.level, i.key, i.label, round(i.x - NAME_WIDTH, 1)) for i in items]
    return items


def risk_chart_svg(
    pillars: Sequence[Mapping[str, Any]],
    *,
    title: str = "Risk by pillar",
    id_prefix: str = "wa-chart",
) -> str:
    """The risk-by-pillar chart of ``pillars`` (report pillar dicts with ``name`` and
    ``risk_counts``) as a standalone ``<svg>`` element.

    ``id_prefix`` keeps the ids of the SVG's definitions unique when a page holds several
    charts; it is reduced to ``[A-Za-z0-9_-]``. All text is escaped.
    """
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "wa-chart"
    rows = [_row(i, pillar) for i, pillar in enumerate(pillars)]
    totals = {level: 0 for level in RISK_LEVELS}
    for pillar in pillars:
        for level, count in normalise_counts(pillar.get("risk_counts")).items():
            totals[level] += count
    legend_y = HEADER_HEIGHT + len(rows) * ROW_HEIGHT + 16
    height = HEADER_HEIGHT + len(rows) * ROW_HEIGHT + LEGEND_HEIGHT
    template = environment().get_template("risk_chart.svg")
    return template.render(
        prefix=prefix,
        title=title,
        rows=rows,
        legend=_legend(totals),
        legend_y=legend_y,
        width=WIDTH,
        height=height,
        name_width=NAME_WIDTH,
        bar_width=BAR_WIDTH,
        bar_height=BAR_HEIGHT,
        styles=LEVEL_STYLES,
    ).strip()
