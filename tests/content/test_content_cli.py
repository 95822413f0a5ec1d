"""``wellarch content lint`` and ``wellarch content list``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from wellarch.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_lint_good_pages_exits_0(content_fixtures):
    result = run("content", "lint", str(content_fixtures / "good"))
    assert result.exit_code == 0, result.output
    assert "2 pages, 1 example run: 0 problems" in result.stderr


def test_lint_bad_pages_prints_file_line_message_and_exits_1(content_fixtures):
    bad = content_fixtures / "bad"
    result = run("content", "lint", str(bad / "table-ragged.md"), str(bad / "placeholder.md"))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad / 'placeholder.md'}:13: leftover placeholder [Topic] [placeholder]",
        f"{bad / 'placeholder.md'}:15: leftover placeholder [Concept 1] [placeholder]",
        f"{bad / 'placeholder.md'}:19: leftover placeholder "
        "[Component-level description] [placeholder]",
        f"{bad / 'table-ragged.md'}:18: table row has 2 cells; the header has 3 [table]",
        f"{bad / 'table-ragged.md'}:19: table row has 4 cells; the header has 3 [table]",
    ]


def test_lint_no_run_and_timeout(content_fixtures):
    page = content_fixtures / "bad" / "example-timeout.md"
    assert run("content", "lint", "--no-run", str(page)).exit_code == 0
    result = run("content", "lint", "--timeout", "0.5", str(page))
    assert result.exit_code == 1
    assert "did not finish within 0.5 s [example]" in result.stdout


def test_lint_a_missing_path_is_one_error_line(tmp_path):
    result = run("content", "lint", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope'}: no such file or directory\n"


def test_list_json_of_a_directory(content_fixtures):
    result = run("content", "list", "--dir", str(content_fixtures / "good"), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["slug"] for row in rows] == ["good-page", "other-page"]
    assert rows[0]["audience"] == ["L6", "L7"] and rows[0]["last_updated"] == "2025-01-20"


def test_list_table(content_fixtures):
    result = run("content", "list", "--dir", str(content_fixtures / "good"))
    assert result.exit_code == 0
    assert "good-page" in result.stdout


def test_lint_without_paths_lints_the_shipped_knowledge_base():
    result = run("content", "lint", "--no-run")
    assert result.exit_code == 0, result.output
    assert "17 pages, examples not run: 0 problems" in result.stderr


def test_list_the_shipped_pages():
    result = run("content", "list", "--format", "json")
    assert {row["slug"] for row in json.loads(result.stdout)} >= {"reliability", "security"}
