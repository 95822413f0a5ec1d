from __future__ import annotations

import pytest

from tests.conftest import BACKENDS, Databases
from wellarch.errors import Conflict, InputError, NotFound
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import (
    AnswerUpdate,
    InMemoryRepository,
    NotApplicable,
    Reason,
    Reviews,
    Risk,
    toggle,
)
from wellarch.store import SqlRepository

REL09 = [
    "rel_backing_up_data_identified_backups_data",
    "rel_backing_up_data_secured_backups_data",
    "rel_backing_up_data_automated_backups_data",
    "rel_backing_up_data_periodic_recovery_testing_data",
]


@pytest.fixture(params=["memory", *BACKENDS])
def repository(request, tmp_path):
    if request.param == "memory":
        yield InMemoryRepository()
        return
    databases = Databases(request.param, tmp_path)
    yield SqlRepository(databases.open())
    databases.close()


@pytest.fixture
def reviews(repository):
    service = Reviews(repository, [BuiltinLensSource()])
    service.create_workload(
        "web-shop", environment="production", pillar_priorities=["security", "reliability"]
    )
    return service


def test_risk_follows_the_lens_rules(reviews):
    _, risk = reviews.answer("web-shop", "REL09", AnswerUpdate(selected=(REL09[0],)))
    assert risk is Risk.HIGH
    _, risk = reviews.answer("web-shop", "REL09", AnswerUpdate(selected=tuple(REL09[:2])))
    assert risk is Risk.MEDIUM
    answer, risk = reviews.answer("web-shop", "REL09", AnswerUpdate(selected=tuple(REL09)))
    assert risk is Risk.NONE and answer.version == 3


def test_none_of_these_is_exclusive(reviews):
    answer, risk = reviews.answer("web-shop", "REL09", AnswerUpdate(none_of_these=True))
    assert answer.selected == ("rel09_no",) and risk is Risk.HIGH
    with pytest.raises(InputError, match="cannot be combined"):
        reviews.answer("web-shop", "REL09", AnswerUpdate(selected=("rel09_no", REL09[0])))
    question = reviews.catalog.get("wellarchitected").lens.question("REL09")
    assert toggle(question, [REL09[0]], "rel09_no") == ("rel09_no",)
    assert toggle(question, ["rel09_no"], REL09[1]) == (REL09[1],)


def test_stale_version_is_refused_and_changes_nothing(reviews):
    reviews.answer("web-shop", "REL09", AnswerUpdate(selected=(REL09[0],), expected_version=0))
    with pytest.raises(Conflict, match="you have version 0, the saved one is version 1"):
        reviews.answer("web-shop", "REL09", AnswerUpdate(selected=tuple(REL09), expected_version=0))
    workload = reviews.workload("web-shop")
    saved = reviews.repository.answers(workload, "wellarchitected")["REL09"]
    assert saved.selected == (REL09[0],) and saved.version == 1


def test_bad_answers(reviews):
    with pytest.raises(NotFound, match="unknown workload 'nope'"):
        reviews.answer("nope", "REL09", AnswerUpdate(none_of_these=True))
    with pytest.raises(NotFound, match="unknown question 'REL99'"):
        reviews.answer("web-shop", "REL99", AnswerUpdate(none_of_these=True))
    with pytest.raises(NotFound, match="has no choice 'sec_x'"):
        reviews.answer("web-shop", "REL09", AnswerUpdate(selected=("sec_x",)))
    # a choice of another question
    with pytest.raises(NotFound, match="question REL09 of lens 'wellarchitected' has no choice"):
        reviews.answer("web-shop", "REL09", AnswerUpdate(selected=("rel10_no",)))
    with pytest.raises(InputError, match="notes are 2085 characters; the limit is 2084"):
        reviews.answer("web-shop", "REL09", AnswerUpdate(none_of_these=True, notes="x" * 2085))
    with pytest.raises(InputError, match="does not use lens 'interview'"):
        reviews.answer("web-shop", "REL09", AnswerUpdate(none_of_these=True), lens="interview")


