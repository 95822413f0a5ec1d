"""The built-in lenses: complete, strictly valid, sound, and faithful to the framework index."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from tests.conftest import SHARED
from wellarch.lens import check_lens
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.lens.model import RuleRisk

INDEX = SHARED / "data" / "wa-framework-index.json"
PILLARS = [
    "operationalExcellence",
    "security",
    "reliability",
    "performance",
    "costOptimization",
    "sustainability",
]


@pytest.fixture(scope="module")
def source():
    return BuiltinLensSource()


@pytest.mark.parametrize("alias", ["wellarchitected", "interview"])
def test_builtin_lens_is_strictly_valid_and_sound(source, alias):
    entry = source.get(alias)
    assert [p.id for p in entry.lens.pillars] == PILLARS
    assert check_lens(entry.lens) == []
    for _, question in entry.lens.questions():
        assert question.none_choice is not None, question.id


def test_wellarchitected_has_57_questions_and_306_practices(source):
    lens = source.get("wellarchitected").lens
    assert lens.question_count == 57
    assert sum(len(q.practices) for _, q in lens.questions()) == 306


@pytest.mark.skipif(not INDEX.exists(), reason="shared/data is not beside the project")
def test_wellarchitected_matches_the_framework_index(source):
    entry = source.get("wellarchitected")
    lens = entry.lens
    index = json.loads(INDEX.read_text())
    by_question = defaultdict(list)
    for bp in index["best_practices"]:
        by_question[bp["question"]].append(bp)
    assert {q.id for _, q in lens.questions()} == set(by_question)
    for pillar, question in lens.questions():
        bps = by_question[question.id]
        assert pillar.id == bps[0]["pillar_id"]
        assert [c.id for c in question.practices] == [bp["choice_id"] for bp in bps]
        for choice, bp in zip(question.practices, bps, strict=True):
            assert choice.helpful_resource.url == bp["doc_url"]
            assert choice.improvement_plan and choice.improvement_plan.display_text
            assert entry.choice_notes(choice.id)["risk_level"] == bp["risk_level"]
        _assert_rules_follow_levels(question, {bp["choice_id"]: bp["risk_level"] for bp in bps})


def _assert_rules_follow_levels(question, levels):
    high = {c for c, lvl in levels.items() if lvl == "HIGH"}
    medium = {c for c, lvl in levels.items() if lvl == "MEDIUM"}
    low = {c for c, lvl in levels.items() if lvl == "LOW"}
    needed_for_none = (high | medium) or low
    worst = RuleRisk.HIGH_RISK if high else RuleRisk.MEDIUM_RISK
    assert question.worst_risk is worst
    everything = set(levels)
    # Leaving out any one practice gives exactly the risk its level implies.
    for choice in everything:
        answer = everything - {choice}
        risk = question.risk_for(answer)
        if choice in high:
            assert risk is RuleRisk.HIGH_RISK, (question.id, choice)
        elif choice in needed_for_none:
            assert risk is (RuleRisk.MEDIUM_RISK if high else worst), (question.id, choice)
        else:
            assert risk is RuleRisk.NO_RISK, (question.id, choice)
    if high:
        expected = RuleRisk.MEDIUM_RISK if medium else RuleRisk.NO_RISK
        assert question.risk_for(high) is expected, question.id


def test_questions_without_high_practices_have_medium_as_worst_risk(source):
    # DESIGN.md says "seven" but lists eight: OPS09, SUS01-SUS06 and COST11.
    lens = source.get("wellarchitected").lens
    medium = sorted(q.id for _, q in lens.questions() if q.worst_risk is RuleRisk.MEDIUM_RISK)
    assert medium == ["COST11", "OPS09", "SUS01", "SUS02", "SUS03", "SUS04", "SUS05", "SUS06"]


def test_pillar_notes_carry_design_principles(source):
    entry = source.get("wellarchitected")
    for pillar in entry.lens.pillars:
        notes = entry.pillar_notes(pillar.id)
        assert len(notes["description"]) > 200
        assert len(notes["design_principles"]) >= 5
