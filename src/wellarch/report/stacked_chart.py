"""A vertical stacked bar chart as inline SVG: one bar per column (a week of a study plan),
split into series (the study areas), with runs of columns labelled as groups (the phases).

Like the risk chart (:mod:`wellarch.report.chart`) it needs no CSS, script or font from
outside, so it works inline in a page under a strict Content-Security-Policy and as a
standalone ``.svg`` file. Every bar carries a ``<title>`` with its values, and the chart a
``<desc>``, for screen readers and tooltips; all text is escaped.

Example:
    >>> svg = stacked_bar_svg(
    ...     [Bar("1", (2.0, 1.0), "fundamentals"), Bar("2", (1.0, 2.0), "practice")],
    ...     [Series("design", "#175cd3"), Series("coding", "#f79009")],
    ...     title="Hours per week",
    ... )
    >>> svg.startswith("<svg") and svg.count('class="seg"')
    4
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "Series", "stacked_bar_svg"]

WIDTH = 960
LEFT = 44
RIGHT = 8
TOP = 30
PLOT_HEIGHT = 200
AXIS_HEIGHT = 26
LEGEND_HEIGHT = 30
CHAR_WIDTH = 6.4
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")
_BANDS = ("#f2f4f7", "#ffffff")


@dataclass(frozen=True)
class Series:
    """One stacked segment of every bar: its name (legend, tooltips) and fill colour."""

    name: str
    fill: str


@dataclass(frozen=True)
class Bar:
    """One column: its axis label, one value per series (bottom first), and its group."""

    label: str
    values: Sequence[float]
    group: str = ""


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _step(top: float) -> float:
    """A round gridline step giving three to six lines up to ``top``."""
    raw = top / 5
    power = 10.0 ** math.floor(math.log10(raw))
    return next(power * f for f in (1.0, 2.0, 2.5, 5.0, 10.0) if power * f >= raw)


def _groups(bars: Sequence[Bar]) -> list[tuple[str, int, int]]:
    """Runs of consecutive bars with the same group: (group, first index, count)."""
    runs: list[tuple[str, int, int]] = []
    for index, bar in enumerate(bars):
        if runs and runs[-1][0] == bar.group:
            name, first, count = runs[-1]
            runs[-1] = (name, first, count + 1)
        else:
            runs.append((bar.group, index, 1))
    return runs


def stacked_bar_svg(
    bars: Sequence[Bar],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "h",
    label_name: str = "Week",
) -> str:
    """The chart as a standalone ``<svg>`` element (``viewBox`` sized, scales to its box)."""
    fills = [s.fill if _COLOUR.fullmatch(s.fill) else "#98a2b3" for s in series]
    totals = [sum(max(0.0, v) for v in bar.values[: len(series)]) for bar in bars]
    peak = max(totals, default=0.0)
    step = _step(peak) if peak > 0 else 1.0
    top = step * math.ceil(peak / step) if peak > 0 else 5 * step
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(1, len(bars))
    gap = min(4.0, slot * 0.2)
    height = TOP + PLOT_HEIGHT + AXIS_HEIGHT + LEGEND_HEIGHT
    base = TOP + PLOT_HEIGHT

    def y(value: float) -> float:
        return round(base - PLOT_HEIGHT * value / top, 2)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stacked-chart" viewBox="0 0 {WIDTH} '
        f'{height}" width="{WIDTH}" height="{height}" role="img" font-family="-apple-system, '
        "BlinkMacSystemFont, 'Segoe UI', Roboto, Arial, sans-serif\">",
        f"<title>{escape(title)}</title>",
    ]
    summary = [f"{len(bars)} bars; the highest is {_number(peak)} {unit}."]
    for name, first, count in _groups(bars):
        if name:
            summary.append(f"{name}: {label_name.lower()}s {first + 1} to {first + count}.")
    out.append(f"<desc>{escape(' '.join(summary))}</desc>")
    for number, (name, first, count) in enumerate(_groups(bars)):
        x = round(LEFT + first * slot, 2)
        width = round(count * slot, 2)
        out.append(
            f'<rect class="band" x="{x}" y="{TOP - 22}" width="{width}" '
            f'height="{PLOT_HEIGHT + 22}" fill="{_BANDS[number % 2]}"/>'
        )
        if name and len(name) * CHAR_WIDTH + 8 <= width:
            out.append(
                f'<text x="{round(x + width / 2, 2)}" y="{TOP - 8}" text-anchor="middle" '
                f'font-size="11.5" font-weight="600" fill="#475467">{escape(name)}</text>'
            )
    value = 0.0
    while value <= top + 1e-9:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}" '
            f'stroke="{"#98a2b3" if value == 0 else "#eaecf0"}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value)}" dy="0.35em" text-anchor="end" font-size="11" '
            f'fill="#667085">{_number(value)}</text>'
        )
        value += step
    out.append(
        f'<text x="0" y="{TOP - 8}" font-size="10.5" font-weight="600" fill="#667085">'
        f"{escape(unit.upper())}</text>"
    )
    every = max(1, math.ceil(len(bars) * 24 / plot_width))
    for index, bar in enumerate(bars):
        x = round(LEFT + index * slot + gap / 2, 2)
        width = round(max(1.0, slot - gap), 2)
        parts = ", ".join(
            f"{s.name} {_number(v)} {unit}" for s, v in zip(series, bar.values, strict=False)
        )
        tip = f"{label_name} {bar.label}" + (f" ({bar.group})" if bar.group else "")
        out.append(f'<g class="bar"><title>{escape(f"{tip}: {parts}")}</title>')
        level = 0.0
        for fill, amount in zip(fills, bar.values, strict=False):
            if amount <= 0:
                continue
            y_top, y_bottom = y(level + amount), y(level)
            out.append(
                f'<rect class="seg" x="{x}" y="{y_top}" width="{width}" '
                f'height="{round(y_bottom - y_top, 2)}" fill="{fill}"/>'
            )
            level += amount
        out.append("</g>")
        last = index == len(bars) - 1 and index % every > every / 2
        if index % every == 0 or last:
            out.append(
                f'<text x="{round(x + width / 2, 2)}" y="{base + 16}" text-anchor="middle" '
                f'font-size="11" fill="#667085">{escape(bar.label)}</text>'
            )
    legend_y = base + AXIS_HEIGHT + 8
    x = float(LEFT)
    for fill, item in zip(fills, series, strict=True):
        out.append(
            f'<rect x="{round(x, 1)}" y="{legend_y}" width="12" height="12" rx="2" '
            f'fill="{fill}"/><text x="{round(x + 17, 1)}" y="{legend_y + 6}" dy="0.35em" '
            f'font-size="12" fill="#344054">{escape(item.name)}</text>'
        )
        x += 17 + CHAR_WIDTH * 0.95 * len(item.name) + 20
    out.append("</svg>")
    return "\n".join(out)
