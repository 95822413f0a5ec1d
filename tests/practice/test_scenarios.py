"""The interview-practice scenario catalog: every file parses and follows the shared contract.

A scenario is Markdown with YAML front matter (DESIGN.md §6, ``content_type: scenario``)
and a fixed set of level-2 sections that the practice parser reads. These tests read the
files directly, so they hold whichever loader the practice package ends up using.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "src" / "wellarch" / "practice" / "scenarios"
INTERVIEW_LENS = ROOT / "src" / "wellarch" / "lens" / "lenses" / "interview.json"

REQUIRED_IDS = {
    "ecommerce-platform",
    "global-social-feed",
    "payment-system",
    "serverless-function-platform",
    "global-cdn-edge-compute",
    "ml-platform",
    "real-time-fraud-detection",
    "live-streaming",
    "real-time-analytics-pipeline",
    "multi-region-active-active-data-platform",
    "url-shortener",
    "rate-limiter",
    "notification-service",
    "chat",
    "ride-hailing-dispatch",
    "observability-platform",
}
# The issue names these as platform-level (L7) problems; the rest are component-level (L6).
L7_IDS = {
    "serverless-function-platform",
    "global-cdn-edge-compute",
    "ml-platform",
    "multi-region-active-active-data-platform",
    "observability-platform",
}

SECTIONS = [
    "Prompt",
    "Clarifying questions",
    "Scale",
    "Constraints",
    "L6 vs L7",
    "Pillar points",
    "Follow-up questions",
    "Reference design",
    "Common pitfalls",
]
PILLAR_HEADINGS = [
    "Operational excellence",
    "Security",
    "Reliability",
    "Performance efficiency",
    "Cost optimization",
    "Sustainability",
]

CONTENT_TYPES = {"guide", "reference", "tutorial", "scenario", "checklist"}
DIFFICULTIES = {"beginner", "intermediate", "advanced", "expert"}
STATUSES = {"draft", "published", "review_needed", "archived"}
TECHNICAL_DEPTHS = {"component", "platform", "organization"}
INTERVIEW_FOCUSES = {"technical", "behavioral", "leadership", "mixed"}
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BULLET = re.compile(r"^[-*] +(.*)$")
CODE_SPAN = re.compile(r"`([^`]+)`")
QUESTION_ID_LIKE = re.compile(r"^int_[a-z0-9_]+$")
# Square brackets in prose are either a template placeholder or a link; neither belongs here.
BRACKETED = re.compile(r"\[[^\]\n]+\]")


@dataclass
class Scenario:
    path: Path
    meta: dict[str, object]
    body: str
    sections: dict[str, str] = field(default_factory=dict)
    section_order: list[str] = field(default_factory=list)


def _strip_fences(text: str) -> str:
    """The text with fenced code blocks blanked out, so that headings inside them don't count."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append("")
            continue
        out.append("" if fenced else line)
    return "\n".join(out)


def _split_front_matter(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name}: front matter must open the file"
    end = text.find("\n---\n", 4)
    assert end != -1, f"{path.name}: front matter is not closed"
    meta = yaml.safe_load(text[4:end])
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, text[end + len("\n---\n") :]


def _sections(body: str, level: int) -> tuple[list[str], dict[str, str]]:
    marker = "#" * level + " "
    order: list[str] = []
    content: dict[str, list[str]] = {}
    current: str | None = None
    for line in _strip_fences(body).splitlines():
        if line.startswith(marker):
            current = line[len(marker) :].strip()
            order.append(current)
            content[current] = []
        elif current is not None:
            content[current].append(line)
    return order, {name: "\n".join(lines) for name, lines in content.items()}


def _bullets(text: str) -> list[str]:
    return [m.group(1).strip() for line in text.splitlines() if (m := BULLET.match(line))]


def _load(path: Path) -> Scenario:
    meta, body = _split_front_matter(path)
    order, sections = _sections(body, 2)
    return Scenario(path, meta, body, sections, order)


def _scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("*.md"))


@pytest.fixture(scope="module")
def lens_questions() -> dict[str, set[str]]:
    """Question ids of the built-in interview lens, by pillar name in lower case."""
    lens = json.loads(INTERVIEW_LENS.read_text(encoding="utf-8"))
    return {p["name"].lower(): {q["id"] for q in p["questions"]} for p in lens["pillars"]}


@pytest.fixture(scope="module", params=_scenario_files(), ids=lambda p: p.stem)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return _load(request.param)


