from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES

STRONG = FIXTURES / "practice" / "strong-answer.md"


def test_list_json_contract_and_filters(run):
    rows = json.loads(run("practice", "list", "--format", "json").output)
    assert len(rows) >= 16 and set(rows[0]) == {"id", "title", "level", "tags"}
    l7 = json.loads(run("practice", "list", "--level", "L7", "--format", "json").output)
    assert l7 and all(r["level"] == "L7" for r in l7)
    assert "ml-platform" in {r["id"] for r in l7}


def test_score_json_and_markdown(run):
    out = run(
        "practice",
        "score",
        "--scenario",
        "ecommerce-platform",
        "--answer",
        str(STRONG),
        "--format",
        "json",
    )
    feedback = json.loads(out.output)
    assert feedback["scenario"] == "ecommerce-platform"
    assert feedback["pillars"]["reliability"]["covered"] is True
    md = run("practice", "score", "--scenario", "ecommerce-platform", "--answer", str(STRONG))
    assert md.output.startswith("# Feedback:") and "## Rubric" in md.output


def test_score_bad_input(run, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("  ")
    result = run("practice", "score", "--scenario", "chat", "--answer", str(empty))
    assert result.exit_code == 1 and "is empty" in result.output
    missing = run("practice", "score", "--scenario", "nope", "--answer", str(STRONG))
    assert missing.exit_code == 1 and "unknown scenario 'nope'" in missing.output


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_timed_session_pause_resume_feedback_and_progress(run, tmp_path):
    session = tmp_path / "session.json"
    first = run(
        "practice",
        "start",
        "url-shortener",
        "--session-file",
        str(session),
        input="Who are the users? Assume 100M URLs per month.\n.\nq\n",
    )
    assert first.exit_code == 0, first.output
    assert "Paused" in first.output and session.exists()
    notes = "\n".join(
        [
            "Stateless API behind a load balancer across three Availability Zones.",
            ".",
            "Key-value store with a cache-aside Redis layer, TTL of one day.",
            ".",
            "Peak 40,000 QPS reads; retries with exponential backoff and jitter.",
            ".",
            "Least privilege IAM roles, TLS everywhere, encryption at rest with KMS.",
            ".",
        ]
    )
    second = run(
        "practice", "start", "--resume", "--session-file", str(session), input=notes + "\n"
    )
    assert second.exit_code == 0, second.output
    assert "Feedback" in second.output and "Reference design" in second.output
    assert not session.exists()
    assert run("practice", "log", "coding", "--note", "LRU cache").exit_code == 0
    progress = json.loads(run("practice", "progress", "--format", "json").output)
    assert progress["attempts"] == 1
    assert progress["plan"]["design"]["done"] == 1 and progress["plan"]["coding"]["done"] == 1


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_log_refuses_a_note_the_store_cannot_keep(run):
    result = run("practice", "log", "coding", "--note", "x" * 501)
    assert result.exit_code == 1
    assert result.output == "error: note is 501 characters; the limit is 500\n"
    assert run("practice", "log", "coding", "--note", "x" * 500).exit_code == 0


def test_resume_without_a_session(run, tmp_path):
    result = run("practice", "start", "--resume", "--session-file", str(tmp_path / "none.json"))
    assert result.exit_code == 1 and "no paused session" in result.output
