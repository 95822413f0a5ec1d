"""The strength-over-weeks line chart: valid standalone SVG, escaped text, gaps, no data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from wellarch.practice.chart import strength_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
NAMES = {"security": "Security", "reliability": "Reliability <&>"}


def test_one_line_per_pillar_with_a_titled_point_per_week():
    data = {
        "reliability": {"2026-11-16": 0.2, "2026-11-23": 0.6},
        "security": {"2026-11-09": 0.4, "2026-11-16": 0.5, "2026-11-23": 1.0},
    }
    svg = strength_chart_svg(data, NAMES, title="Strength", id_prefix="t<1>")
    root = ET.fromstring(svg)  # well-formed, with the names escaped
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t1-title t1-desc"
    series = root.findall(f"{SVG}g")
    assert [g.get("data-pillar") for g in series] == ["security", "reliability"]  # names order
    assert len(series[0].findall(f"{SVG}polyline")) == 1
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "Security, week of 2026-11-23: 100 %" in tips
    assert "Reliability <&>, week of 2026-11-16: 20 %" in tips
    assert "Reliability <&>" in "".join(root.itertext())
    assert "9 Nov" in svg and "23 Nov" in svg


def test_a_missing_week_is_a_gap_not_a_made_up_value():
    data = {"security": {"2026-11-02": 0.5, "2026-11-09": 0.5, "2026-11-23": 0.7}}
    data["cost"] = {"2026-11-16": 0.1}
    root = ET.fromstring(strength_chart_svg(data))
    security = next(g for g in root.findall(f"{SVG}g") if g.get("data-pillar") == "security")
    lines = security.findall(f"{SVG}polyline")
    assert len(lines) == 1  # 2 Nov–9 Nov; 23 Nov stands alone after the gap
    assert len(lines[0].get("points", "").split()) == 2


def test_only_the_latest_weeks_and_an_empty_state():
    data = {"security": {f"2026-{m:02d}-01": 0.1 * m for m in range(1, 10)}}
    svg = strength_chart_svg(data, max_weeks=4)
    assert "week of 2026-09-01" in svg and "week of 2026-05-01" not in svg
    empty = strength_chart_svg({})
    ET.fromstring(empty)
    assert "No practice attempts yet" in empty
