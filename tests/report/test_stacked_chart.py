"""The stacked bar chart of the study plan: geometry, labels, escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from wellarch.report.stacked_chart import Bar, Series, stacked_bar_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
SERIES = [Series("design", "#175cd3"), Series("coding", "#f79009"), Series("mocks", "#079455")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def segments(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "seg"]


def test_each_bar_is_split_into_its_series_with_heights_in_proportion():
    bars = [Bar("1", (6.0, 3.0, 0.0), "fundamentals"), Bar("2", (2.0, 2.0, 5.0), "mocks")]
    root = parse(stacked_bar_svg(bars, SERIES, title="Hours per week"))
    segs = segments(root)
    assert len(segs) == 5  # a zero value draws nothing
    heights = [float(s.get("height", 0)) for s in segs]
    assert heights[0] == pytest.approx(2 * heights[1])
    assert sum(heights[:2]) == pytest.approx(sum(heights[2:]))  # both weeks total 9 h
    assert [s.get("fill") for s in segs[:2]] == ["#175cd3", "#f79009"]
    tips = [t.text for t in root.findall("svg:g/svg:title", NS)]
    assert tips[0] == "Week 1 (fundamentals): design 6 h, coding 3 h, mocks 0 h"


def test_the_axis_reaches_a_round_number_above_the_highest_bar():
    root = parse(stacked_bar_svg([Bar("1", (7.0, 4.5, 0.0))], SERIES, title="t"))
    ticks = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert ticks[:6] == ["0", "2.5", "5", "7.5", "10", "12.5"]  # 11.5 h → 12.5


def test_groups_are_labelled_once_per_run_and_legend_names_every_series():
    bars = [Bar(str(i), (1.0, 1.0, 1.0), "deep dives" if i < 20 else "mocks") for i in range(26)]
    svg = stacked_bar_svg(bars, SERIES, title="t")
    root = parse(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts.count("deep dives") == 1 and texts.count("mocks") == 2  # band + legend
    assert {"design", "coding"} <= set(texts)
    assert "deep dives: weeks 1 to 20." in (root.findtext("svg:desc", namespaces=NS) or "")


def test_text_is_escaped_and_colours_are_checked():
    series = [Series("<b>x</b>", 'red" onload="alert(1)')]
    svg = stacked_bar_svg([Bar("<i>", (1.0,), "a&b")], series, title="<script>")
    assert "<script>" not in svg and "onload" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.findtext("svg:title", namespaces=NS) == "<script>"
    assert segments(root)[0].get("fill") == "#98a2b3"


def test_an_empty_chart_still_draws_its_axis():
    root = parse(stacked_bar_svg([], SERIES, title="nothing"))
    assert segments(root) == []
    assert root.get("viewBox", "").startswith("0 0 960")