def test_catalog_has_at_least_16_scenarios_including_the_required_ones():
    stems = {p.stem for p in _scenario_files()}
    assert len(stems) >= 16
    assert stems >= REQUIRED_IDS, sorted(REQUIRED_IDS - stems)


def test_only_markdown_scenarios_live_in_the_folder():
    strays = [p.name for p in SCENARIOS.iterdir() if p.suffix != ".md"]
    assert strays == []


def test_ids_and_titles_are_unique():
    loaded = [_load(p) for p in _scenario_files()]
    titles = [s.meta["title"] for s in loaded]
    assert len(titles) == len(set(titles))
    ids = [s.meta["id"] for s in loaded]
    assert len(ids) == len(set(ids))


def test_levels_follow_the_issue():
    for path in _scenario_files():
        meta, _ = _split_front_matter(path)
        if path.stem in REQUIRED_IDS:
            expected = "L7" if path.stem in L7_IDS else "L6"
            assert meta["level"] == expected, path.stem


def test_catalog_spans_both_levels_and_many_topics():
    loaded = [_load(p) for p in _scenario_files()]
    levels = {s.meta["level"] for s in loaded}
    assert levels == {"L6", "L7"}
    tags = {t for s in loaded for t in s.meta["tags"]}  # type: ignore[attr-defined]
    assert len(tags) >= 30


def test_front_matter_fields_and_types(scenario: Scenario):
    meta = scenario.meta
    name = scenario.path.stem
    for key in ("title", "summary", "version", "id"):
        assert isinstance(meta.get(key), str) and meta[key].strip(), f"{name}: {key}"
    assert meta["content_type"] == "scenario"
    assert meta["difficulty"] in DIFFICULTIES
    assert meta["status"] == "published"
    assert meta["version"] == "1.0"
    last_updated = meta["last_updated"]
    if isinstance(last_updated, str):
        last_updated = dt.date.fromisoformat(last_updated)
    assert last_updated == dt.date(2026, 11, 25)

    audience = meta["audience"]
    assert isinstance(audience, list) and audience
    assert set(audience) <= {"L6", "L7"} and len(audience) == len(set(audience))

    tags = meta["tags"]
    assert isinstance(tags, list) and len(tags) >= 3
    assert all(isinstance(t, str) and KEBAB.match(t) for t in tags), tags
    assert len(tags) == len(set(tags))

    assert meta["id"] == name and KEBAB.match(name)
    assert meta["level"] in {"L6", "L7"}
    assert meta["level"] in audience
    assert isinstance(meta["minutes"], int) and not isinstance(meta["minutes"], bool)
    assert meta["minutes"] in {45, 60}


def test_optional_front_matter_fields_are_well_typed(scenario: Scenario):
    meta = scenario.meta
    for key in ("prerequisites", "learning_objectives", "related_content"):
        if key in meta:
            value = meta[key]
            assert isinstance(value, list) and all(isinstance(v, str) for v in value), key
    if "technical_depth" in meta:
        assert meta["technical_depth"] in TECHNICAL_DEPTHS
        expected = "platform" if meta["level"] == "L7" else "component"
        assert meta["technical_depth"] == expected
    if "interview_focus" in meta:
        assert meta["interview_focus"] in INTERVIEW_FOCUSES


def test_sections_are_present_once_and_in_order(scenario: Scenario):
    assert scenario.section_order == SECTIONS
    for name in SECTIONS:
        assert scenario.sections[name].strip(), f"{scenario.path.stem}: empty {name}"
    # Nothing but blank lines (or a level-1 title) before the first section.
    preamble = _strip_fences(scenario.body).split("\n## ", 1)[0]
    assert all(not line.strip() or line.startswith("# ") for line in preamble.splitlines())


def test_prompt_is_two_to_four_sentences(scenario: Scenario):
    prompt = " ".join(scenario.sections["Prompt"].split())
    sentences = re.findall(r"[^.?!]+[.?!](?=\s|$)", prompt)
    assert 2 <= len(sentences) <= 4, sentences


def test_clarifying_questions_state_an_assumption(scenario: Scenario):
    bullets = _bullets(scenario.sections["Clarifying questions"])
    assert 6 <= len(bullets) <= 10
    for bullet in bullets:
        assert "?" in bullet, bullet
        assert re.search(r"\bassum", bullet, re.IGNORECASE), bullet


def test_scale_is_concrete_numbers(scenario: Scenario):
    bullets = _bullets(scenario.sections["Scale"])
    assert len(bullets) >= 5
    assert all(re.search(r"\d", b) for b in bullets), bullets
    text = scenario.sections["Scale"].lower()
    assert re.search(r"qps|requests? per second|/s\b|per second", text)
    assert "peak" in text
    assert re.search(r"\bp\d{2}|latency", text)


