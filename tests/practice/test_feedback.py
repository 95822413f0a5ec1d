from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from wellarch.errors import InputError
from wellarch.practice import InMemoryAnalyser, parse_scenario, score_answer
from wellarch.practice.coverage import LexiconAnalyser

PRACTICE = FIXTURES / "practice"
PILLARS = [
    "operationalExcellence",
    "security",
    "reliability",
    "performance",
    "costOptimization",
    "sustainability",
]


@pytest.fixture(scope="module")
def checkout():
    path = PRACTICE / "checkout.md"
    return parse_scenario(path.read_text(), str(path))


def test_scenario_sections_points_and_follow_ups(checkout):
    assert (checkout.id, checkout.level, checkout.minutes) == ("checkout", "L6", 45)
    assert checkout.pillar_points["reliability"] == [
        ("int_rel_resilience_patterns", "Idempotency keys on payment calls.")
    ]
    assert [f.question for f in checkout.follow_ups] == [
        "What if the payment provider times out?",
        "How do you handle a region outage?",
    ]
    assert checkout.follow_ups[1].answer == "Warm standby with a tested failover."


def test_missing_section_is_named():
    text = (PRACTICE / "checkout.md").read_text().replace("## Constraints", "## Limits")
    with pytest.raises(InputError, match="missing section\\(s\\): Constraints"):
        parse_scenario(text, "broken.md")


def test_feedback_contract_and_coverage(checkout):
    feedback = score_answer(checkout, (PRACTICE / "strong-answer.md").read_text())
    assert set(feedback) == {"scenario", "level", "pillars", "rubric", "follow_ups"}
    assert list(feedback["pillars"]) == PILLARS
    for pillar in ("operationalExcellence", "security", "reliability", "performance"):
        result = feedback["pillars"][pillar]
        assert result["covered"] and 0.5 <= result["score"] <= 1, pillar
        assert result["evidence"] and all(isinstance(s, str) for s in result["evidence"])
    assert set(feedback["rubric"]) == {
        "requirements",
        "estimation",
        "architecture",
        "deep_dive_and_trade_offs",
        "scale_and_reliability",
        "operations_and_cost",
        "communication",
    }
    assert all(1 <= r["score"] <= 4 and r["why"] for r in feedback["rubric"].values())
    assert feedback["rubric"]["estimation"]["score"] >= 3


def test_generic_words_never_give_security_coverage(checkout):
    feedback = score_answer(checkout, (PRACTICE / "scaling-only-answer.md").read_text())
    security = feedback["pillars"]["security"]
    assert not security["covered"] and security["score"] == 0 and security["evidence"] == []
    assert security["missed"][0] == "int_sec_identity"  # the one this design names comes first
    assert any(f["pillar"] == "security" for f in feedback["follow_ups"])


def test_analyser_is_an_extension_point(checkout):
    fake = InMemoryAnalyser({"int_sus_region_scheduling": ["We run in a low-carbon region."]})
    feedback = score_answer(checkout, "anything", analyser=fake)
    assert feedback["pillars"]["sustainability"]["evidence"] == ["We run in a low-carbon region."]


def test_plural_and_hyphen_forms_match():
    analyser = LexiconAnalyser()
    found = analyser.analyse("We keep run-books for every alarm and practise game days.")
    assert found  # hyphens and plurals normalise to the lexicon's phrases
