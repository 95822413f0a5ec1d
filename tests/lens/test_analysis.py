from __future__ import annotations

import itertools

from wellarch.lens import check_lens, read_lens_file
from wellarch.lens.analysis import check_question


def test_sound_lens_has_no_violations(lens_file):
    assert check_lens(read_lens_file(lens_file).lens) == []


def test_unsound_rules_are_reported_with_counter_examples(fixtures):
    lens = read_lens_file(fixtures / "lenses" / "unsound-rules.json").lens
    found = [v.format() for v in check_lens(lens)]
    assert found == [
        "backups: none-gives-worst: 'None of these' gives MEDIUM_RISK, not the worst risk "
        "HIGH_RISK [answer: backups_no]",
        "backups: all-gives-none: selecting every practice gives HIGH_RISK, not NO_RISK "
        "[answer: bk_auto, bk_tested]",
        "backups: monotonic: adding 'bk_tested' raises the risk from NO_RISK to HIGH_RISK "
        "[answer: bk_auto]",
    ]


def test_monotonic_check_agrees_with_brute_force(fixtures):
    """Compare the bitset analysis with a direct enumeration on the real fixture."""
    lens = read_lens_file(fixtures / "lenses" / "unsound-rules.json").lens
    question = lens.question("backups")
    practices = [c.id for c in question.practices]
    raised = []
    for size in range(len(practices) + 1):
        for subset in itertools.combinations(practices, size):
            for extra in practices:
                if extra in subset:
                    continue
                before = question.risk_for(set(subset)).rank
                after = question.risk_for({*subset, extra}).rank
                if after > before:
                    raised.append(extra)
    reported = {
        v.message.split("'")[1] for v in check_question(question) if v.property == "monotonic"
    }
    assert reported == set(raised)


def test_worst_unreachable(fixtures):
    from wellarch.lens import validate_document

    doc = {
        "schemaVersion": "2021-11-01",
        "name": "x",
        "pillars": [
            {
                "id": "pil",
                "name": "P",
                "questions": [
                    {
                        "id": "que",
                        "title": "Q",
                        "choices": [
                            {"id": "aaa", "title": "A", "improvementPlan": {"displayText": "a"}},
                            {"id": "que_no", "title": "None of these"},
                        ],
                        "riskRules": [
                            {"condition": "aaa || !aaa", "risk": "NO_RISK"},
                            {"condition": "default", "risk": "HIGH_RISK"},
                        ],
                    }
                ],
            }
        ],
    }
    lens = validate_document(doc).lens
    props = [v.property for v in check_lens(lens)]
    assert props == ["worst-reachable", "none-gives-worst"]
