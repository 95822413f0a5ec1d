"""Text PostgreSQL cannot store (the NUL character) is refused alike on every back end, and
looking something up by such text finds nothing instead of failing (wellarch.storable)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wellarch.errors import InputError, NotFound
from wellarch.lens import parse_lens_bytes
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.practice.progress import NOTE_MAX, Activity, ActivityKind
from wellarch.review import AnswerUpdate, NotApplicable, Reason, Reviews
from wellarch.store import SqlRepository
from wellarch.store.cards import SqlCardProgress
from wellarch.store.practice import SqlProgress

NUL = "\x00"


@pytest.fixture
def reviews(database):
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    reviews.create_workload("shop")
    return reviews


@pytest.mark.parametrize(
    "fields",
    [
        {"description": f"a{NUL}b"},
        {"owner": f"team{NUL}"},
        {"industry": NUL},
        {"notes": f"{NUL}notes"},
        {"architectural_design": f"https://example.com/{NUL}"},
    ],
)
def test_workload_text_with_nul_is_refused(reviews, fields):
    with pytest.raises(InputError, match=r"NUL character \(\\x00\) cannot be stored"):
        reviews.create_workload("other", **fields)
    with pytest.raises(InputError, match=r"NUL character \(\\x00\) cannot be stored"):
        reviews.update_workload("shop", **fields)
    assert [s.name for s in reviews.workload_page().summaries] == ["shop"]


def test_names_notes_and_details_with_nul_are_refused(reviews, lens_file):
    with pytest.raises(InputError, match=r"^workload name: the NUL character"):
        reviews.create_workload(f"new{NUL}one")
    with pytest.raises(InputError, match=r"^notes: the NUL character"):
        reviews.answer("shop", "REL09", AnswerUpdate(notes=f"x{NUL}"))
    na = NotApplicable(Reason.OUT_OF_SCOPE, f"elsewhere{NUL}")
    with pytest.raises(InputError, match=r"^not-applicable details: the NUL character"):
        reviews.answer("shop", "REL09", AnswerUpdate(not_applicable=na))
    with pytest.raises(InputError, match=r"^milestone name: the NUL character"):
        reviews.create_milestone("shop", f"m{NUL}")
    document = lens_file.read_text().replace('"Minimal team lens"', '"Team\\u0000lens"')
    lens = parse_lens_bytes(document.encode(), source="team").lens
    with pytest.raises(InputError, match=r"^lens name: the NUL character"):
        reviews.import_lens(lens, "team")
    assert reviews.repository.answers(reviews.workload("shop"), "wellarchitected") == {}
    assert reviews.milestones("shop") == []


def test_activity_notes_are_checked_before_the_store(database):
    progress = SqlProgress(database)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(InputError, match="NUL"):
        progress.add_activity(Activity(ActivityKind.CODING, now, f"LRU{NUL}"))
    with pytest.raises(InputError, match=f"the limit is {NOTE_MAX}"):
        progress.add_activity(Activity(ActivityKind.CODING, now, "x" * (NOTE_MAX + 1)))
    progress.add_activity(Activity(ActivityKind.CODING, now, "x" * NOTE_MAX))
    assert [a.note for a in progress.activities()] == ["x" * NOTE_MAX]


def test_looking_up_by_text_with_nul_finds_nothing(reviews, database):
    with pytest.raises(NotFound, match="unknown workload"):
        reviews.workload(f"shop{NUL}")
    assert reviews.workload_page(f"sh{NUL}op").summaries == []
    assert reviews.workload_page(f"shop {NUL}").matched == 0
    assert SqlCardProgress(database).get(f"card{NUL}") is None


def test_nul_inside_json_columns_is_kept(reviews):
    """Regions and tags are JSON, which writes NUL as an escape: kept on every back end."""
    made = reviews.create_workload("tagged", regions=[f"eu{NUL}"], tags={f"k{NUL}": f"v{NUL}"})
    again = reviews.workload("tagged")
    assert again.regions == made.regions == (f"eu{NUL}",)
    assert dict(again.tags) == {f"k{NUL}": f"v{NUL}"}
