from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wellarch.cli import cli

REL09 = [
    "rel_backing_up_data_identified_backups_data",
    "rel_backing_up_data_secured_backups_data",
    "rel_backing_up_data_automated_backups_data",
    "rel_backing_up_data_periodic_recovery_testing_data",
]

#: Every test here reads or writes the store: each runs on every back end.
pytestmark = pytest.mark.usefixtures("backend")


def choices(ids):
    return [arg for choice in ids for arg in ("--choice", choice)]


@pytest.fixture
def run(run):
    """The CLI on a fresh database that holds the web-shop workload."""
    invoke = run
    assert (
        invoke(
            "workload",
            "create",
            "web-shop",
            "--owner",
            "Cart",
            "--region",
            "eu-west-1",
            "--priority",
            "reliability",
        ).exit_code
        == 0
    )
    return invoke


def test_answer_prints_risk_and_version(run):
    result = run("answer", "web-shop", "REL09", *choices(REL09[:2]))
    assert result.output == "REL09: MEDIUM risk (answer version 1)\n"
    result = run("answer", "web-shop", "REL09", "--notes", "restores not tested")
    assert result.output == "REL09: MEDIUM risk (answer version 2)\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["answer", "nope", "REL09", "--none"], 1, "error: unknown workload 'nope'"),
        (["answer", "web-shop", "XYZ01", "--none"], 1, "error: unknown question 'XYZ01'"),
        (["answer", "web-shop", "REL09", "--choice", "bogus"], 1, "has no choice 'bogus'"),
        (["answer", "web-shop", "REL09", "--choice", "rel10_no"], 1, "has no choice 'rel10_no'"),
        (
            ["answer", "web-shop", "REL09", "--choice", "rel09_no", "--choice", REL09[0]],
            1,
            "cannot be combined with other choices",
        ),
        (["answer", "web-shop", "REL09", "--none", "--choice", REL09[0]], 2, "use only one of"),
        (
            ["answer", "web-shop", "REL09", "--none", "--notes", "x" * 2085],
            1,
            "notes are 2085 characters; the limit is 2084",
        ),
        (["answer", "web-shop", "REL09", "--lens", "nope", "--none"], 1, "does not use lens"),
        (["milestone", "diff", "web-shop", "101"], 1, "out of range 1–100"),
        (["workload", "create", "x"], 1, "names are 3–100 characters"),
        (["workload", "create", "web-shop"], 1, "already exists"),
        (["report", "nope"], 1, "unknown workload 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, args, code, message):
    before = json.loads(run("report", "web-shop", "--format", "json").output)
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    after = json.loads(run("report", "web-shop", "--format", "json").output)
    before.pop("generated_at"), after.pop("generated_at")
    assert after == before


def test_report_json_contract(run):
    run("answer", "web-shop", "REL09", "--none")
    run("answer", "web-shop", "SUS01", "--not-applicable", "OUT_OF_SCOPE", "--details", "lab")
    data = json.loads(run("report", "web-shop", "--format", "json").output)
    lens = data["lenses"][0]
    assert set(lens) >= {"alias", "name", "risk_counts", "pillars"}
    assert set(lens["risk_counts"]) == {"HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED"}
    pillar = lens["pillars"][2]
    assert set(pillar) >= {"id", "name", "risk_counts", "questions"}
    question = next(q for q in pillar["questions"] if q["id"] == "REL09")
    assert set(question) >= {"id", "title", "risk", "selected", "not_applicable", "notes"}
    item = data["improvement_plan"][0]
    assert item["question_id"] == "REL09" and item["risk"] == "HIGH"
    assert set(item["missing"][0]) >= {"choice_id", "title", "improvement_plan", "url"}


def test_milestone_loop(run):
    run("answer", "web-shop", "REL09", "--none")
    assert run("milestone", "create", "web-shop", "baseline").output.startswith("milestone 1 ")
    run("answer", "web-shop", "REL09", *choices(REL09))
    listed = run("milestone", "list", "web-shop").output
    assert "baseline" in listed
    diff = json.loads(run("milestone", "diff", "web-shop", "1", "--format", "json").output)
    assert diff["totals"]["hris_fixed"] == 1
    change = diff["changes"][0]
    assert (change["risk_before"], change["risk_after"]) == ("HIGH", "NONE")
    assert change["choices_removed"] == ["rel09_no"]
    table = run("milestone", "diff", "web-shop", "1").output
    assert "1 high risks fixed" in table


def test_interactive_review_answers_and_resumes(run):
    # Q1 (OPS01): choose 1 and 2; Q2: none of these; Q3: skip; then quit.
    result = run("review", "web-shop", input="1 2\n0\ns\nq\n")
    assert result.exit_code == 0, result.output
    assert "saved: HIGH risk" in result.output
    data = json.loads(run("report", "web-shop", "--format", "json").output)
    ops = {q["id"]: q for q in data["lenses"][0]["pillars"][0]["questions"]}
    assert len(ops["OPS01"]["selected"]) == 2
    assert ops["OPS02"]["selected"][0]["id"] == "ops02_no"
    # resumes at the question where it stopped (OPS04)
    again = run("review", "web-shop", input="q\n")
    assert "OPS04" in again.output and "OPS01" not in again.output
    bad = run("review", "web-shop", input="99\nq\n")
    assert "'99' is not a choice number" in bad.output


def test_export_and_import_answers_aws_shape(run, tmp_path):
    run(
        "answer",
        "web-shop",
        "REL09",
        *choices(REL09[:2]),
        "--notes",
        "nightly",
    )
    run("answer", "web-shop", "SUS01", "--not-applicable", "OUT_OF_SCOPE")
    out = tmp_path / "answers.json"
    assert run("workload", "export-answers", "web-shop", "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text())
    rel09 = next(a for a in data["AnswerSummaries"] if a["QuestionId"] == "REL09")
    assert rel09["SelectedChoices"] == REL09[:2] and rel09["Risk"] == "MEDIUM"
    assert rel09["PillarId"] == "reliability" and rel09["IsApplicable"] is True
    run("workload", "create", "copy-shop")
    result = run("workload", "import-answers", "copy-shop", str(out))
    assert result.output == "imported 2 answers into 'copy-shop'\n"
    a = json.loads(run("report", "web-shop", "--format", "json").output)["lenses"]
    b = json.loads(run("report", "copy-shop", "--format", "json").output)["lenses"]
    assert a == b


def test_import_answers_from_the_aws_console_shape(run, fixtures):
    path = fixtures / "answers" / "aws-get-answer.json"
    result = run("workload", "import-answers", "web-shop", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(run("report", "web-shop", "--format", "json").output)
    rel = data["lenses"][0]["pillars"][2]["questions"]
    rel09 = next(q for q in rel if q["id"] == "REL09")
    assert rel09["risk"] == "HIGH" and rel09["notes"] == "Backups are manual today"


def test_db_export_import_and_lens_import(run, tmp_path, lens_file):
    assert run("lens", "import", str(lens_file), "--alias", "team").output.startswith(
        "imported 'Minimal team lens' as team"
    )
    run("workload", "create", "team-shop", "--lens", "team", "--lens", "wellarchitected")
    run("answer", "team-shop", "ops_runbooks", "--choice", "rb_written")
    out = tmp_path / "dump.json"
    assert run("db", "export", str(out)).exit_code == 0
    other = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path / 'other.db'}", "db", "import", str(out)]
    )
    assert other.output == f"imported 2 workloads and 1 lenses from {out}\n"
    again = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path / 'other.db'}", "db", "import", str(out)]
    )
    assert again.exit_code == 1 and "nothing was imported" in again.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    assert "not a wellarch export" in run("db", "import", str(bad)).output


