from __future__ import annotations

import copy
import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellarch.errors import NotFound
from wellarch.report import RENDERERS, render_html, render_markdown, renderer, risk_chart_svg
from wellarch.report.text import md_block, md_cell, md_line, safe_url

FIXTURE = Path(__file__).parents[1] / "fixtures" / "reports" / "webshop-report.json"
LEVELS = ("HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED")
KEYS = dict(zip(LEVELS, ("high", "medium", "none", "na", "unanswered"), strict=True))
LABELS = {"HIGH": "High risk", "MEDIUM": "Medium risk", "NONE": "No risk"}
LABELS |= {"NOT_APPLICABLE": "Not applicable", "UNANSWERED": "Unanswered"}
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def report():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def questions(report):
    return [
        q for lens in report["lenses"] for pillar in lens["pillars"] for q in pillar["questions"]
    ]


def cells(line):
    """The cells of a GFM table row; a backslash escapes the next character, as in GFM."""
    assert line.startswith("|") and line.endswith("|"), line
    body, out, start = line[1:-1], [], 0
    for match in re.finditer(r"\\.|\|", body, flags=re.DOTALL):
        if match.group() == "|":
            out.append(body[start : match.start()].strip())
            start = match.end()
    return [*out, body[start:].strip()]


class Collect(HTMLParser):
    """Start tags with their attributes, and the text inside elements of a given tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in set(self._open):
            self.text.setdefault(tag, []).append(data)


def parse(html):
    parser = Collect()
    parser.feed(html)
    return parser


# --- the fixture itself -------------------------------------------------------------------


def test_fixture_counts_agree_with_its_questions(report):
    lens = report["lenses"][0]
    assert len({p["id"] for p in lens["pillars"]}) == 6  # the six pillars
    for pillar in lens["pillars"]:
        assert 2 <= len(pillar["questions"]) <= 3
        counted = Counter(q["risk"] for q in pillar["questions"])
        assert pillar["risk_counts"] == {level: counted[level] for level in LEVELS}
    counted = Counter(q["risk"] for q in questions(report))
    assert lens["risk_counts"] == {level: counted[level] for level in LEVELS}
    assert set(counted) == set(LEVELS)  # every risk level occurs
    plan = report["improvement_plan"]
    assert 3 <= len(plan) <= 4
    assert [i["risk"] for i in plan] == sorted((i["risk"] for i in plan), key=LEVELS.index)


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_has_title_facts_and_summary_table(report):
    md = render_markdown(report)
    assert md.startswith("# Well-Architected review: Webshop — storefront & checkout\n")
    assert "- **Environment:** Production" in md
    assert "- **Regions:** eu-central-1, eu-west-1" in md
    assert "- **Review date:** 24 November 2025" in md
    lines = md.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Pillar |"))
    assert cells(lines[header])[1:] == [
        "🔴 High",
        "🟠 Medium",
        "🟢 No risk",
        "⚪ N/A",
        "❔ Unanswered",
        "Questions",
    ]
    pillars = report["lenses"][0]["pillars"]
    for pillar, line in zip(pillars, lines[header + 2 :], strict=False):
        counts = pillar["risk_counts"]
        expected = [pillar["name"], *(str(counts[level]) for level in LEVELS)]
        assert cells(line) == [*expected, str(sum(counts.values()))]
    total = cells(lines[header + 2 + len(pillars)])
    assert total == ["**Total**", "**2**", "**2**", "**8**", "**2**", "**2**", "**16**"]


def test_markdown_lists_every_question_with_its_risk(report):
    md = render_markdown(report)
    rows = {cells(line)[0]: cells(line) for line in md.splitlines() if line.startswith("| ")}
    for q in questions(report):
        row = rows[q["id"]]
        assert len(row) == 4
        assert row[1] == q["title"]
        assert row[2].endswith(LABELS[q["risk"]])
    for pillar in report["lenses"][0]["pillars"]:
        assert f"\n### {pillar['name']}\n" in md


def test_markdown_improvement_plan_in_given_order_with_links(report):
    md = render_markdown(report)
    plan_text = md.split("## Improvement plan", 1)[1].split("## Questions", 1)[0]
    items = re.findall(r"^(\d+)\. .*\*\*(\w+)\*\*", plan_text, flags=re.MULTILINE)
    assert items == [
        (str(n), item["question_id"]) for n, item in enumerate(report["improvement_plan"], 1)
    ]
    for item in report["improvement_plan"]:
        for missing in item["missing"]:
            assert f"   - [{missing['title']}]({missing['url']}): " in plan_text


def test_markdown_escapes_pipes_and_newlines_in_cells(report):
    md = render_markdown(report)
    sec02 = next(line for line in md.splitlines() if line.startswith("| SEC02 |"))
    assert "SSM parameter \\| plain String" in sec02
    rel09 = next(line for line in md.splitlines() if line.startswith("| REL09 |"))
    assert "35-day retention.<br>Restore last tested: never." in rel09

    q = report["lenses"][0]["pillars"][0]["questions"][0]
    q["title"] = "Pipes | and \\| escapes\nover two lines"
    q["notes"] = "a|b\r\n\n- list\n# heading\n| --- |"
    md = render_markdown(report)
    row = next(line for line in md.splitlines() if line.startswith(f"| {q['id']} |"))
    assert len(cells(row)) == 4
    assert "\n- list" not in md and "\n# heading" not in md


def test_markdown_neutralises_html_and_structure(report):
    report["workload"]["name"] = HOSTILE + "\n## injected"
    report["workload"]["description"] = "first\n# not a heading\n1. not a list"
    md = render_markdown(report)
    assert "<script" not in md
    assert md.startswith("# Well-Architected review: &lt;script&gt;alert(1)&lt;/script&gt; ## ")
    assert "\n# not a heading" not in md and "\n1. not a list" not in md
    assert "\n\\# not a heading\n1\\. not a list\n" in md


# --- HTML ---------------------------------------------------------------------------------


def test_html_cards_match_input(report):
    html = render_html(report)

    def card(name, attr="data-value"):
        match = re.search(rf'data-card="{name}".*?{attr}>(\d+)<', html, flags=re.DOTALL)
        assert match, name
        return int(match.group(1))

    all_questions = questions(report)
    risks = Counter(q["risk"] for q in all_questions)
    assert card("HIGH") == risks["HIGH"] == 2
    assert card("MEDIUM") == risks["MEDIUM"] == 2
    assert card("ANSWERED") == len(all_questions) - risks["UNANSWERED"] == 14
    assert card("ANSWERED", "data-total") == len(all_questions) == 16
    missing = sum(len(item["missing"]) for item in report["improvement_plan"])
    assert card("PRACTICES") == missing


def test_html_chart_has_one_bar_per_pillar(report):
    html = render_html(report)
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(svgs) == 1
    root = ET.fromstring(svgs[0])
    ns = {"svg": "http://www.w3.org/2000/svg"}
    rows = root.findall("svg:g[@class='risk-chart-row']", ns)
    pillars = report["lenses"][0]["pillars"]
    assert len(rows) == len(pillars)
    for row, pillar in zip(rows, pillars, strict=True):
        texts = [t.text for t in row.iter("{http://www.w3.org/2000/svg}text")]
        assert texts[0] == pillar["name"]
        assert texts[-1] == str(sum(pillar["risk_counts"].values()))
        segments = [r.get("class") for r in row.iter("{http://www.w3.org/2000/svg}rect")]
        expected = [f"seg seg-{KEYS[lvl]}" for lvl in LEVELS if pillar["risk_counts"][lvl]]
        assert [s for s in segments if s] == expected
    legend = "".join(root.find("svg:g[@class='risk-chart-legend']", ns).itertext())
    for label in ("High risk (2)", "Medium risk (2)", "No risk (8)", "Not applicable (2)"):
        assert label in legend


def test_html_shows_plan_and_every_answer(report):
    html = render_html(report)
    doc = parse(html)
    h3 = " ".join(doc.text["h3"])
    h4 = " ".join(doc.text["h4"])
    links = [attrs for tag, attrs in doc.tags if tag == "a"]
    for item in report["improvement_plan"]:
        assert item["question_title"] in h3
        for missing in item["missing"]:
            link = {"href": missing["url"], "target": "_blank", "rel": "noopener noreferrer"}
            assert link in links
            assert f">{missing['title']}</a>" in html
            assert missing["improvement_plan"] in html
    for q in questions(report):
        assert q["id"] in h4 and q["title"] in h4
        for choice in q["selected"]:
            assert f"<li>{choice['title']}</li>" in html
    assert "Out of scope" in html and "Business priorities" in html
    plan = html.split('<ol class="plan">', 1)[1].split("</ol>", 1)[0]
    order = re.findall(r'<h3><span class="qid">([^<]+)</span>', plan)
    assert order == [i["question_id"] for i in report["improvement_plan"]]


def test_html_escapes_hostile_text(report):
    w = report["workload"]
    w["name"] = HOSTILE
    w["description"] = '"><img src=x onerror=alert(1)>'
    w["owner"] = "</title><script>alert(2)</script>"
    w["regions"] = ["<iframe src=//evil>"]
    w["tags"] = {"<b>key": "<svg onload=alert(3)>"}
    w["notes"] = "<style>@import url(http://evil/x.css)</style>"
    lens = report["lenses"][0]
    lens["name"] = "<i>lens</i>"
    lens["pillars"][0]["name"] = "<b>Ops</b> & </text><script>x</script>"
    q = lens["pillars"][0]["questions"][0]
    q["title"] = "<a href='http://evil'>click</a>"
    q["notes"] = "</p><script>alert(4)</script>"
    q["selected"][0]["title"] = "<marquee>"
    item = report["improvement_plan"][0]
    item["question_title"] = "<h1>plan</h1>"
    item["missing"][0]["title"] = "<blink>"
    item["missing"][0]["improvement_plan"] = "<script>alert(5)</script>"
    item["missing"][0]["url"] = "javascript:alert(6)"

    html = render_html(report)
    lowered = html.lower()
    for bad in ("<script", "<img", "<iframe", "<b>k", "<b>o", "<svg onload", "<i>", "<marquee"):
        assert bad not in lowered
    assert "<a href='http" not in lowered and "<h1>plan" not in lowered
    assert "javascript:" not in lowered
    assert lowered.count("<style") == 1 and "&lt;style&gt;@import" in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    doc = parse(html)
    assert doc.text["h1"] == [HOSTILE]  # shown literally
    assert doc.text["title"][0].startswith(HOSTILE)
    svg = re.search(r"<svg\b.*?</svg>", html, flags=re.DOTALL).group(0)
    ET.fromstring(svg)  # still well-formed XML
    assert "&lt;b&gt;Ops&lt;/b&gt; &amp; &lt;/text&gt;" in svg
    assert '<div class="practice-title">&lt;blink&gt; <span' in html  # unsafe link: text

    md = render_markdown(report)
    assert "<script" not in md.lower() and "<img" not in md.lower()
    assert "javascript:" not in md


def test_html_makes_no_external_requests(report):
    html = render_html(report)
    lowered = html.lower()
    for forbidden in ("<script", "<link", "@import", "url(http", "url(//", "<img", "<iframe"):
        assert forbidden not in lowered
    assert "<style>" in html
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'" in html
    plan_urls = {m["url"] for i in report["improvement_plan"] for m in i["missing"]}
    hrefs, srcs = [], []
    for tag, attrs in parse(html).tags:
        srcs += [v for k, v in attrs.items() if k in ("src", "srcset", "data", "poster")]
        if "href" in attrs or "xlink:href" in attrs:
            hrefs.append((tag, attrs.get("href") or attrs.get("xlink:href")))
    assert srcs == []
    external = [href for _, href in hrefs if not (href or "").startswith("#")]
    assert external and set(external) == plan_urls
    assert all(tag == "a" for tag, href in hrefs if href in plan_urls)


def test_html_structure_and_print_styles(report):
    html = render_html(report)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in html
    assert "@media print" in html and "@page { size: A4;" in html
    assert "break-inside: avoid" in html
    doc = parse(html)
    facts = " ".join(doc.text["dl"])
    for text in ("Production", "Storefront team <storefront@example.com>", "eu-central-1"):
        assert text in facts
    assert "24 November 2025" in facts


# --- chart, registry, edge cases ----------------------------------------------------------


def test_risk_chart_svg_is_standalone_xml():
    pillars = [
        {"id": "a", "name": "Alpha", "risk_counts": {"HIGH": 3, "NONE": 1}},
        {"id": "b", "name": "B" * 60, "risk_counts": {}},
    ]
    svg = risk_chart_svg(pillars, title="T & <x>", id_prefix="x y\"'<>")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert 'id="xy-hatch"' in svg and "url(#xy-hatch)" in svg
    assert root.find("{http://www.w3.org/2000/svg}title").text == "T & <x>"
    text = " ".join(root.itertext())
    assert "No questions" in text
    assert "B" * 27 + "…" in text and "B" * 28 not in text.replace("B" * 60, "")
    assert "Alpha: 3 high, 0 medium, 1 no risk, 0 n/a, 0 unanswered" in text


def test_risk_chart_svg_segments_fill_the_bar():
    counts = {"HIGH": 1, "MEDIUM": 2, "NONE": 4, "NOT_APPLICABLE": 1, "UNANSWERED": 3}
    root = ET.fromstring(risk_chart_svg([{"name": "P", "risk_counts": counts}]))
    segs = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class")]
    assert len(segs) == 5
    widths = [float(r.get("width")) for r in segs]
    assert abs(sum(widths) - widths[0] * 11) < 0.1
    for left, right in itertools.pairwise(segs):
        assert abs(float(left.get("x")) + float(left.get("width")) - float(right.get("x"))) < 0.02


def test_registry_lookup_and_purity(report):
    assert {"md": render_markdown, "html": render_html} == RENDERERS
    assert renderer("html") is render_html
    with pytest.raises(NotFound, match="known formats: html, md"):
        renderer("pdf")
    before = copy.deepcopy(report)
    for render in RENDERERS.values():
        assert isinstance(render(report), str)
    assert report == before  # never mutated


def test_minimal_report_renders():
    report = {"workload": {"name": "Empty"}, "lenses": [], "improvement_plan": []}
    md = render_markdown(report)
    html = render_html(report)
    assert "No high or medium risks: nothing to improve." in md
    assert "No high or medium risks: nothing to improve." in html
    assert 'data-card="ANSWERED"' in html and "<svg" not in html


def test_several_lenses_are_labelled(report):
    second = copy.deepcopy(report["lenses"][0])
    second["alias"], second["name"] = "serverless", "Serverless Lens"
    report["lenses"].append(second)
    report["workload"]["lenses"].append("serverless")
    html = render_html(report)
    assert html.count("<svg") == 2 and 'id="c0-hatch"' in html and 'id="c1-hatch"' in html
    md = render_markdown(report)
    assert "\n### Serverless Lens\n" in md
    assert "\n### Serverless Lens: Security\n" in md


# --- text helpers -------------------------------------------------------------------------


def test_safe_url_keeps_only_absolute_http_links():
    assert safe_url(" http://e.com/x?a=1&b=2 ") == "http://e.com/x?a=1&b=2"
    assert safe_url('https://e.com/a b(c)"') == "https://e.com/a%20b%28c%29%22"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,<x>", "//e.com", "/a", None):
        assert safe_url(bad) is None, bad


def test_markdown_text_filters():
    assert md_line("Shop ##\n1") == "Shop ## 1" and md_line("Shop ##") == "Shop \\##"
    assert md_cell("C:\\temp | x\\|y") == "C:\\temp \\| x\\\\\\|y"
    assert md_cell("<b>&amp; & x") == "&lt;b&gt;&amp;amp; & x"
    assert md_block("a\n\n- b\n2) c", indent=3) == "a\n   \\- b\n   2\\) c"
    assert md_cell(None) == md_line(None) == md_block(None) == ""


@given(st.text())
def test_md_cell_always_stays_one_cell(text):
    cell = md_cell(text)
    assert "\n" not in cell and "\r" not in cell
    assert len(cells(f"| {cell} |")) == 1
    assert "<" not in cell.replace("<br>", "")
