"""``wellarch learn`` and ``wellarch study cards`` in the terminal.

Most of these commands keep nothing, or keep card progress in a ``--progress`` file; the
tests of progress kept in the database opt in to every back end with
``@pytest.mark.usefixtures("backend")`` and take their database from :func:`db_url`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from tests.conftest import Databases, backend_of
from wellarch.cli import cli


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of a fresh, empty database (the first command that needs the schema makes
    it): SQLite, or each back end in turn in a test that uses the ``backend`` fixture."""
    databases = Databases(backend_of(request), tmp_path)
    yield databases.url()
    databases.close()


def test_learn_lists_topics():
    result = run("learn")
    assert result.exit_code == 0, result.output
    assert "resilience-patterns" in result.stdout and "17 topics" in result.stdout


def test_learn_filters_by_tag_and_level():
    result = run("learn", "--tag", "pillar", "--level", "L7")
    assert result.exit_code == 0
    assert "6 topics" in result.stdout


def test_learn_shows_a_page_rendered():
    result = run("learn", "reliability-metrics")
    assert result.exit_code == 0, result.output
    assert "Reliability metrics: RTO, RPO, MTTR and MTBF" in result.stdout
    assert "---" not in result.stdout.splitlines()[0]
    assert "Related: wellarch learn availability-nines" in " ".join(result.stdout.split())


def test_learn_raw_prints_markdown():
    result = run("learn", "l6-vs-l7", "--raw")
    assert result.stdout.startswith("\n# L6 versus L7 expectations")


def test_learn_search_ranks_pages():
    result = run("learn", "--search", "circuit breaker")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith(" 1. resilience-patterns")


def test_learn_search_without_hits():
    result = run("learn", "--search", "zookeeper")
    assert result.exit_code == 0 and "no page matches" in result.stdout


def test_learn_unknown_and_ambiguous_topics_are_one_line_errors():
    result = run("learn", "kafka")
    assert result.exit_code == 1
    assert result.stderr == "error: no topic 'kafka'; `wellarch learn` lists the topics\n"
    result = run("learn", "re")
    assert result.exit_code == 1 and "is ambiguous" in result.stderr


def test_study_cards_session_saves_progress(tmp_path):
    progress = tmp_path / "cards.json"
    args = [
        "study",
        "cards",
        "--tag",
        "nines",
        "--progress",
        str(progress),
        "--today",
        "2026-01-01",
        "--new",
        "2",
    ]
    result = run(*args, input="\n5\n\n2\n\n4\n")
    assert result.exit_code == 0, result.output
    assert "2 card(s) to review" in result.stdout
    assert "next review in 1 day(s), on 2026-01-02" in result.stdout
    assert "reviewed 2 card(s), 1 repeat(s)" in result.stdout
    cards = json.loads(progress.read_text())["cards"]
    assert len(cards) == 2
    assert sorted(state["lapses"] for state in cards.values()) == [0, 1]
    stats = run(
        "study",
        "cards",
        "--tag",
        "nines",
        "--progress",
        str(progress),
        "--today",
        "2026-01-02",
        "--stats",
    )
    assert stats.stdout.startswith("8 cards: 6 new, 2 due, 2 learning, 0 mature")


def test_study_cards_quit_and_end_of_input(tmp_path):
    progress = tmp_path / "cards.json"
    result = run("study", "cards", "--progress", str(progress), input="q\n")
    assert result.exit_code == 0 and "reviewed 0 card(s)" in result.stdout
    result = run("study", "cards", "--progress", str(progress), input="\n5\n")
    assert result.exit_code == 0 and "reviewed 1 card(s)" in result.stdout