def test_workload_list_show_delete(run):
    run("answer", "web-shop", "REL09", "--none")
    listed = json.loads(run("workload", "list", "--format", "json").output)
    assert listed[0]["name"] == "web-shop" and listed[0]["high"] == 1
    shown = json.loads(run("workload", "show", "web-shop", "--format", "json").output)
    assert shown["lenses"][0]["risk_counts"]["HIGH"] == 1
    assert run("workload", "delete", "web-shop", "--yes").exit_code == 0
    assert json.loads(run("workload", "list", "--format", "json").output) == []


def test_choice_not_applicable_counts_as_met(run):
    result = run(
        "answer",
        "web-shop",
        "REL09",
        *choices(REL09[:3]),
        "--choice-na",
        f"{REL09[3]}=BUSINESS_PRIORITIES",
    )
    assert result.output == "REL09: NONE risk (answer version 1)\n"
    bad = run("answer", "web-shop", "REL09", "--choice-na", "nonsense")
    assert bad.exit_code == 2 and "must be ID=REASON" in bad.output


def test_workload_update_changes_only_what_is_given_and_renames(run):
    assert (
        run("workload", "create", "shop", "--owner", "Cart", "--region", "eu-west-1").exit_code == 0
    )
    run("answer", "shop", "REL09", "--none")
    result = run("workload", "update", "shop", "--rename", "shop-eu", "--description", "EU shop")
    assert result.exit_code == 0, result.output
    assert result.stdout == "updated workload 'shop-eu' (renamed from 'shop')\n"
    shown = json.loads(run("workload", "show", "shop-eu", "--format", "json").stdout)
    assert shown["owner"] == "Cart" and shown["regions"] == ["eu-west-1"]
    assert shown["description"] == "EU shop"
    result = run("workload", "update", "shop-eu", "--region", "us-east-1", "--region", "eu-west-1")
    assert json.loads(run("workload", "show", "shop-eu", "--format", "json").stdout)["regions"] == [
        "us-east-1",
        "eu-west-1",
    ]
    missing = run("workload", "update", "shop", "--owner", "x")
    assert missing.exit_code == 1 and missing.stderr == "error: unknown workload 'shop'\n"


def test_report_as_pdf(run, tmp_path):
    pytest.importorskip("weasyprint")
    run("workload", "create", "shop")
    run("answer", "shop", "REL09", "--none")
    out = tmp_path / "shop.pdf"
    result = run("report", "shop", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    piped = run("report", "shop", "--format", "pdf")  # CliRunner's output is not a terminal
    assert piped.stdout_bytes.startswith(b"%PDF-")
