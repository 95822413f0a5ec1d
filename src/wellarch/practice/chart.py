"""Pillar strength over weeks as a line chart: standalone inline SVG, drawn on the server.

One line per pillar over the weeks of :func:`wellarch.practice.progress.summarise`'s
``strength_by_week`` (0–100 % of the pillar's key questions addressed). Each line has its own
colour, dash pattern and marker shape so the chart reads in black-and-white print too; every
point carries a ``<title>`` ("Security, week of 2026-11-23: 40 %"), and the ``<svg>`` a title
and description for screen readers. No CSS, script or font from outside: the SVG is valid on
its own and inline in HTML (every text escaped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from html import escape

__all__ = ["SERIES_STYLES", "strength_chart_svg"]

WIDTH = 760
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
LEGEND_ROW = 22
LEGEND_COLUMNS = 3


@dataclass(frozen=True)
class SeriesStyle:
    """How one line is drawn: colour, dash pattern ("" = solid) and marker shape."""

    colour: str
    dash: str
    marker: str  # circle, square, diamond, triangle


#: Styles in pillar order; a seventh series starts over.
SERIES_STYLES: tuple[SeriesStyle, ...] = (
    SeriesStyle("#175cd3", "", "circle"),
    SeriesStyle("#b42318", "6 4", "square"),
    SeriesStyle("#067647", "2 3", "diamond"),
    SeriesStyle("#b54708", "10 4 2 4", "triangle"),
    SeriesStyle("#6941c6", "", "square"),
    SeriesStyle("#475467", "6 4", "circle"),
)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """The opening tag of a marker (the caller closes it, see :func:`_closing`)."""
    r = 4.5
    if shape == "square":
        box = f'x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}"'
        return f'<rect {box} fill="{colour}"'
    if shape in ("diamond", "triangle"):
        if shape == "diamond":
            corners = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        else:
            corners = [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]
        points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        return f'<polygon points="{points}" fill="{colour}"'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"'


def _week_label(week: str) -> str:
    try:
        day = date.fromisoformat(week)
    except ValueError:
        return week
    return f"{day.day} {day:%b}"


def strength_chart_svg(
    strength_by_week: Mapping[str, Mapping[str, float]],
    names: Mapping[str, str] | None = None,
    *,
    title: str = "Pillar strength by week",
    id_prefix: str = "strength",
    max_weeks: int = 12,
) -> str:
    """The chart of ``strength_by_week`` (pillar id → ISO week start → score 0..1) as an
    ``<svg>`` element; ``names`` maps pillar ids to display names (in the order to draw).

    Only the latest ``max_weeks`` weeks are drawn. A pillar without a score in some week has
    a gap there rather than a made-up value. With no data at all the chart says so.
    """
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "strength"
    names = dict(names or {})
    order = [p for p in names if p in strength_by_week]
    order += sorted(p for p in strength_by_week if p not in names)
    weeks = sorted({w for by_week in strength_by_week.values() for w in by_week})[-max_weeks:]
    legend_rows = -(-len(order) // LEGEND_COLUMNS) if order else 0
    height = HEIGHT + legend_rows * LEGEND_ROW
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_h

    def x_of(index: int) -> float:
        if len(weeks) == 1:
            return LEFT + plot_w / 2
        return LEFT + 12 + (plot_w - 24) * index / (len(weeks) - 1)

    def y_of(score: float) -> float:
        return bottom - plot_h * max(0.0, min(1.0, score))

    desc = (
        "; ".join(
            f"{names.get(p, p)}: "
            + ", ".join(
                f"{w} {round(strength_by_week[p][w] * 100)} %"
                for w in weeks
                if w in strength_by_week[p]
            )
            for p in order
        )
        or "No practice attempts yet."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="strength-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for step in range(0, 101, 25):
        y = y_of(step / 100)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{"#98a2b3" if step == 0 else "#eaecf0"}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#667085">{step} %</text>'
        )
    if not weeks:
        out.append(
            f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
            f'fill="#667085" font-size="14">No practice attempts yet</text>'
        )
    label_every = max(1, -(-len(weeks) // 8))
    for index, week in enumerate(weeks):
        if index % label_every == 0 or index == len(weeks) - 1:
            out.append(
                f'<text x="{x_of(index):.1f}" y="{bottom + 20}" text-anchor="middle" '
                f'fill="#667085">{escape(_week_label(week))}</text>'
            )
    for number, pillar in enumerate(order):
        style = SERIES_STYLES[number % len(SERIES_STYLES)]
        by_week = strength_by_week[pillar]
        name = names.get(pillar, pillar)
        out.append(f'<g class="series" data-pillar="{escape(pillar)}">')
        runs: list[list[tuple[float, float]]] = [[]]
        for index, week in enumerate(weeks):
            if week in by_week:
                runs[-1].append((x_of(index), y_of(by_week[week])))
            elif runs[-1]:
                runs.append([])
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{style.colour}" '
                    f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
                )
        for index, week in enumerate(weeks):
            if week in by_week:
                score = by_week[week]
                tip = f"{name}, week of {week}: {round(score * 100)} %"
                out.append(
                    _marker(style.marker, x_of(index), y_of(score), style.colour)
                    + f' stroke="#ffffff" stroke-width="1.5"><title>{escape(tip)}</title>'
                    + _closing(style.marker)
                )
        out.append("</g>")
    column_w = (WIDTH - LEFT) / LEGEND_COLUMNS
    for number, pillar in enumerate(order):
        style = SERIES_STYLES[number % len(SERIES_STYLES)]
        x = LEFT + column_w * (number % LEGEND_COLUMNS)
        y = HEIGHT + LEGEND_ROW * (number // LEGEND_COLUMNS) - 6
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        out.append(
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 28:.1f}" y2="{y:.1f}" '
            f'stroke="{style.colour}" stroke-width="2.5"{dash}/>'
        )
        out.append(_marker(style.marker, x + 14, y, style.colour) + "/>")
        out.append(
            f'<text x="{x + 36:.1f}" y="{y + 4:.1f}" fill="#344054">'
            f"{escape(names.get(pillar, pillar))}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _closing(shape: str) -> str:
    return {"square": "</rect>", "diamond": "</polygon>", "triangle": "</polygon>"}.get(
        shape, "</circle>"
    )