def test_constraints_are_listed(scenario: Scenario):
    assert len(_bullets(scenario.sections["Constraints"])) >= 3


def test_l6_vs_l7_has_two_sub_lists(scenario: Scenario):
    text = scenario.sections["L6 vs L7"]
    parts = re.split(r"^\*\*(L6|L7)\*\*\s*$", text, flags=re.MULTILINE)
    labels = parts[1::2]
    assert labels == ["L6", "L7"], labels
    for label, chunk in zip(labels, parts[2::2], strict=True):
        count = len(_bullets(chunk))
        assert 4 <= count <= 6, f"{scenario.path.stem}: {label} has {count} bullets"


def test_pillar_points_cite_the_interview_lens(scenario: Scenario, lens_questions):
    order, pillars = _sections(scenario.sections["Pillar points"], 3)
    assert order == PILLAR_HEADINGS
    for heading in PILLAR_HEADINGS:
        own_ids = lens_questions[heading.lower()]
        bullets = _bullets(pillars[heading])
        assert 3 <= len(bullets) <= 6, f"{scenario.path.stem}/{heading}: {len(bullets)} bullets"
        cited: set[str] = set()
        for bullet in bullets:
            match = re.match(r"`(int_[a-z0-9_]+)` +\S", bullet)
            assert match, f"{scenario.path.stem}/{heading}: no leading question id: {bullet}"
            assert match.group(1) in own_ids, f"{heading}: {match.group(1)} is another pillar's"
            cited.add(match.group(1))
            # A point names a mechanism, so it is more than a slogan.
            assert len(bullet) >= 80, bullet
        assert len(cited) >= 3, f"{scenario.path.stem}/{heading} cites only {sorted(cited)}"


def test_pillar_points_address_every_key_question(scenario: Scenario, lens_questions):
    # The points are the reference that feedback compares an answer with, so a question
    # the reference never addresses could never be reported as missed for this design.
    cited = set(re.findall(r"`(int_[a-z0-9_]+)`", scenario.sections["Pillar points"]))
    missing = set().union(*lens_questions.values()) - cited
    assert not missing, f"{scenario.path.stem}: no point for {sorted(missing)}"


def test_every_backticked_question_id_exists(scenario: Scenario, lens_questions):
    known = set().union(*lens_questions.values())
    for token in CODE_SPAN.findall(scenario.body):
        if QUESTION_ID_LIKE.match(token):
            assert token in known, f"{scenario.path.stem}: unknown question id {token}"


def test_follow_ups_have_strong_answers(scenario: Scenario):
    text = scenario.sections["Follow-up questions"]
    questions = re.findall(r"\*\*Q:\*\*\s*(.+)", text)
    answers = re.findall(r"\*\*Strong answer:\*\*\s*(.+)", text)
    assert 5 <= len(questions) <= 8
    assert len(answers) == len(questions)
    # Each question is followed by its own answer before the next question starts.
    labels = re.findall(r"\*\*(Q:|Strong answer:)\*\*", text)
    assert labels == ["Q:", "Strong answer:"] * len(questions)
    assert all("?" in q for q in questions), questions
    assert all(len(a.strip()) >= 80 for a in answers)


def test_reference_design_is_an_outline(scenario: Scenario):
    text = scenario.sections["Reference design"]
    steps = re.findall(r"^\d+\. +\S", text, flags=re.MULTILINE)
    assert len(steps) >= 5
    assert re.search(r"trade-off", text, re.IGNORECASE)


def test_common_pitfalls(scenario: Scenario):
    assert 5 <= len(_bullets(scenario.sections["Common pitfalls"])) <= 8


def test_no_placeholders_links_or_empty_table_cells(scenario: Scenario):
    prose = CODE_SPAN.sub("", _strip_fences(scenario.body))
    assert not BRACKETED.search(prose), BRACKETED.search(prose)
    assert not re.search(r"https?://|\]\(", prose)
    for line in prose.splitlines():
        if line.lstrip().startswith("|"):
            cells = line.strip().strip("|").split("|")
            assert all(cell.strip() for cell in cells), line
    assert "TODO" not in scenario.body and "TBD" not in scenario.body


def test_scenarios_pass_the_content_linter():
    from click.testing import CliRunner

    from wellarch.cli import cli

    folder = Path(__file__).resolve().parents[2] / "src" / "wellarch" / "practice" / "scenarios"
    result = CliRunner().invoke(cli, ["content", "lint", str(folder)])
    assert result.exit_code == 0, result.output
