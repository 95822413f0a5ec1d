"""The study pages: the hub, flashcards with spaced repetition kept in the card store, the
readiness self-assessment and the study plan; plus one end-to-end run in Chromium."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from wellarch.content.flashcards import Card
from wellarch.content.loader import load_pages
from wellarch.content.readiness import readiness_lens
from wellarch.content.repetition import CardState
from wellarch.store.cards import SqlCardProgress
from wellarch.web.learn import Knowledge

SHOTS = Path("/tmp/shots")
TODAY = date.today()
DECK = [
    Card("t:alpha", "What is alpha?", "The **first** letter.", ("greek",), "term", "p"),
    Card("t:beta", "What is beta?", "The second letter.", ("greek",), "term", "p"),
    Card("t:gamma", "What is gamma?", "The third letter.", ("greek", "late"), "term", "p"),
]
_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


@pytest.fixture
def deck(app):
    app.state.knowledge = Knowledge(load_pages(), DECK)
    return DECK


def front(html: str) -> str | None:
    match = re.search(r'<h2 class="flashcard-front" id="card-front">(.*?)</h2>', html)
    return match.group(1) if match else None


def grade_form(html: str) -> dict[str, list[str]]:
    form = html.split("data-grade-form")[1].split("</form>")[0]
    fields: dict[str, list[str]] = {}
    for name, value in _HIDDEN.findall(form):
        fields.setdefault(name, []).append(value)
    return fields


def grade(client, html: str, value: str, **changes):
    """Post the grade form of a card page the way a browser does."""
    fields: dict[str, object] = {
        k: v if k == "again" else v[0] for k, v in grade_form(html).items()
    }
    fields.update(grade=value, **changes)
    return client.post("/study/cards", data=fields, follow_redirects=False)


def follow(client, response):
    assert response.status_code == 303, response.text[:500]
    return client.get(response.headers["location"])


# --- Hub ----------------------------------------------------------------------------------


def test_the_hub_counts_the_deck_and_links_everything(client, deck, app):
    text = client.get("/study").text
    assert re.search(r"New</p><p class=\"card-value\">3<", text)
    assert 'href="/study/assess"' in text and 'href="/study/plan"' in text
    assert 'href="/study/cards?tag=greek"' in text and 'href="/study/cards?tag=late"' in text
    app.state.cards.put("t:alpha", CardState(repetitions=1, interval=1, due=TODAY))
    text = client.get("/study").text
    assert re.search(r"Due now</p><p class=\"card-value\">1<", text)
    assert "Review 1 due + 2 new" in text


# --- Flashcards ---------------------------------------------------------------------------


def test_a_card_shows_its_front_and_hides_the_answer_until_revealed(client, deck):
    response = client.get("/study/cards")
    assert response.status_code == 200
    html = response.text
    assert front(html) == "What is alpha?"
    assert '<details class="reveal" data-reveal>' in html  # works without JavaScript
    assert "<strong>first</strong>" in html  # the back, rendered from Markdown
    assert "3 left" in html.replace("<strong>", "").replace("</strong>", "")
    for value, meaning in (("5", "Perfect"), ("0", "No idea")):
        assert f'name="grade" value="{value}"' in html and meaning in html
    assert 'name="csrf_token"' in html


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_a_card_graded_below_4_comes_back_in_the_same_session(client, deck, app):
    html = client.get("/study/cards").text
    response = grade(client, html, "2")
    assert parse_qs(urlsplit(response.headers["location"]).query)["again"] == ["t:alpha"]
    first = app.state.cards.get("t:alpha")
    assert first.due == TODAY + timedelta(days=1) and first.lapses == 1
    page = follow(client, response)
    assert "comes back later in this session" in page.text
    assert front(page.text) == "What is beta?"
    page = follow(client, grade(client, page.text, "5"))
    assert front(page.text) == "What is gamma?"
    page = follow(client, grade(client, page.text, "4"))
    assert front(page.text) == "What is alpha?"
    assert "Asked again" in page.text
    page = follow(client, grade(client, page.text, "5"))
    assert app.state.cards.get("t:alpha") == first  # a repeat leaves the schedule alone
    assert "Done for today — 4 answers in this session" in page.text
    assert f"due on <strong>{TODAY + timedelta(days=1)}</strong>" in page.text


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_a_grade_of_5_is_stored_in_the_card_store_the_cli_uses(client, deck, app, reviews):
    page = follow(client, grade(client, client.get("/study/cards").text, "5"))
    assert "next review of “What is alpha?” in 1 day, on" in page.text
    stored = SqlCardProgress(reviews.repository.database).get("t:alpha")
    assert stored is not None
    assert (stored.repetitions, stored.interval, stored.due) == (1, 1, TODAY + timedelta(days=1))
    assert stored.easiness == pytest.approx(2.6)
    assert app.state.cards.get("t:alpha") == stored


def test_the_new_card_limit_and_the_tag_hold_across_answers(client, deck):
    html = client.get("/study/cards", params={"new": 1}).text
    assert front(html) == "What is alpha?"
    page = follow(client, grade(client, html, "5"))
    assert "Done for today — 1 answer in this session" in page.text
    assert 'href="/study/cards?new=1">Learn 1 more new card' in page.text
    html = client.get("/study/cards", params={"tag": "late"}).text
    assert front(html) == "What is gamma?"
    page = follow(client, grade(client, html, "3"))
    assert front(page.text) == "What is gamma?"  # asked again, still within the tag


@pytest.mark.parametrize("value", ["6", "-1", "x", ""])
def test_a_grade_out_of_range_is_refused_beside_the_card(client, deck, app, value):
    html = client.get("/study/cards").text
    response = grade(client, html, value)
    assert response.status_code == 422
    assert "Choose a grade from 0 to 5" in response.text
    assert front(response.text) == "What is alpha?"
    assert app.state.cards.get("t:alpha") is None


def test_a_grade_without_csrf_token_is_forbidden(client, deck, app):
    client.get("/study/cards")
    response = client.post(
        "/study/cards", data={"card": "t:alpha", "grade": "5"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert app.state.cards.get("t:alpha") is None


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_a_stale_form_cannot_grade_a_card_twice(client, deck, app):
    html = client.get("/study/cards").text
    follow(client, grade(client, html, "5"))
    state = app.state.cards.get("t:alpha")
    response = grade(client, html, "0")  # the same form again (back button)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "already graded" in page.text and front(page.text) == "What is beta?"
    assert app.state.cards.get("t:alpha") == state


def test_a_tampered_session_state_is_cleaned_not_an_error(client, deck):
    params = {"again": ["nope", "t:beta"], "seen": "2", "answered": "3"}
    response = client.get("/study/cards", params=params)
    assert response.status_code == 200
    assert front(response.text) == "What is alpha?"
    assert client.get("/study/cards", params={"new": "lots"}).status_code == 422
    assert client.get("/study/cards", params={"new": "1000"}).status_code == 422


def test_an_unknown_tag_is_an_empty_state(client, deck):
    response = client.get("/study/cards", params={"tag": "<nope>"})
    assert response.status_code == 200
    assert "No card has the tag “&lt;nope&gt;”" in response.text


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_nothing_due_says_when_to_come_back(client, deck, app):
    for card in DECK:
        app.state.cards.put(card.id, CardState(repetitions=2, interval=6, due=TODAY + timedelta(3)))
    text = client.get("/study/cards").text
    assert "Nothing due right now" in text
    assert f"due on <strong>{TODAY + timedelta(days=3)}</strong>" in text
    assert "3 cards: 0 new, 0 due, 3 learning, 0 mature" in text


def test_the_cards_of_one_page(client):
    text = client.get("/study/cards", params={"page": "resilience-patterns"}).text
    assert "page “Resilience patterns" in text
    assert re.search(r"from Resilience patterns", text)
    assert '<input type="hidden" name="page" value="resilience-patterns">' in text


# --- Self-assessment ----------------------------------------------------------------------

LENS = readiness_lens()


def test_the_questionnaire_lists_every_question_and_choice(client):
    response = client.get("/study/assess")
    assert response.status_code == 200
    text = response.text
    for _, question in LENS.questions():
        assert question.title in text or question.title.replace("'", "&#39;") in text
        for choice in question.choices:
            assert f'name="{question.id}" value="{choice.id}"' in text
    assert text.count("data-none") == LENS.question_count
    assert 'action="/study/assess/results"' in text
    assert 'value="L7"' in text


def test_results_show_score_areas_gaps_and_a_plan_form(client):
    params = {
        "level": "L6",
        "rd_code_practice": ["rd_practice_weekly", "rd_practice_timed"],
        "rd_code_fluency": ["rd_code_medium", "rd_code_quality"],
    }
    response = client.get("/study/assess/results", params=params)
    assert response.status_code == 200
    text = response.text
    assert "L6 readiness:" in text and "Not yet" in text
    assert "Coding" in text and "Scope and impact" in text
    assert "Below the L6 bar — close these first" in text
    assert 'href="/learn/l6-vs-l7"' in text  # advice links to the knowledge base
    plan_form = text.split('action="/study/plan"')[1].split("</form>")[0]
    assert '<input type="hidden" name="rd_code_practice" value="rd_practice_timed">' in plan_form
    assert '<input type="hidden" name="level" value="L6">' in plan_form
    assert 'type="date" id="interview"' in plan_form


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"level": "L6", "rd_code_practice": "bogus"}, "is not one of this question"),
        (
            {"rd_code_practice": ["rd_practice_weekly", "rd_code_practice_no"]},
            "cannot be combined with other choices",
        ),
        ({"level": "L6", "no_such_question": "x"}, "is not a question of the assessment"),
        ({"level": "L9"}, "Choose L6 or L7."),
    ],
)
def test_bad_answers_are_shown_beside_the_question(client, params, message):
    response = client.get("/study/assess/results", params=params)
    assert response.status_code == 422
    assert message in response.text.replace("&#39;", "'")
    assert 'action="/study/assess/results"' in response.text  # the form again


def test_a_bad_answer_is_marked_at_its_question_and_the_rest_is_kept(client):
    params = {"rd_code_practice": "bogus", "rd_code_fluency": "rd_code_medium"}
    text = client.get("/study/assess/results", params=params).text
    block = text.split('id="q-rd_code_practice"')[1].split("</fieldset>")[0]
    assert 'class="field-error" id="e-rd_code_practice"' in block
    assert 'value="rd_code_medium" checked' in text


# --- Study plan ---------------------------------------------------------------------------


def test_the_plan_form(client):
    response = client.get("/study/plan")
    assert response.status_code == 200
    assert 'type="date" id="interview"' in response.text
    assert "stacked-chart" not in response.text


def test_a_plan_has_weeks_phases_totals_and_a_chart(client):
    interview = TODAY + timedelta(weeks=26)
    response = client.get("/study/plan", params={"level": "L6", "interview": str(interview)})
    assert response.status_code == 200
    text = response.text
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg" class="stacked-chart"') == 1
    weeks = text.split('class="table weeks-table"')[1].split("</table>")[0]
    assert weeks.count("<tr") == 26 + 1
    for phase in ("Fundamentals", "Deep dives", "Practice", "Mocks"):
        assert phase in text
    assert 'href="/learn/framework-overview"' in text and 'href="/study/cards"' in text
    assert "280 h" in text


def test_a_plan_from_an_assessment_is_weighted_by_it(client):
    interview = str(TODAY + timedelta(weeks=20))
    base = client.get("/study/plan", params={"interview": interview, "hours": "30"}).text
    weighted = client.get(
        "/study/plan",
        params={"interview": interview, "hours": "30", "rd_code_practice": "rd_code_practice_no"},
    ).text
    assert "Weighted by your self-assessment (1 question answered)" in weighted
    assert "Not weighted by an assessment" in base
    total = re.compile(r"Total</p><p class=\"card-value\">(\d+) h")
    assert total.search(base).group(1) != total.search(weighted).group(1)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"interview": str(TODAY - timedelta(days=1))}, "interview", "must be in the future"),
        ({"interview": str(TODAY)}, "interview", "must be in the future"),
        ({"interview": "2026-13-45"}, "interview", "is not a date such as"),
        ({"interview": ""}, "interview", "Enter a date such as"),
        ({"interview": str(TODAY + timedelta(days=3))}, "interview", "at least a week after"),
        ({"interview": str(TODAY + timedelta(days=3000))}, "interview", "at most two years"),
        ({"interview": str(TODAY + timedelta(weeks=8)), "hours": "0"}, "hours", "between 1 and"),
        ({"interview": str(TODAY + timedelta(weeks=8)), "hours": "lots"}, "hours", "not a number"),
        ({"interview": str(TODAY + timedelta(weeks=8)), "level": "L5"}, "level", "Choose L6"),
    ],
)
def test_bad_plan_input_is_shown_beside_the_field(client, params, field, message):
    response = client.get("/study/plan", params=params)
    assert response.status_code == 422
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', response.text)
    assert error and message in error.group(1)
    assert "stacked-chart" not in response.text


def test_unknown_answers_in_a_plan_are_refused(client):
    params = {"interview": str(TODAY + timedelta(weeks=8)), "rd_code_practice": "bogus"}
    response = client.get("/study/plan", params=params)
    assert response.status_code == 422
    assert "is not one of this question" in response.text.replace("&#39;", "'")


# --- In the browser -----------------------------------------------------------------------


@pytest.mark.browser
def test_search_read_and_review_flashcards_in_the_browser(page):
    base = page.base
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    page.goto(base + "/learn")
    page.screenshot(path=str(SHOTS / "learn-index.png"), full_page=True)
    page.fill("#q", "circuit breaker")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "circuit" in page.inner_text(".search-results mark").lower()
    page.screenshot(path=str(SHOTS / "learn-search.png"))
    page.locator(".hit-title").first.click()
    assert page.url == base + "/learn/resilience-patterns"
    page.screenshot(path=str(SHOTS / "learn-page.png"))
    page.get_by_role("link", name="Circuit breaker").first.click()  # table of contents
    assert page.url.endswith("#circuit-breaker")

    page.get_by_role("link", name="Study", exact=True).first.click()
    page.screenshot(path=str(SHOTS / "study-hub.png"))
    page.goto(base + "/study/cards")
    first = page.inner_text("#card-front")
    assert not page.is_visible(".flashcard-back")
    page.screenshot(path=str(SHOTS / "study-cards.png"))
    page.keyboard.press("Space")
    assert page.is_visible(".flashcard-back")
    page.screenshot(path=str(SHOTS / "study-cards-answer.png"))
    with page.expect_navigation():
        page.keyboard.press("5")
    assert "next review of" in page.inner_text(".flashes")
    second = page.inner_text("#card-front")
    assert second and second != first
    assert not page.is_visible(".flashcard-back")
    page.screenshot(path=str(SHOTS / "study-cards-next.png"))

    # The assessment's "None of these" clears the other choices; results lead to a plan.
    page.goto(base + "/study/assess")
    page.check('input[value="rd_practice_weekly"]')
    page.check('input[value="rd_code_practice_no"]')
    assert not page.is_checked('input[value="rd_practice_weekly"]')
    page.check('input[value="rd_practice_weekly"]')
    page.screenshot(path=str(SHOTS / "study-assess.png"))
    page.get_by_role("button", name="See my readiness").click()
    assert "/study/assess/results?" in page.url
    page.screenshot(path=str(SHOTS / "study-results.png"), full_page=True)
    page.get_by_role("button", name="Build my L6 plan").click()
    assert page.locator("svg.stacked-chart").count() == 1
    assert "Weighted by your self-assessment" in page.inner_text(".plan-source")
    page.screenshot(path=str(SHOTS / "study-plan.png"), full_page=True)
    assert errors == []
