from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from wellarch.errors import ScanError
from wellarch.evidence.cloudformation import Reference, load_template, parse_cloudformation
from wellarch.evidence.model import UNKNOWN, Status
from wellarch.evidence.scanner import scan
from wellarch.evidence.terraform import parse_terraform_dir

TF = FIXTURES / "terraform"


def test_terraform_tfvars_locals_and_local_modules():
    resources, errors = parse_terraform_dir(TF / "app")
    assert errors == []
    by = {r.name: r for r in resources}
    db = by["module.orders_db.aws_db_instance.this"]
    assert db.get("multi_az") is True  # terraform.tfvars → root var → module input
    assert db.get("backup_retention_period") == 14  # local → module input
    assert db.file.endswith("modules/db/main.tf") and db.line == 10
    assert db.line_of("multi_az") == 13
    assert by["module.orders_db.aws_db_instance.unknown"].get("multi_az") is UNKNOWN
    assert not any(name.startswith("module.registry") for name in by)  # not on disk
    assert by["aws_autoscaling_group.web"].suppressed == {"WA-REL-002": "single-zone canary fleet"}


def test_terraform_findings_follow_resolution():
    result = scan([str(TF / "app")])
    status = {(f.resource, f.rule_id): f.status for f in result.findings}
    assert status[("module.orders_db.aws_db_instance.this", "WA-REL-001")] is Status.PASS
    assert status[("module.orders_db.aws_db_instance.unknown", "WA-REL-001")] is (
        Status.UNDETERMINED
    )
    assert status[("aws_autoscaling_group.web", "WA-REL-002")] is Status.SUPPRESSED


def test_plan_files_are_the_most_accurate_input():
    result = scan([str(TF / "plan" / "plan.json")])
    assert result.problems == [] and result.resources == 2  # data sources are skipped
    status = {(f.resource, f.rule_id): f for f in result.findings}
    assert status[("aws_db_instance.orders", "WA-REL-001")].status is Status.PASS
    assert status[("aws_db_instance.orders", "WA-REL-003")].status is Status.FAIL
    asg = status[("module.web.aws_autoscaling_group.this", "WA-REL-002")]
    assert asg.status is Status.PASS and asg.line > 1


TEMPLATE = b"""\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  Free: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsFree: !Equals [!Ref Free, x]
Resources:
  Key:
    Type: AWS::KMS::Key
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      KmsKeyId: !GetAtt Key.Arn
      MultiAZ: !If [IsProd, true, false]
      StorageType: !If [IsFree, gp3, gp3]
      Iops: !If [IsFree, 3000, 6000]
      Name: !Sub "db-${AWS::Region}"
      Plain: !Sub plain
      Joined: !Join ["-", [a, b]]
      Removed: !Ref AWS::NoValue
"""


def test_cloudformation_short_forms_and_resolution():
    doc = load_template(TEMPLATE, "t.yaml")
    [_key, db] = parse_cloudformation(doc, "t.yaml", TEMPLATE)
    assert (db.name, db.line) == ("Db", 11)
    props = db.properties
    assert isinstance(props["KmsKeyId"], Reference)
    assert props["MultiAZ"] is True  # condition known from the parameter default
    assert props["StorageType"] == "gp3"  # both branches agree
    assert props["Iops"] is UNKNOWN  # unknown condition, branches differ
    assert props["Name"] is UNKNOWN and props["Plain"] == "plain" and props["Joined"] == "a-b"
    assert "Removed" not in props
    assert db.line_of("MultiAZ") == 15


def test_json_templates_have_lines_too():
    data = b'{\n  "Resources": {\n    "Q": {\n      "Type": "AWS::SQS::Queue"\n    }\n  }\n}\n'
    [queue] = parse_cloudformation(load_template(data, "t.json"), "t.json", data)
    assert queue.line == 3


def test_unknown_tag_names_its_line():
    with pytest.raises(ScanError) as info:
        load_template(b"Resources:\n  X:\n    Type: !Rain::Module m.yaml\n", "t.yaml")
    assert str(info.value) == "t.yaml:3: unknown intrinsic function !Rain::Module"


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_parse_or_raise_scan_error(data):
    try:
        doc = load_template(data, "fuzz.yaml")
    except ScanError:
        return
    if isinstance(doc, dict) and isinstance(doc.get("Resources"), dict):
        parse_cloudformation(doc, "fuzz.yaml", data)


@settings(max_examples=100)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["Ref", "Fn::If", "Fn::Sub", "Fn::Join", "A"]), inner, max_size=2
            )
        ),
        max_leaves=15,
    )
)
def test_resolution_never_raises(value):
    from wellarch.evidence.cloudformation import Resolver

    Resolver({"Parameters": {}, "Resources": {}}).resolve(value)
