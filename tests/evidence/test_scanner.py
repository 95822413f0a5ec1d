from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED
from wellarch.evidence.apply import collect_evidence
from wellarch.evidence.model import Status
from wellarch.evidence.registry import RuleRegistry, failed, passed, rule
from wellarch.evidence.scanner import scan
from wellarch.evidence.suppression import Baseline

SCAN = FIXTURES / "scan"
CORPUS = SHARED / "corpus"


def test_webshop_template_resolves_conditions_and_suppressions():
    result = scan([str(SCAN / "webshop")])
    assert result.problems == [] and result.resources == 3
    by = {(f.resource, f.rule_id): f for f in result.findings}
    multi_az = by[("OrdersDb", "WA-REL-001")]
    assert multi_az.status is Status.PASS  # !If on a condition known from a parameter default
    assert multi_az.line == 18 and multi_az.question_id == "REL10"
    workers = by[("Workers", "WA-REL-002")]
    assert workers.status is Status.SUPPRESSED
    assert workers.suppression == "batch workers are stateless and cheap to rebuild"
    assert by[("WebGroup", "WA-REL-002")].status is Status.FAIL


def test_bad_files_each_get_one_line_and_the_scan_goes_on():
    result = scan([str(SCAN / "bad"), str(SCAN / "webshop")])
    messages = sorted(p.format().replace(str(SCAN) + os.sep, "") for p in result.problems)
    assert messages == [
        "bad/billion-laughs.yaml: uses 180 YAML aliases; more than 100 is refused "
        "(protection against alias bombs)",
        "bad/broken.tf:2: not valid HCL: " + messages[1].split("not valid HCL: ", 1)[1],
        "bad/broken.yaml:5: not valid YAML/JSON: " + messages[2].split("YAML/JSON: ", 1)[1],
        "bad/rain-module.yaml:4: unknown intrinsic function !Rain::Module",
    ]
    assert result.resources == 3  # the good template was still scanned


def test_hostile_paths(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    binary = tmp_path / "blob.json"
    binary.write_bytes(b"\x00\x01\x02garbage" * 100)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = scan([str(tmp_path), str(tmp_path / "missing.yaml")])
    found = {Path(p.file).name: p.message for p in result.problems}
    assert found["big.yaml"] == "is 100 MB; files over 10 MB are not scanned"
    assert found["blob.json"] == "is a binary file, not a template"
    assert found["missing.yaml"] == "no such file or directory"


def test_explicit_non_template_is_reported(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("name: not a template\n")
    result = scan([str(config)])
    assert [p.message for p in result.problems] == [
        "not a CloudFormation template or a Terraform plan"
    ]
    assert scan([str(tmp_path)]).problems == []  # found by walking: skipped silently


def test_baseline_turns_known_failures_into_suppressed():
    first = scan([str(SCAN / "webshop")])
    failed_keys = [
        (f.file, f.resource, f.rule_id) for f in first.findings if f.status is Status.FAIL
    ]
    assert failed_keys
    again = scan([str(SCAN / "webshop")], baseline=Baseline(failed_keys))
    assert not [f for f in again.findings if f.status is Status.FAIL]
    assert {f.suppression for f in again.findings if f.status is Status.SUPPRESSED} >= {"baseline"}


def test_custom_registry_is_an_extension_point(tmp_path):
    registry = RuleRegistry()

    @rule(
        "WA-OPS-900",
        title="Buckets are named",
        pillar="operationalExcellence",
        severity="low",
        choice="ops_ops_model_def_resource_owners",
        types=("AWS::S3::Bucket",),
        registry=registry,
    )
    def named(resource):
        """Named buckets are easier to own."""
        if resource.get("BucketName"):
            return passed("named")
        return failed("unnamed")

    template = tmp_path / "t.yaml"
    template.write_text("Resources:\n  B:\n    Type: AWS::S3::Bucket\n")
    result = scan([str(template)], registry=registry)
    assert [(f.rule_id, f.status) for f in result.findings] == [("WA-OPS-900", Status.FAIL)]


def test_evidence_suggests_choices_only_without_failures():
    result = scan([str(SCAN / "webshop")])
    evidence = collect_evidence(result.findings)
    rel10 = evidence["REL10"]
    # Multi-AZ passes for the database but fails for WebGroup: not suggested
    assert rel10.suggested() == []
    assert rel10.failing() == ["rel_fault_isolation_multiaz_region_system"]


@pytest.mark.parametrize("seed", ["0", "1", "12345"])
def test_output_is_identical_under_any_hash_seed(seed):
    script = (
        "import json, sys; from wellarch.evidence.scanner import scan; "
        "r = scan(sys.argv[1:], jobs=1); "
        "print(json.dumps([f.to_dict() for f in r.findings]))"
    )
    paths = [str(SCAN / "webshop"), str(FIXTURES / "evidence")]
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", script, *paths], env=env, capture_output=True, text=True, check=True
    ).stdout
    reference = json.dumps([f.to_dict() for f in scan(paths, jobs=1).findings])
    assert out.strip() == reference


@pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus is not beside the project")
def test_whole_corpus_scans_without_crashing():
    result = scan([str(CORPUS)])
    assert result.files > 600 and result.resources > 5000
    for problem in result.problems:  # every failure is one clear line naming the file
        assert problem.file.startswith(str(CORPUS)) and "\n" not in problem.message
    assert len(result.problems) < 40
