"""The readiness questionnaire (a valid custom lens), its scoring, and the study plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from wellarch.cli import cli
from wellarch.content.readiness import (
    assess,
    core_choices,
    parse_answers,
    read_answers,
    readiness_lens,
    readiness_lens_file,
)
from wellarch.content.studyplan import AREAS, BASE_HOURS, PHASES, build_plan
from wellarch.errors import InputError
from wellarch.lens import RuleRisk, check_lens

START = date(2026, 1, 5)


@pytest.fixture(scope="module")
def lens():
    return readiness_lens()


def everything(lens, *, l7: bool):
    answers = {}
    for _, question in lens.questions():
        core = core_choices(question)
        answers[question.id] = [c.id for c in question.practices if l7 or c.id in core]
    return answers


def test_the_questionnaire_is_a_valid_lens_that_passes_the_risk_rule_checks(lens):
    assert [p.id for p in lens.pillars] == [
        "scope",
        "scale",
        "depth",
        "leadership",
        "coding",
        "behavioral",
    ]
    assert lens.question_count == 12
    assert check_lens(lens) == []


def test_lens_validate_and_lens_check_accept_the_exported_file(tmp_path):
    runner = CliRunner()
    exported = tmp_path / "readiness.json"
    result = runner.invoke(cli, ["study", "lens", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert exported.read_bytes() == readiness_lens_file().read_bytes()
    result = runner.invoke(cli, ["lens", "validate", str(exported)])
    assert result.exit_code == 0, result.output
    assert "valid (6 pillars, 12 questions" in result.output
    result = runner.invoke(cli, ["lens", "check", str(exported)])
    assert result.exit_code == 0, result.output
    assert "all 12 questions pass" in result.output


def test_core_choices_are_those_of_the_medium_rule(lens):
    question = lens.question("rd_scope_ownership")
    assert core_choices(question) == {"rd_scope_service", "rd_scope_multiteam"}
    no_l7 = lens.question("rd_code_practice")
    assert core_choices(no_l7) == {"rd_practice_weekly", "rd_practice_timed"}


def test_nothing_selected_is_high_risk_everywhere(lens):
    result = assess(lens, {}, level="L6")
    assert (result.met, result.total, result.score, result.verdict) == (0, 12, 0, "not yet")
    assert all(p.count(RuleRisk.HIGH_RISK) == p.total for p in result.pillars)
    assert all(gap.core for gap in result.gaps)


def test_core_practices_meet_l6_but_not_l7(lens):
    answers = everything(lens, l7=False)
    l6 = assess(lens, answers, level="L6")
    assert (l6.score, l6.verdict, l6.gaps) == (100, "ready", ())
    l7 = assess(lens, answers, level="L7")
    assert l7.met == 1  # only the question without an L7 practice
    assert l7.gaps and not any(gap.core for gap in l7.gaps)
    assert all(gap.plan for gap in l7.gaps)


def test_all_practices_meet_l7(lens):
    result = assess(lens, everything(lens, l7=True), level="L7")
    assert (result.score, result.verdict) == (100, "ready")
    assert all(p.count(RuleRisk.NO_RISK) == p.total for p in result.pillars)


def test_nearly_ready(lens):
    answers = everything(lens, l7=False)
    for question_id in ("rd_code_fluency", "rd_code_practice", "rd_story_bank"):
        answers[question_id] = []
    result = assess(lens, answers, level="L6")
    assert (result.met, result.verdict) == (9, "nearly ready")
    assert result.gap_share("coding") == 1.0 and result.gap_share("system_design") == 0.0


@pytest.mark.parametrize(
    ("data", "message", "path"),
    [
        ([], "expected a mapping", None),
        ({"rd_nope": []}, "unknown question", "$.rd_nope"),
        ({"rd_scale_growth": "x"}, "expected a list of choice ids", "$.rd_scale_growth"),
        ({"rd_scale_growth": ["bogus"]}, "unknown choice 'bogus'", "$.rd_scale_growth[0]"),
        (
            {"rd_scale_growth": ["rd_scale_growth_no", "rd_growth_tests"]},
            "cannot be combined",
            "$.rd_scale_growth",
        ),
    ],
)
def test_bad_answers_are_refused_with_their_path(lens, data, message, path):
    with pytest.raises(InputError, match=message) as raised:
        parse_answers(data, lens, file="a.yaml")
    assert raised.value.path == path and raised.value.file == "a.yaml"


def test_read_answers_from_yaml_and_bad_files(lens, tmp_path):
    good = tmp_path / "a.yaml"
    good.write_text("rd_scale_growth: [rd_growth_tests]\n")
    assert read_answers(good, lens) == {"rd_scale_growth": ("rd_growth_tests",)}
    bad = tmp_path / "b.yaml"
    bad.write_text("{unclosed")
    with pytest.raises(InputError, match="not valid JSON or YAML"):
        read_answers(bad, lens)


def test_a_six_month_plan_follows_the_phases_and_the_typical_hours():
    plan = build_plan("L6", START, START + timedelta(weeks=26))
    assert len(plan.weeks) == 26
    assert list(plan.phase_weeks()) == [
        ("fundamentals", 9),
        ("deep dives", 9),
        ("practice", 4),
        ("mocks", 4),
    ]
    assert plan.totals == pytest.approx(BASE_HOURS["L6"], abs=0.5)
    assert plan.total_hours == pytest.approx(280)
    assert {round(week.total, 6) for week in plan.weeks} == {round(280 / 26, 6)}
    assert plan.weeks[0].hours["mock_interviews"] == 0  # no mocks while learning basics
    last = plan.weeks[-1]
    assert last.phase == "mocks" and last.hours["mock_interviews"] > last.total / 2
    assert plan.weeks[1].start == START + timedelta(weeks=1)
    assert plan.notes == ()


def test_a_short_runway_is_compressed_and_says_so():
    plan = build_plan("L7", START, START + timedelta(weeks=3), max_hours_per_week=10)
    assert [week.phase for week in plan.weeks] == ["deep dives", "practice", "mocks"]
    assert plan.total_hours == pytest.approx(30)
    assert all(week.total == pytest.approx(10) for week in plan.weeks)
    assert any("scaled to" in note for note in plan.notes)
    assert any("no time for fundamentals" in note for note in plan.notes)
    one = build_plan("L6", START, START + timedelta(days=7))
    assert [week.phase for week in one.weeks] == ["mocks"]
    assert set(one.weeks[0].hours) == set(AREAS)


def test_readiness_gaps_shift_hours_between_areas(lens):
    answers = everything(lens, l7=False)
    answers["rd_code_fluency"] = []
    answers["rd_code_practice"] = []
    readiness = assess(lens, answers, level="L6")
    plan = build_plan("L6", START, START + timedelta(weeks=40), readiness=readiness)
    assert plan.totals["coding"] == pytest.approx(80 * 1.5, abs=0.5)
    assert plan.totals["system_design"] == pytest.approx(100 * 0.5, abs=0.5)


def test_an_interview_less_than_a_week_away_is_refused():
    with pytest.raises(InputError, match="at least a week after"):
        build_plan("L6", START, START + timedelta(days=6))


def test_plan_as_dict():
    data = build_plan("L6", START, START + timedelta(weeks=4)).to_dict()
    assert data["level"] == "L6" and data["interview"] == "2026-02-02"
    assert [week["phase"] for week in data["weeks"]] == list(PHASES)