def test_not_applicable_question_and_choice(reviews):
    _, risk = reviews.answer(
        "web-shop", "SUS01", AnswerUpdate(not_applicable=NotApplicable(Reason.OUT_OF_SCOPE, "x"))
    )
    assert risk is Risk.NOT_APPLICABLE
    _, risk = reviews.answer(
        "web-shop",
        "REL09",
        AnswerUpdate(
            selected=tuple(REL09[:3]),
            choice_not_applicable={REL09[3]: NotApplicable(Reason.BUSINESS_PRIORITIES)},
        ),
    )
    assert risk is Risk.NONE


def test_improvement_plan_order_and_missing_practices(reviews):
    reviews.answer("web-shop", "REL09", AnswerUpdate(selected=tuple(REL09[:2])))  # MEDIUM
    reviews.answer("web-shop", "COST01", AnswerUpdate(none_of_these=True))  # HIGH
    reviews.answer("web-shop", "SEC01", AnswerUpdate(none_of_these=True))  # HIGH
    reviews.answer("web-shop", "OPS09", AnswerUpdate(none_of_these=True))  # MEDIUM (worst)
    plan = reviews.plan(reviews.workload("web-shop"))
    assert [(p.question_id, p.risk.value) for p in plan] == [
        ("SEC01", "HIGH"),  # security is the first priority
        ("COST01", "HIGH"),
        ("REL09", "MEDIUM"),  # reliability second
        ("OPS09", "MEDIUM"),
    ]
    assert [c.id for c in plan[2].missing] == REL09[2:]
    levels = plan[1].levels
    assert list(levels) == sorted(levels, key=["HIGH", "MEDIUM", "LOW"].index)


def test_report_shape(reviews):
    reviews.answer("web-shop", "REL09", AnswerUpdate(selected=tuple(REL09[:2]), notes="nightly"))
    report = reviews.report("web-shop")
    assert set(report) == {"workload", "generated_at", "lenses", "improvement_plan"}
    lens = report["lenses"][0]
    assert lens["alias"] == "wellarchitected"
    assert lens["risk_counts"] == {
        "HIGH": 0,
        "MEDIUM": 1,
        "NONE": 0,
        "NOT_APPLICABLE": 0,
        "UNANSWERED": 56,
    }
    rel = next(p for p in lens["pillars"] if p["id"] == "reliability")
    q = next(q for q in rel["questions"] if q["id"] == "REL09")
    assert q["risk"] == "MEDIUM" and q["notes"] == "nightly"
    assert [s["id"] for s in q["selected"]] == REL09[:2]
    item = report["improvement_plan"][0]
    assert set(item) >= {"lens", "pillar", "question_id", "risk", "missing"}
    assert set(item["missing"][0]) >= {"choice_id", "title", "improvement_plan", "url"}


def test_milestones_and_diff(reviews):
    reviews.answer("web-shop", "REL09", AnswerUpdate(none_of_these=True))
    reviews.answer("web-shop", "SEC01", AnswerUpdate(none_of_these=True))
    first = reviews.create_milestone("web-shop", "baseline")
    assert first.number == 1 and first.risk_counts()["HIGH"] == 2
    reviews.answer("web-shop", "REL09", AnswerUpdate(selected=tuple(REL09)))
    reviews.answer("web-shop", "COST01", AnswerUpdate(none_of_these=True))
    diff = reviews.diff("web-shop", 1)
    assert diff.totals() == {
        "questions_changed": 2,
        "hris_fixed": 1,
        "hris_new": 1,
        "mris_fixed": 0,
        "mris_new": 0,
    }
    rel = next(c for c in diff.changes if c.question_id == "REL09")
    assert (rel.risk_before, rel.risk_after) == ("HIGH", "NONE")
    assert rel.added == tuple(REL09) and rel.removed == ("rel09_no",)
    second = reviews.create_milestone("web-shop", "after backups")
    assert reviews.diff("web-shop", 1, 2).totals() == diff.totals()
    assert second.number == 2
    with pytest.raises(InputError, match="out of range 1–100"):
        reviews.diff("web-shop", 0)
    with pytest.raises(NotFound, match="has no milestone 7"):
        reviews.diff("web-shop", 7)
    with pytest.raises(Conflict):
        reviews.create_milestone("web-shop", "baseline")


