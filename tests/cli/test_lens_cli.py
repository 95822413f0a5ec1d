from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from wellarch.cli import cli


def test_validate_valid_file(run, lens_file):
    result = run("lens", "validate", str(lens_file))
    assert result.exit_code == 0
    assert result.output == f"{lens_file}: valid (1 pillars, 2 questions, 5 choices)\n"


def test_validate_reports_every_problem_one_per_line(run, fixtures):
    path = fixtures / "lenses" / "many-problems.json"
    result = run("lens", "validate", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 8
    assert all(line.startswith(f"{path}: $.pillars[0]") for line in lines)
    assert f"{path}: $.pillars[0].questions[1].riskRules[2].condition: comes after" in lines[-1]


def test_validate_lenient_prints_warnings_and_passes(run, fixtures):
    path = fixtures / "lenses" / "published-quirks.json"
    assert run("lens", "validate", str(path)).exit_code == 1
    result = run("lens", "validate", "--lenient", str(path))
    assert result.exit_code == 0
    assert result.output.count(": warning: ") == 5
    assert result.output.endswith("valid (1 pillars, 1 questions, 2 choices)\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02\xff" * 100, "not UTF-8 text"),
        (b'{"a": [1, 2,', "not valid JSON"),
        (b"[" * 100_000, "nested too deeply"),
        (b"[]", "$: a lens must be an object, not a list"),
    ],
)
def test_bad_input_gets_one_line_and_exit_1(run, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = run("lens", "validate", str(path))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert str(path) in result.output and message in result.output
    assert "Traceback" not in result.output


def test_validate_several_files_continues_after_a_bad_one(run, fixtures, lens_file):
    result = run("lens", "validate", str(fixtures / "lenses" / "not-json.json"), str(lens_file))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith("valid (1 pillars, 2 questions, 5 choices)")


def test_check_reports_violations(run, fixtures):
    path = fixtures / "lenses" / "unsound-rules.json"
    result = run("lens", "check", str(path))
    assert result.exit_code == 1
    assert f"{path}: backups: monotonic: adding 'bk_tested'" in result.output


def test_check_passes_on_sound_lens_and_builtin(run, lens_file):
    assert run("lens", "check", str(lens_file)).exit_code == 0
    result = run("lens", "check", "wellarchitected")
    assert result.exit_code == 0
    assert "all 57 questions pass" in result.output


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_list_show_and_export(run, tmp_path):
    listed = json.loads(run("lens", "list", "--format", "json").output)
    assert [row["alias"] for row in listed][:2] == ["wellarchitected", "interview"]
    assert listed[0]["questions"] == 57
    shown = run("lens", "show", "wellarchitected", "--question", "REL09")
    assert shown.exit_code == 0 and "How do you back up data?" in shown.output
    out = tmp_path / "wa.json"
    assert run("lens", "export", "wellarchitected", "-o", str(out)).exit_code == 0
    assert run("lens", "validate", str(out)).exit_code == 0


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_unknown_lens_is_one_clear_line(run):
    result = run("lens", "show", "nope")
    assert result.exit_code == 1
    assert result.output == "error: unknown lens 'nope' (lenses: wellarchitected, interview)\n"


def test_console_script_never_shows_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    proc = subprocess.run(
        [sys.executable, "-m", "wellarch", "lens", "check", str(bad)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    expected = "not valid JSON: Expecting property name enclosed in double quotes (column 2)"
    assert proc.stderr == f"error: {bad}:1: {expected}\n"


def test_debug_shows_the_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    proc = subprocess.run(
        [sys.executable, "-m", "wellarch", "--debug", "lens", "check", str(bad)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr and "InputError" in proc.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"garbage, not sqlite" * 50, "not a SQLite database, or it is corrupt"),
        (None, "not a wellarch database"),
    ],
)
def test_unusable_database_is_one_line(tmp_path, content, message):
    import sqlite3

    path = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(path) as conn:
            conn.execute("create table invoices (id integer)")
    else:
        path.write_bytes(content)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "workload", "list"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and message in result.output
