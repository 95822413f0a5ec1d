"""Interview practice pages: catalog, scenario, timed session, feedback, scoring, progress, and
the practice JSON API — in process, plus one end-to-end session in Chromium."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.web.conftest import Client, make_app
from wellarch.cli import cli
from wellarch.practice import get_scenario, load_scenarios
from wellarch.practice.progress import ActivityKind
from wellarch.store.practice import SqlProgress, SqlSessions

SHOTS = Path("/tmp/shots")
SCENARIO = "url-shortener"
SCENARIO_PAGE = f"/practice/scenarios/{SCENARIO}"
#: Notes that address a few interview-lens questions (so feedback has evidence and gaps).
NOTES = [
    "Who uses it? Assume 100M new links a month and 4,000 redirects per second.",
    "Clients call an API gateway; a CDN cache with a TTL of 5 minutes serves redirects.",
    "A key-value store partitioned by the short code. Idempotency keys for retries.",
    "Trade-off: 302 instead of 301, at the cost of more requests. RTO 1 h, RPO 1 s.",
    "Next: canary deployments, runbooks and SLO burn-rate alarms.",
]


def text_of(response) -> str:
    return html.unescape(response.text)


def start(client: Client, level: str = "L6", minutes: str = "45") -> str:
    response = client.submit(
        f"{SCENARIO_PAGE}/sessions", {"level": level, "minutes": minutes}, page=SCENARIO_PAGE
    )
    assert response.status_code == 303, response.text
    return response.headers["location"]


def act(client: Client, url: str, action: str, notes: str, phase: int, **kwargs):
    data = {"action": action, "notes": notes, "phase": str(phase)}
    return client.submit(url, data, page=url, **kwargs)


def sessions_of(client: Client) -> SqlSessions:
    return client.app.state.sessions


def attempts_of(client: Client) -> SqlProgress:
    return client.app.state.attempts


# -- catalog ---------------------------------------------------------------------------------
def test_catalog_lists_every_scenario_with_level_tags_and_minutes(client):
    response = client.get("/practice")
    assert response.status_code == 200
    page = text_of(response)
    for scenario in load_scenarios():
        assert f'href="/practice/scenarios/{scenario.id}"' in page
        assert scenario.title in page
    assert f"{len(load_scenarios())} scenarios" in page
    assert '<span class="plevel plevel-l7"' in page and "60 min" in page
    assert 'href="/practice?tag=key-generation"' in page
    assert 'aria-current="page">Practice' in page


def test_catalog_filters_by_level_and_tag_without_javascript(client):
    l7 = text_of(client.get("/practice?level=L7"))
    assert "Serverless function platform" in l7 and "URL shortener" not in l7
    caching = text_of(client.get("/practice?tag=caching"))
    assert "URL shortener" in caching and "Payment system" not in caching
    both = text_of(client.get("/practice?level=L7&tag=caching"))
    assert "Global CDN with edge compute" in both and "URL shortener" not in both
    assert '<option value="caching" selected>' in both
    empty = text_of(client.get("/practice?tag=no-such-topic"))
    assert "No scenario matches" in empty and 'href="/practice"' in empty
    assert client.get("/practice?level=L9").status_code == 422


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_catalog_lists_sessions_in_progress_with_a_resume_link(client):
    assert "In progress" not in client.get("/practice").text
    url = start(client)
    page = text_of(client.get("/practice"))
    assert "In progress" in page
    assert f'href="{url}"' in page and "Resume" in page
    assert "phase 1 of 5: Clarifying questions" in page


# -- scenario --------------------------------------------------------------------------------
def test_scenario_page_keeps_the_reference_answer_behind_an_explicit_reveal(client):
    scenario = get_scenario(SCENARIO)
    page = text_of(client.get(SCENARIO_PAGE))
    assert "Design a URL shortening service" in page
    assert "about 40 creations per second" in page  # scale
    assert "Keys must never collide" in page  # constraints
    clarifying = page.index('<details class="panel reveal" id="clarifying">')
    assert page.index("Can users choose their own alias?") > clarifying
    spoiler = page.index('<details class="panel reveal spoiler" id="reference">')
    assert "Show the reference answer anyway" in page
    for hidden in (
        "Creation API: authenticates",  # reference outline
        "Hashing the long URL",  # pitfall
        scenario.follow_ups[0].question,
    ):
        assert page.index(hidden) > spoiler, hidden
    assert '<details class="panel reveal spoiler" id="reference" open' not in page
    assert 'name="minutes" value="45"' in page
    assert 'value="L6" checked' in page


def test_unknown_scenario_is_a_404_page(client):
    response = client.get("/practice/scenarios/no-such-thing")
    assert response.status_code == 404
    assert "unknown scenario 'no-such-thing'" in text_of(response)
    response = client.submit(
        "/practice/scenarios/no-such-thing/sessions", {"level": "L6", "minutes": "45"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("5", "between 10 and 180 minutes (not 5)"),
        ("181", "between 10 and 180 minutes (not 181)"),
        ("forty", "whole number of minutes"),
        ("", "whole number of minutes"),
        ("9" * 5000, "whole number of minutes"),
    ],
)
def test_start_form_refuses_minutes_out_of_range_beside_the_field(client, minutes, message):
    response = client.submit(
        f"{SCENARIO_PAGE}/sessions", {"level": "L7", "minutes": minutes}, page=SCENARIO_PAGE
    )
    assert response.status_code == 422
    page = text_of(response)
    assert '<p class="field-error" id="minutes-error">' in page
    assert message in page
    assert 'aria-invalid="true"' in page
    assert 'value="L7" checked' in page  # the form as it was sent
    assert sessions_of(client).open_sessions() == []


def test_start_form_refuses_an_unknown_level(client):
    response = client.submit(
        f"{SCENARIO_PAGE}/sessions", {"level": "L9", "minutes": "45"}, page=SCENARIO_PAGE
    )
    assert response.status_code == 422
    assert "Choose a level: L6 or L7." in text_of(response)


def test_forms_without_csrf_token_are_refused(client):
    url = start(client)
    posts = {
        f"{SCENARIO_PAGE}/sessions": {"level": "L6", "minutes": "45"},
        url: {"action": "save", "notes": "x", "phase": "0"},
        url + "/abandon": {},
        "/practice/score": {"scenario": SCENARIO, "answer": "a cache"},
        "/practice/progress/log": {"kind": "coding"},
        "/practice/attempts/1/notes/delete": {},
    }
    for target, data in posts.items():
        response = client.post(target, data=data, follow_redirects=False)
        assert response.status_code == 403, target
        assert "CSRF token" in text_of(response)
    assert sessions_of(client).get(1).phases[0].notes == ""


# -- the timed session -----------------------------------------------------------------------
def test_session_page_shows_phases_budgets_guidance_and_the_running_clock(client):
    url = start(client, minutes="60")
    assert url == "/practice/sessions/1"
    page = text_of(client.get(url))
    assert "The clock is running: 60 minutes" in page
    assert 'data-running="true"' in page and "Clock running" in page
    assert "Phase 1 of 5 · Clarifying questions" in page
    assert "Scope, users, scale, constraints; state assumptions." in page
    for name, budget in [("Clarifying questions", "06:40"), ("Detailed design", "20:00")]:
        assert name in page and budget in page
    match = re.search(r'data-countdown data-seconds="([\d.]+)"', page)
    assert match and 395 <= float(match.group(1)) <= 400  # 6:40, less the request time
    assert 'name="notes"' in page and 'value="save">Save notes' in page
    assert 'value="pause">Pause' in page and 'value="finish">Finish phase' in page
    assert "Yes, abandon and delete my notes" in page
    assert "Design a URL shortening service" in page  # the question stays in view


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_save_notes_pause_and_resume_keep_notes_and_time(client):
    url = start(client)
    response = act(client, url, "save", "Who are the users?\r\nAssume 100M links.", 0)
    assert response.status_code == 303 and response.headers["location"] == url
    assert sessions_of(client).get(1).phases[0].notes == "Who are the users?\nAssume 100M links."
    assert "Notes saved." in text_of(client.get(url))
    act(client, url, "pause", "Who are the users?\nAssume 100M links. Paused.", 0)
    session = sessions_of(client).get(1)
    assert not session.running
    left = session.phase_remaining()
    time.sleep(0.05)
    page = text_of(client.get(url))
    assert sessions_of(client).get(1).phase_remaining() == left  # paused time does not count
    assert 'data-running="false"' in page and "Paused: the clock is stopped." in page
    assert "Assume 100M links. Paused.</textarea>" in page
    assert 'value="start">Resume clock' in page
    act(client, url, "start", "Who are the users?\nAssume 100M links. Paused.", 0)
    assert sessions_of(client).get(1).running


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_a_paused_session_survives_a_server_restart(reviews, client):
    url = start(client)
    act(client, url, "pause", "Notes before the restart", 0)
    with Client(make_app(reviews, secret_key="another-secret")) as restarted:
        page = text_of(restarted.get(url))
        assert "Notes before the restart</textarea>" in page
        assert 'data-running="false"' in page
        act(restarted, url, "start", "Notes before the restart, and after", 0)
        assert restarted.app.state.sessions.get(1).running


def test_over_budget_time_is_rendered_red_by_the_server(client):
    url = start(client)
    store = sessions_of(client)
    session = store.get(1)
    session._phase_started = session.clock() - 400  # 5-minute phase, 6:40 ago
    store.save(session, 1)
    page = text_of(client.get(url))
    assert re.search(r'class="timer-value is-over" data-countdown data-seconds="-1\d\d', page)
    assert "over the phase budget" in page


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_finish_phase_saves_notes_moves_on_and_keeps_the_clock_running(client):
    url = start(client)
    response = act(client, url, "finish", NOTES[0], 0)
    assert response.status_code == 303
    session = sessions_of(client).get(1)
    assert session.phases[0].done and session.phases[0].notes == NOTES[0]
    assert session.current is session.phases[1] and session.running
    page = text_of(client.get(url))
    assert "Clarifying questions done in 00:0" in page and "Next: High-level approach." in page
    assert "Phase 2 of 5 · High-level approach" in page
    assert NOTES[0] in page  # earlier notes under "Your notes"
    assert 'name="phase" value="1"' in page


def test_a_post_for_a_finished_phase_is_refused_and_the_text_shown_again(client):
    url = start(client)
    act(client, url, "finish", NOTES[0], 0)
    response = act(client, url, "save", "Typed in an old tab", 0)
    assert response.status_code == 409
    page = text_of(response)
    assert "moved on to “High-level approach”" in page
    assert '<textarea id="stale-notes" readonly rows="6">Typed in an old tab</textarea>' in page
    assert sessions_of(client).get(1).phases[1].notes == ""
    autosave = act(client, url, "save", "x", 0, headers={"X-Autosave": "1"})
    assert autosave.status_code == 409


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_autosave_answers_204_and_stores_the_notes(client):
    url = start(client)
    response = act(client, url, "save", "Autosaved text", 0, headers={"X-Autosave": "1"})
    assert response.status_code == 204
    assert sessions_of(client).get(1).phases[0].notes == "Autosaved text"


def test_notes_too_long_are_refused_and_kept_in_the_form(client):
    url = start(client)
    long = "word " * 10_001
    response = act(client, url, "save", long, 0)
    assert response.status_code == 422
    page = text_of(response)
    assert "at most 50,000 characters" in page
    assert long.strip() in page
    assert sessions_of(client).get(1).phases[0].notes == ""


def test_finishing_without_any_notes_is_refused(client):
    url = start(client)
    for phase in range(4):
        act(client, url, "finish", "", phase)
    response = act(client, url, "finish", "   ", 4)
    assert response.status_code == 422
    assert "There is nothing to score yet" in text_of(response)
    assert not sessions_of(client).get(1).finished
    assert attempts_of(client).attempts() == []


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_abandon_deletes_the_session(client):
    url = start(client)
    response = client.submit(url + "/abandon", {}, page=url)
    assert response.status_code == 303 and response.headers["location"] == "/practice"
    assert "Abandoned practice session 1" in text_of(client.get("/practice"))
    assert client.get(url).status_code == 404
    assert attempts_of(client).attempts() == []


def test_unknown_session_number_is_a_404_page(client):
    response = client.get("/practice/sessions/42")
    assert response.status_code == 404
    assert "no practice session 42" in text_of(response)
    data = {"action": "save", "notes": "x", "phase": "0"}
    assert client.submit("/practice/sessions/42", data, page="/practice/score").status_code == 404
    assert (
        client.submit("/practice/sessions/42/abandon", {}, page="/practice/score").status_code
        == 404
    )
    assert client.get("/practice/sessions/0").status_code == 422
    assert client.get("/practice/sessions/abc").status_code == 422


# -- the whole flow: start, notes, finish every phase, feedback, progress ----------------------
@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_a_session_flow_records_an_attempt_with_feedback_and_progress(client):
    url = start(client)
    act(client, url, "save", "draft", 0)
    for phase, notes in enumerate(NOTES):
        response = act(client, url, "finish", notes, phase)
        assert response.status_code == 303
    assert response.headers["location"] == "/practice/attempts/1"

    (attempt,) = attempts_of(client).attempts()
    assert attempt.id == 1 and attempt.scenario_id == SCENARIO and attempt.level == "L6"
    assert list(attempt.phase_seconds) == [
        "Clarifying questions",
        "High-level approach",
        "Detailed design",
        "Scale and trade-offs",
        "Q&A and extensions",
    ]
    assert set(attempt.pillar_scores) == {
        "operationalExcellence",
        "security",
        "reliability",
        "performance",
        "costOptimization",
        "sustainability",
    }
    assert all(1 <= score <= 4 for score in attempt.rubric_scores.values())
    page = text_of(client.get("/practice/attempts/1"))
    assert "Interview finished in" in page and "Your attempt is recorded." in page
    assert "Pillar coverage" in page and "Not covered" in page
    assert "How is data protected in transit and at rest, and who controls the keys?" in page
    assert "int_sec_data_protection" in page  # a missed question, by id and title
    assert "<q>A key-value store partitioned by the short code.</q>" in page  # evidence quoted
    assert "Deep dive and trade-offs" in page and "/4" in page  # rubric
    assert "Follow-up questions" in page
    assert "Reference design" in page and "Creation API: authenticates" in page
    assert "Strong points per pillar" in page and "Common pitfalls" in page
    assert "Hashing the long URL" in page
    assert "Download (Markdown)" in page

    # The finished session is kept as the attempt's notes, not as a session in progress.
    ((_, kept),) = sessions_of(client).open_sessions()
    assert kept.finished and kept.attempt_id == 1
    assert "In progress" not in client.get("/practice").text
    assert client.get(url, follow_redirects=False).headers["location"] == "/practice/attempts/1"

    notes = client.get("/practice/attempts/1/notes.md")
    assert notes.status_code == 200
    assert notes.headers["content-type"].startswith("text/markdown")
    assert "## Detailed design" in notes.text and NOTES[2] in notes.text

    progress = text_of(client.get("/practice/progress"))
    assert 'data-value="attempts">1<' in progress
    assert "URL shortener with click analytics" in progress
    assert 'href="/practice/attempts/1"' in progress
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="strength-chart"' in progress
    assert 'data-kind="design"' in progress and "1 / 5" in progress
    assert 'data-value="streak">1<' in progress


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_deleting_the_notes_keeps_the_scores(client):
    url = start(client)
    for phase, notes in enumerate(NOTES):
        act(client, url, "finish", notes, phase)
    response = client.submit("/practice/attempts/1/notes/delete", {}, page="/practice/attempts/1")
    assert response.status_code == 303
    assert sessions_of(client).open_sessions() == []
    page = text_of(client.get("/practice/attempts/1"))
    assert "Your notes are deleted" in page
    assert "no longer kept" in page
    assert "Pillar coverage" in page and "Rubric" in page
    assert "int_sec_data_protection" not in page  # the gaps cannot be known any more
    assert "Creation API: authenticates" in page  # the reference stays
    assert "Follow-up questions with strong answers" in page
    assert client.get("/practice/attempts/1/notes.md").status_code == 404
    assert client.get("/practice/sessions/1").status_code == 404


def test_unknown_attempt_is_a_404_page(client):
    response = client.get("/practice/attempts/7")
    assert response.status_code == 404
    assert "no practice attempt 7" in text_of(response)
    assert client.get("/practice/attempts/7/notes.md").status_code == 404
    assert client.submit("/practice/attempts/7/notes/delete", {}).status_code == 404
    assert client.get("/practice/attempts/0").status_code == 422


# -- scoring a pasted answer -----------------------------------------------------------------
def test_score_page_scores_a_pasted_answer_without_recording_it(client):
    form = text_of(client.get(f"/practice/score?scenario={SCENARIO}"))
    assert f'<option value="{SCENARIO}" selected>' in form
    response = client.submit(
        "/practice/score",
        {"scenario": SCENARIO, "level": "L7", "answer": "\n".join(NOTES)},
        page="/practice/score",
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Feedback: URL shortener with click analytics" in page
    assert "judged at" in page and "plevel-l7" in page
    assert "int_sec_data_protection" in page and "Rubric" in page
    assert "Creation API: authenticates" in page  # the reference, in a details
    assert "\n".join(NOTES) in page  # the answer stays in the form
    assert attempts_of(client).attempts() == []


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_score_page_records_an_attempt_when_asked(client):
    response = client.submit(
        "/practice/score",
        {"scenario": SCENARIO, "answer": "\n".join(NOTES), "record": "on"},
        page="/practice/score",
    )
    assert response.status_code == 200
    assert "Recorded as attempt 1" in text_of(response)
    (attempt,) = attempts_of(client).attempts()
    assert attempt.level == "L6" and dict(attempt.phase_seconds) == {}
    page = text_of(client.get("/practice/attempts/1"))
    assert "A scored answer is not kept" in page and "Pillar coverage" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"scenario": SCENARIO, "answer": "  \n "}, "answer", "nothing to score yet"),
        ({"scenario": SCENARIO, "answer": "x" * 200_001}, "answer", "longer than 200,000"),
        ({"scenario": "nope", "answer": "a cache"}, "scenario", "Choose the scenario"),
        ({"scenario": SCENARIO, "answer": "a", "level": "L5"}, "level", "Choose a level"),
    ],
)
def test_score_page_shows_bad_input_beside_the_field(client, data, field, message):
    response = client.submit("/practice/score", data, page="/practice/score")
    assert response.status_code == 422
    page = text_of(response)
    assert f'<p class="field-error" id="{field}-error">' in page
    assert message in page
    assert attempts_of(client).attempts() == []


# -- progress --------------------------------------------------------------------------------
def test_progress_page_without_attempts_has_helpful_empty_states(client):
    page = text_of(client.get("/practice/progress"))
    assert "No attempts yet" in page and "No practice attempts yet" in page  # table, chart
    assert "practise today to start one" in page
    for label in ("System designs", "Coding problems", "STAR stories", "Mock interviews"):
        assert label in page
    assert "0 / 10" in page and "per month" in page


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_log_form_records_activities_like_practice_log(client):
    response = client.submit(
        "/practice/progress/log",
        {"kind": "coding", "note": "LRU cache"},
        page="/practice/progress",
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/practice/progress#log"
    client.submit("/practice/progress/log", {"kind": "mock"}, page="/practice/progress")
    (coding, mock) = attempts_of(client).activities()
    assert coding.kind is ActivityKind.CODING and coding.note == "LRU cache"
    assert mock.kind is ActivityKind.MOCK and mock.note is None
    page = text_of(client.get("/practice/progress"))
    assert "Logged a mock interview." in page
    assert "LRU cache" in page
    assert "1 / 10" in page and "1 / 2" in page
    assert 'data-value="streak">1<' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "nap"}, "kind", "Choose what you did"),
        ({"kind": "story", "note": "x" * 201}, "note", "under 200 characters"),
    ],
)
def test_log_form_shows_bad_input_beside_the_field(client, data, field, message):
    response = client.submit("/practice/progress/log", data, page="/practice/progress")
    assert response.status_code == 422
    page = text_of(response)
    assert f'<p class="field-error" id="{field}-error">' in page and message in page
    assert attempts_of(client).activities() == []


# -- the JSON API ----------------------------------------------------------------------------
def test_api_scenarios_match_practice_list_json(client):
    result = CliRunner().invoke(cli, ["practice", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert client.get("/api/practice/scenarios").json() == json.loads(result.output)
    l7 = client.get("/api/practice/scenarios", params={"level": "L7", "tag": "caching"}).json()
    assert [s["id"] for s in l7] == ["global-cdn-edge-compute"]
    assert client.get("/api/practice/scenarios", params={"level": "L5"}).status_code == 422


def test_api_score_returns_the_feedback_contract(client):
    body = {"scenario": SCENARIO, "answer": "\n".join(NOTES), "level": "L7"}
    response = client.post("/api/practice/score", json=body)
    assert response.status_code == 200
    feedback = response.json()
    assert set(feedback) == {"scenario", "level", "pillars", "rubric", "follow_ups"}
    assert feedback["level"] == "L7"
    assert set(feedback["pillars"]["security"]) == {"covered", "score", "evidence", "missed"}
    assert set(feedback["rubric"]["estimation"]) == {"score", "why"}
    missing = client.post("/api/practice/score", json={**body, "scenario": "nope"})
    assert missing.status_code == 404 and missing.json()["type"] == "not_found"
    empty = client.post("/api/practice/score", json={**body, "answer": "  "})
    assert empty.status_code == 422 and empty.json()["detail"] == "the answer is empty"
    assert client.post("/api/practice/score", json={**body, "answer": ""}).status_code == 422
    assert attempts_of(client).attempts() == []


# -- in the browser --------------------------------------------------------------------------
@pytest.mark.browser
def test_a_timed_session_in_the_browser(page, reviews):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    base = page.base
    page.goto(base + "/practice")
    page.screenshot(path=str(SHOTS / "practice-catalog.png"), full_page=True)
    page.get_by_role("link", name="URL shortener with click analytics").click()
    page.screenshot(path=str(SHOTS / "practice-scenario.png"), full_page=True)
    page.get_by_role("button", name="Start the interview").click()
    assert page.url == base + "/practice/sessions/1"

    # The countdown ticks.
    clock = page.locator(".timer-phase [data-countdown]")
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=5000)
    assert clock.inner_text() < first

    # Notes are saved automatically; pause, reload: the notes and the paused clock are kept.
    page.fill("#notes", NOTES[0])
    expect(page.locator("[data-save-state]")).to_have_text(re.compile("^Saved at"))
    assert SqlSessions(reviews.repository.database).get(1).phases[0].notes == NOTES[0]
    page.screenshot(path=str(SHOTS / "practice-session.png"), full_page=True)
    page.get_by_role("button", name="Pause").click()
    assert page.locator(".state-badge").inner_text() == "Paused"
    paused = clock.inner_text()
    page.wait_for_timeout(1200)
    page.reload()
    assert page.input_value("#notes") == NOTES[0]
    assert page.locator(".state-badge").inner_text() == "Paused"
    assert clock.inner_text() == paused  # no time passes while paused
    page.get_by_role("button", name="Resume clock").click()
    assert page.locator(".state-badge").inner_text() == "Clock running"

    # Finish every phase.
    page.get_by_role("button", name="Finish phase →").click()
    for notes in NOTES[1:-1]:
        page.fill("#notes", notes)
        page.get_by_role("button", name="Finish phase →").click()
    assert "Phase 5 of 5" in (page.text_content(".timer-label") or "")
    page.fill("#notes", NOTES[-1])
    page.get_by_role("button", name="Finish and get feedback").click()

    # Feedback.
    assert page.url == base + "/practice/attempts/1"
    assert "Your attempt is recorded." in page.inner_text(".flashes")
    assert page.locator(".pillar-row").count() == 6
    assert "int_sec_data_protection" in page.inner_text("#pillars")
    assert "Creation API" in page.inner_text("#reference")
    page.screenshot(path=str(SHOTS / "practice-attempt.png"), full_page=True)
    page.goto(base + "/practice/progress")
    assert page.locator("svg.strength-chart").count() == 1
    page.screenshot(path=str(SHOTS / "practice-progress.png"), full_page=True)

    # Score a pasted answer.
    page.goto(base + f"/practice/score?scenario={SCENARIO}")
    page.fill("#answer", "\n".join(f"- {line}" for line in NOTES))
    page.get_by_role("button", name="Score the answer").click()
    assert "Feedback: URL shortener" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / "practice-score.png"), full_page=True)