def test_workload_validation(reviews):
    with pytest.raises(Conflict):
        reviews.create_workload("web-shop")
    with pytest.raises(InputError, match="names are 3–100 characters"):
        reviews.create_workload("ab")
    with pytest.raises(InputError, match="production or pre-production"):
        reviews.create_workload("abc", environment="staging")
    with pytest.raises(NotFound, match="unknown lens 'nope'"):
        reviews.create_workload("abc", lenses=["nope"])
    with pytest.raises(InputError, match="unknown pillar 'speed'"):
        reviews.create_workload("abc", pillar_priorities=["speed"])


def test_rename_keeps_answers_and_milestones(reviews):
    reviews.answer("web-shop", "REL09", AnswerUpdate(selected=(REL09[0],)))
    reviews.create_milestone("web-shop", "first")
    renamed = reviews.update_workload("web-shop", name="web-shop-eu", owner="EU team")
    assert (renamed.name, renamed.owner) == ("web-shop-eu", "EU team")
    assert renamed.pillar_priorities == ("security", "reliability")  # untouched fields kept
    assert reviews.report("web-shop-eu")["lenses"][0]["risk_counts"]["HIGH"] == 1
    assert [m.name for m in reviews.milestones("web-shop-eu")] == ["first"]
    with pytest.raises(NotFound):
        reviews.workload("web-shop")
    reviews.create_workload("other")
    with pytest.raises(Conflict, match="already exists"):
        reviews.update_workload("other", name="web-shop-eu")
    assert reviews.workload("other").name == "other"


def test_reimporting_a_lens_replaces_the_parsed_copy(reviews, lens_file):
    from dataclasses import replace

    from wellarch.lens import read_lens_file

    lens = read_lens_file(lens_file).lens
    reviews.import_lens(lens, "team-lens")
    assert reviews.catalog.get("team-lens").lens.name == "Minimal team lens"
    reviews.import_lens(replace(lens, name="Team lens v2"), "team-lens")
    assert reviews.catalog.get("team-lens").lens.name == "Team lens v2"


def test_custom_lens_versions_change_on_every_save(repository, lens_file):
    document = lens_file.read_text()
    assert repository.custom_lens_versions() == {}
    seen = []
    for _ in range(3):
        repository.save_custom_lens("team-lens", document)
        seen.append(repository.custom_lens_versions()["team-lens"])
    assert len(set(seen)) == 3
    repository.save_custom_lens("other", document)
    versions = repository.custom_lens_versions()
    assert set(versions) == {"team-lens", "other"} and versions["team-lens"] == seen[-1]


def test_custom_lens_aliases_read_no_documents(repository, lens_file, monkeypatch):
    from wellarch.lens import read_lens_file
    from wellarch.review.service import RepositoryLensSource

    reviews = Reviews(repository, [BuiltinLensSource()])
    lens = read_lens_file(lens_file).lens
    reviews.import_lens(lens, "zeta")
    reviews.import_lens(lens, "alpha")

    def no_documents():
        raise AssertionError("aliases() read the lens documents")

    monkeypatch.setattr(repository, "custom_lenses", no_documents)
    assert RepositoryLensSource(repository).aliases() == ["alpha", "zeta"]
    assert reviews.catalog.aliases()[-2:] == ["alpha", "zeta"]


def test_an_unchanged_custom_lens_is_parsed_once(repository, lens_file, monkeypatch):
    from dataclasses import replace

    from wellarch.lens import read_lens_file
    from wellarch.lens.export import dump_lens
    from wellarch.review import service

    reviews = Reviews(repository, [BuiltinLensSource()])
    lens = read_lens_file(lens_file).lens
    reviews.import_lens(lens, "team-lens")
    parsed = []
    real = service.parse_lens_bytes

    def counting(*args, **kwargs):
        parsed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "parse_lens_bytes", counting)
    first = reviews.catalog.get("team-lens")
    assert reviews.catalog.get("team-lens") is first and len(parsed) == 1
    # saved behind this Reviews' back (as another process would): parsed again
    repository.save_custom_lens("team-lens", dump_lens(replace(lens, name="v2")))
    assert reviews.catalog.get("team-lens").lens.name == "v2" and len(parsed) == 2