def test_study_cards_errors(tmp_path):
    result = run("study", "cards", "--tag", "nope", "--progress", str(tmp_path / "c.json"))
    assert result.exit_code == 1 and result.stderr == "error: no card has the tag 'nope'\n"
    result = run("study", "cards", "--today", "tomorrow", "--progress", str(tmp_path / "c.json"))
    assert result.exit_code == 1 and "--today: 'tomorrow' is not a date" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    result = run("study", "cards", "--progress", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: not a wellarch card-progress file")


def test_study_assess_interactively_saves_answers(tmp_path):
    saved = tmp_path / "answers.json"
    # scope: both core choices of each question; then "None of these" (Enter) everywhere
    answers = "1 2\n1, 2\n" + "\n" * 10
    result = run("study", "assess", "--save", str(saved), input=answers)
    assert result.exit_code == 0, result.output
    assert "L6 readiness: 17% (2 of 12 questions at the bar) — not yet" in result.stdout
    data = json.loads(saved.read_text())
    assert data["rd_scope_ownership"] == ["rd_scope_service", "rd_scope_multiteam"]
    assert data["rd_code_practice"] == ["rd_code_practice_no"]


def test_study_assess_rejects_bad_numbers_and_asks_again():
    result = run("study", "assess", input="9\n1\n" + "\n" * 11)
    assert result.exit_code == 0, result.output
    assert "enter numbers from 0 to 3" in result.stdout


def test_study_assess_from_a_file_with_a_plan(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "rd_scope_ownership: [rd_scope_service, rd_scope_multiteam, rd_scope_platform]\n"
    )
    result = run(
        "study",
        "assess",
        "--answers",
        str(answers),
        "--level",
        "L7",
        "--interview-date",
        "2099-01-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert "L7 readiness: 8% (1 of 12 questions at the bar)" in result.stdout
    assert '"level": "L7"' in result.stdout


def test_study_assess_bad_answers_file(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("rd_nope: []\n")
    result = run("study", "assess", "--answers", str(answers))
    assert result.exit_code == 1
    assert result.stderr == f"error: {answers}: $.rd_nope: unknown question\n"


def test_study_plan_table_and_json(tmp_path):
    result = run("study", "plan", "--interview-date", "2026-07-06", "--start", "2026-01-05")
    assert result.exit_code == 0, result.output
    assert "L6 plan until 2026-07-06: 280 h" in result.stdout
    assert "fundamentals (9 week(s))" in result.stdout
    result = run(
        "study",
        "plan",
        "--interview-date",
        "2026-02-02",
        "--start",
        "2026-01-05",
        "--level",
        "L7",
        "--format",
        "json",
        "--hours-per-week",
        "10",
    )
    data = json.loads(result.stdout)
    assert [w["phase"] for w in data["weeks"]] == [
        "fundamentals",
        "deep dives",
        "practice",
        "mocks",
    ]
    assert data["notes"] and "scaled to" in data["notes"][0]


def test_study_plan_errors():
    result = run("study", "plan", "--interview-date", "2026-01-07", "--start", "2026-01-05")
    assert result.exit_code == 1 and "must be at least a week after" in result.stderr
    result = run("study", "plan", "--interview-date", "soon")
    assert result.exit_code == 1
    assert result.stderr == "error: --interview-date: 'soon' is not a date such as 2025-03-01\n"


def test_study_lens_to_stdout():
    result = run("study", "lens")
    assert json.loads(result.stdout)["name"] == "L6/L7 interview readiness"


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_cards_progress_lives_in_the_database(db_url):
    common = ["--tag", "nines", "--today", "2026-01-01", "--new", "2"]
    result = run("--db", db_url, "study", "cards", *common, input="\n5\n\n2\n\n4\n")
    assert result.exit_code == 0, result.output
    shown = sa.make_url(db_url).render_as_string(hide_password=True)
    assert f"progress saved to {shown}\n" in result.stdout
    # the same schedules under the other name of the command
    stats = run(
        "--db", db_url, "practice", "cards", "--tag", "nines", "--today", "2026-01-02", "--stats"
    )
    assert stats.exit_code == 0, stats.output
    assert stats.stdout.startswith("8 cards: 6 new, 2 due, 2 learning, 0 mature")


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_default_database_adopts_the_legacy_progress_file(db_url, tmp_path, monkeypatch):
    import wellarch.cli.context
    import wellarch.cli.study

    legacy = tmp_path / "cards.json"
    run(
        "study",
        "cards",
        "--tag",
        "nines",
        "--today",
        "2026-01-01",
        "--new",
        "1",
        "--progress",
        str(legacy),
        input="\n5\n",
    )
    monkeypatch.delenv("WELLARCH_DB", raising=False)
    monkeypatch.setattr(wellarch.cli.context, "default_db_url", lambda: db_url)
    monkeypatch.setattr(wellarch.cli.study, "_legacy_progress_file", lambda: legacy)
    stats = run("practice", "cards", "--tag", "nines", "--today", "2026-01-02", "--stats")
    assert stats.exit_code == 0, stats.output
    assert "moved 1 card schedule(s)" in stats.stderr
    assert stats.stdout.startswith("8 cards: 7 new, 1 due, 1 learning")
    assert not legacy.exists() and legacy.with_name("cards.json.imported").exists()
