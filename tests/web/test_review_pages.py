"""The review page: navigation with risk badges, saving answers, and stale-version conflicts."""

from __future__ import annotations

import re

import pytest

from wellarch.errors import NotFound
from wellarch.review.answer import AnswerUpdate
from wellarch.web.review import question_view, save_point

#: Every test here reads or writes the store: each runs on every back end.
pytestmark = pytest.mark.usefixtures("backend")

REL09 = [
    "rel_backing_up_data_identified_backups_data",
    "rel_backing_up_data_secured_backups_data",
    "rel_backing_up_data_automated_backups_data",
    "rel_backing_up_data_periodic_recovery_testing_data",
]
URL = "/workloads/shop/review/wellarchitected"


@pytest.fixture
def shop(reviews):
    reviews.create_workload("shop")
    return reviews


def answer(reviews, qid):
    workload = reviews.workload("shop")
    return reviews.repository.answers(workload, "wellarchitected").get(qid)


def save(client, qid, fields, version=0, action="save"):
    data = {"version": str(version), "action": action, **fields}
    return client.submit(f"{URL}/{qid}", data, page=f"{URL}/{qid}")


def test_review_starts_at_the_first_unanswered_question(shop, client):
    response = client.get("/workloads/shop/review", follow_redirects=False)
    assert response.headers["location"] == URL
    response = client.get(URL, follow_redirects=False)
    assert response.headers["location"] == f"{URL}/OPS01"
    shop.answer("shop", "OPS01", AnswerUpdate(none_of_these=True))
    assert client.get(URL, follow_redirects=False).headers["location"] == f"{URL}/OPS02"


def test_question_page_shows_navigation_description_and_choices(shop, client):
    page = client.get(f"{URL}/REL09").text
    assert "Reliability · Question 31 of 57" in page
    assert page.count('class="qnav-pillar"') == 6
    assert page.count('class="qnav-link"') == 57
    assert 'aria-current="page" data-risk="UNANSWERED"' in page
    for choice in REL09:
        assert f'name="choice" value="{choice}"' in page
        assert f'name="choice_na" value="{choice}"' in page
    assert 'value="rel09_no" data-none' in page
    assert "This question does not apply" in page
    assert 'name="version" value="0"' in page
    assert "high-risk practice" in page  # practice levels from the built-in lens notes
    assert 'rel="noopener noreferrer"' in page  # helpful resources open in a new tab


def test_save_and_next_saves_and_moves_on(shop, client):
    response = save(client, "REL09", {"choice": REL09[:2], "notes": "half done"}, action="next")
    assert response.status_code == 303
    assert response.headers["location"] == f"{URL}/REL10"
    saved = answer(shop, "REL09")
    assert saved.selected == tuple(REL09[:2]) and saved.notes == "half done"
    assert saved.version == 1
    page = client.get(f"{URL}/REL10").text
    assert "Saved REL09: medium risk." in page
    assert re.search(r"REL09</span>.*?pill-medium", page, re.S)


def test_previous_and_last_question(shop, client):
    response = save(client, "REL09", {"choice": REL09}, action="previous")
    assert response.headers["location"] == f"{URL}/REL08"
    lens = shop.catalog.get("wellarchitected").lens
    _, last = list(lens.questions())[-1]
    response = save(client, last.id, {"choice": [last.practices[0].id]}, action="next")
    assert response.headers["location"] == "/workloads/shop"
    assert "last question" in client.get("/workloads/shop").text


def test_unchanged_answer_is_not_saved_when_moving_on(shop, client):
    response = save(client, "OPS01", {}, action="next")
    assert response.headers["location"] == f"{URL}/OPS02"
    assert answer(shop, "OPS01") is None  # navigating does not create empty answers


def test_none_of_these_is_exclusive(shop, client):
    response = save(client, "REL09", {"choice": [REL09[0], "rel09_no"], "notes": "kept"})
    assert response.status_code == 422
    assert "cannot be combined with other choices" in response.text
    assert "kept</textarea>" in response.text  # the form comes back as sent
    assert answer(shop, "REL09") is None
    assert save(client, "REL09", {"choice": ["rel09_no"]}).status_code == 303
    assert answer(shop, "REL09").selected == ("rel09_no",)


def test_question_not_applicable_with_reason(shop, client):
    fields = {"na": "on", "na_reason": "BUSINESS_PRIORITIES", "na_details": "no data kept"}
    assert save(client, "REL09", fields).status_code == 303
    saved = answer(shop, "REL09")
    assert saved.not_applicable.reason.value == "BUSINESS_PRIORITIES"
    assert saved.not_applicable.details == "no data kept"
    page = client.get(f"{URL}/REL09").text
    assert 'name="na" value="on" data-na-toggle' in page and "checked" in page
    assert 'value="no data kept"' in page
    # unticking makes the question applicable again
    assert save(client, "REL09", {"choice": REL09[:1]}, version=1).status_code == 303
    assert answer(shop, "REL09").not_applicable is None


def test_choice_not_applicable_counts_as_met(shop, client):
    fields = {
        "choice": REL09[:3],
        "choice_na": [REL09[3]],
        f"na_reason:{REL09[3]}": "ARCHITECTURE_CONSTRAINTS",
        f"na_details:{REL09[3]}": "stateless",
    }
    assert save(client, "REL09", fields).status_code == 303
    saved = answer(shop, "REL09")
    assert saved.choice_not_applicable[REL09[3]].details == "stateless"
    assert 'data-risk="NONE"' in client.get(f"{URL}/REL09").text


def test_bad_reason_and_bad_version_are_refused(shop, client):
    assert save(client, "REL09", {"na": "on", "na_reason": "BOGUS"}).status_code == 422
    assert save(client, "REL09", {"choice": REL09}, version="x").status_code == 422
    assert answer(shop, "REL09") is None


def test_unknown_question_and_lens_are_404(shop, client):
    assert client.get(f"{URL}/NOPE01").status_code == 404
    assert client.get("/workloads/shop/review/interview/OPS01").status_code == 404
    assert client.get("/workloads/shop/review/nolens").status_code == 404


def test_stale_version_shows_both_versions_and_overwrites_nothing(shop, client):
    page = f"{URL}/REL09"
    token = client.token(page)  # Bob opens the question at version 0
    shop.answer("shop", "REL09", AnswerUpdate(selected=(REL09[0],), notes="Alice's notes"))
    response = client.post(
        page,
        data={"csrf_token": token, "version": "0", "choice": REL09, "notes": "Bob's notes"},
        follow_redirects=False,
    )
    assert response.status_code == 409
    text = response.text
    assert "This answer changed while you were editing it" in text
    assert "Saved version" in text and "Your version" in text
    assert "Alice&#39;s notes" in text and "Bob&#39;s notes" in text
    assert "Version 1" in text
    saved = answer(shop, "REL09")
    assert saved.notes == "Alice's notes" and saved.version == 1  # never overwritten
    # The person may then choose to save their version over the newer one, explicitly.
    keep = re.search(r'name="version" value="(\d+)"', text.split("Your version")[1])
    assert keep.group(1) == "1"
    response = save(client, "REL09", {"choice": REL09, "notes": "Bob's notes"}, version=1)
    assert response.status_code == 303
    assert answer(shop, "REL09").notes == "Bob's notes"


def test_suggested_answers_say_so(shop, client):
    from wellarch.review.answer import Source

    shop.answer("shop", "REL09", AnswerUpdate(selected=(REL09[0],), source=Source.SUGGESTED))
    assert "Suggested from infrastructure-code evidence" in client.get(f"{URL}/REL09").text


def test_a_save_knows_the_same_neighbours_and_answer_as_the_page(shop):
    """Saving skips evaluating the lens (save_point); where "Save and next" leads must still be
    where the page's navigation says, for every question, and the saved answer the page's."""
    lens = shop.catalog.get("wellarchitected").lens
    first = lens.question("OPS02").practices[0].id
    shop.answer("shop", "OPS02", AnswerUpdate(selected=(first,)))
    for _, question in lens.questions():
        view = question_view(shop, "shop", "wellarchitected", question.id)
        point = save_point(shop, "shop", "wellarchitected", question.id)
        assert (point.previous, point.next) == (view.previous, view.next), question.id
        assert point.question is view.item.question
        assert point.answer == view.item.answer


@pytest.mark.parametrize(
    ("lens", "qid", "message"),
    [
        ("interview", "OPS01", "is not reviewed with lens 'interview'"),
        ("wellarchitected", "NOPE99", "has no question 'NOPE99'"),
    ],
)
def test_a_save_point_refuses_what_the_page_refuses(shop, lens, qid, message):
    for where in (question_view, save_point):
        with pytest.raises(NotFound, match=message):
            where(shop, "shop", lens, qid)
