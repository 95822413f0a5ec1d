"""The shared companion matcher: which companion resources configure which owner."""

from __future__ import annotations

import textwrap

import pytest

from wellarch.evidence.cloudformation import load_template, parse_cloudformation
from wellarch.evidence.model import UNKNOWN, Reference, Resource, Status
from wellarch.evidence.rules.common import companions, companions_of, points_at
from wellarch.evidence.scanner import scan
from wellarch.evidence.terraform import parse_terraform_dir

VIA = ("Bucket", "bucket")
NAMES = ("BucketName", "bucket")


def _resource(rtype, name, fmt="terraform", **properties):
    return Resource(type=rtype, name=name, properties=properties, file="f", line=1, format=fmt)


def _terraform(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    resources, errors = parse_terraform_dir(folder)
    assert errors == []
    return resources


def _names(found):
    return sorted(r.name for r in found)


# --- points_at ---------------------------------------------------------------------------------

LOGS = _resource("aws_s3_bucket", "aws_s3_bucket.logs", bucket="acme-logs")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Reference("aws_s3_bucket.logs", "id"), True),
        (Reference("aws_s3_bucket.logs", "arn"), True),
        (Reference("aws_s3_bucket.logs", "bucket"), True),
        (Reference("aws_s3_bucket.other", "id"), False),
        ("acme-logs", True),  # by literal name
        ("arn:aws:s3:::acme-logs", True),  # an ARN ends with the name
        ("other-logs", False),
        ([Reference("aws_s3_bucket.other"), Reference("aws_s3_bucket.logs", "arn")], True),
        (["other", UNKNOWN], UNKNOWN),
        (["other"], False),
        (UNKNOWN, UNKNOWN),
        (None, False),
    ],
)
def test_points_at(value, expected):
    assert points_at(value, LOGS, NAMES) is expected


def test_literals_and_owner_names():
    generated = _resource("aws_s3_bucket", "aws_s3_bucket.g")  # no name: a generated one
    unknown = _resource("aws_s3_bucket", "aws_s3_bucket.u", bucket=UNKNOWN)
    assert points_at("acme-logs", generated, NAMES) is False
    assert points_at("acme-logs", unknown, NAMES) is UNKNOWN
    assert points_at("vpc-0123", _resource("aws_vpc", "aws_vpc.main")) is False  # ids only


# --- companions: Terraform ---------------------------------------------------------------------


def test_companions_by_id_arn_bucket_literal_and_list(tmp_path):
    resources = _terraform(
        tmp_path,
        {
            "main.tf": """\
                resource "aws_s3_bucket" "a" { bucket = "acme-a" }
                resource "aws_s3_bucket" "b" { bucket = "acme-b" }
                resource "aws_s3_bucket" "c" {}
                resource "aws_s3_bucket_policy" "by_id" { bucket = aws_s3_bucket.a.id }
                resource "aws_s3_bucket_policy" "by_arn" { bucket = aws_s3_bucket.a.arn }
                resource "aws_s3_bucket_policy" "by_bucket" { bucket = aws_s3_bucket.b.bucket }
                resource "aws_s3_bucket_policy" "by_name" { bucket = "acme-b" }
                resource "aws_s3_bucket_policy" "indexed" { bucket = aws_s3_bucket.c[0].id }
                resource "aws_s3_bucket_policy" "listed" {
                  bucket = [aws_s3_bucket.c.arn, "${aws_s3_bucket.c.arn}/*"]
                }
                resource "aws_s3_bucket_policy" "elsewhere" { bucket = "someone-elses" }
            """
        },
    )
    buckets = [r for r in resources if r.type == "aws_s3_bucket"]
    policies = [r for r in resources if r.type == "aws_s3_bucket_policy"]
    found = companions_of(buckets, policies, via=VIA, names=NAMES)
    assert _names(found["aws_s3_bucket.a"].linked) == [
        "aws_s3_bucket_policy.by_arn",
        "aws_s3_bucket_policy.by_id",
    ]
    assert _names(found["aws_s3_bucket.b"].linked) == [
        "aws_s3_bucket_policy.by_bucket",
        "aws_s3_bucket_policy.by_name",
    ]
    assert _names(found["aws_s3_bucket.c"].linked) == [
        "aws_s3_bucket_policy.indexed",
        "aws_s3_bucket_policy.listed",
    ]
    assert all(not m.inferred and not m.possible for m in found.values())


def test_companions_across_a_local_module(tmp_path):
    resources = _terraform(
        tmp_path,
        {
            "main.tf": """\
                resource "aws_s3_bucket" "data" {}
                module "versioning" {
                  source    = "./modules/versioning"
                  bucket_id = aws_s3_bucket.data.id
                }
            """,
            "modules/versioning/main.tf": """\
                variable "bucket_id" {}
                resource "aws_s3_bucket_versioning" "this" {
                  bucket = var.bucket_id
                  versioning_configuration { status = "Enabled" }
                }
            """,
        },
    )
    [bucket] = [r for r in resources if r.type == "aws_s3_bucket"]
    match = companions(bucket, resources, ("aws_s3_bucket_versioning",), via=VIA, names=NAMES)
    assert _names(match.linked) == ["module.versioning.aws_s3_bucket_versioning.this"]
    result = scan([str(tmp_path)])
    [finding] = [f for f in result.findings if f.rule_id == "WA-REL-013"]
    assert (finding.resource, finding.status) == ("aws_s3_bucket.data", Status.PASS)


def test_unknown_targets_by_elimination_and_by_count():
    a, b, c = (_resource("aws_s3_bucket", f"aws_s3_bucket.{n}") for n in "abc")
    known = _resource("aws_s3_bucket_policy", "aws_s3_bucket_policy.k", bucket=Reference(a.name))
    unknown = [_resource("aws_s3_bucket_policy", "aws_s3_bucket_policy.u1", bucket=UNKNOWN)]
    # a has its own; the unknown one can only be b's when c does not exist
    found = companions_of([a, b], [known, *unknown], via=VIA, names=NAMES)
    assert found[a.name].found == (known,) and found[a.name].possible == ()
    assert found[b.name].inferred == tuple(unknown)
    # two owners without one, one unknown companion: either may have it, not both
    found = companions_of([a, b, c], [known, *unknown], via=VIA, names=NAMES)
    assert found[b.name].possible == tuple(unknown) and not found[b.name].by_count
    # as many unknown companions as free owners: each has one (which is not known)
    unknown.append(_resource("aws_s3_bucket_policy", "aws_s3_bucket_policy.u2", bucket=UNKNOWN))
    found = companions_of([a, b, c], [known, *unknown], via=VIA, names=NAMES)
    assert found[c.name].possible == tuple(unknown) and found[c.name].by_count


def test_elimination_prefers_the_companions_module():
    inner = _resource("aws_s3_bucket", "module.m.aws_s3_bucket.this")
    outer = _resource("aws_s3_bucket", "aws_s3_bucket.other")
    policy = _resource("aws_s3_bucket_policy", "module.m.aws_s3_bucket_policy.this", bucket=UNKNOWN)
    found = companions_of([outer, inner], [policy], via=VIA, names=NAMES)
    assert found[inner.name].inferred == (policy,) and found[outer.name].found == ()


def test_a_shared_local_name_is_no_evidence():
    this = _resource("aws_autoscaling_group", "aws_autoscaling_group.this")
    idc = _resource("aws_autoscaling_group", "aws_autoscaling_group.idc")
    policy = _resource(
        "aws_autoscaling_policy", "aws_autoscaling_policy.this", autoscaling_group_name=UNKNOWN
    )
    found = companions_of([this, idc], [policy], via=("autoscaling_group_name",))
    assert found[this.name].possible == (policy,) and found[idc.name].possible == (policy,)


def test_plans_leave_unknown_values_out():
    bucket = _resource("aws_s3_bucket", "aws_s3_bucket.a", fmt="terraform-plan")
    other = _resource("aws_s3_bucket", "aws_s3_bucket.b", fmt="terraform-plan", bucket="b")
    policy = _resource("aws_s3_bucket_policy", "aws_s3_bucket_policy.p", fmt="terraform-plan")
    named = _resource(
        "aws_s3_bucket_policy", "aws_s3_bucket_policy.n", fmt="terraform-plan", bucket="b"
    )
    found = companions_of([bucket, other], [policy, named], via=VIA, names=NAMES)
    assert found[other.name].linked == (named,)
    assert found[bucket.name].inferred == (policy,)  # its bucket was not known at plan time


# --- companions: CloudFormation ----------------------------------------------------------------


def test_cloudformation_ref_and_getatt_forms():
    text = textwrap.dedent(
        """\
        Resources:
          Data:
            Type: AWS::S3::Bucket
          Logs:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: acme-logs
          DataPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Data
              PolicyDocument: {}
          LogsPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: acme-logs
              PolicyDocument: {}
          Fn:
            Type: AWS::Lambda::Function
          FnAsync:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: !GetAtt Fn.Arn
              Qualifier: $LATEST
          Other:
            Type: AWS::Lambda::Function
          OtherAsync:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: {"Fn::GetAtt": ["Other", "Arn"]}
              Qualifier: $LATEST
        """
    ).encode()
    resources = parse_cloudformation(load_template(text, "t.yaml"), "t.yaml", text)
    by = {r.name: r for r in resources}
    policies = ("AWS::S3::BucketPolicy",)
    assert companions(by["Data"], resources, policies, via=VIA, names=NAMES).linked == (
        by["DataPolicy"],
    )
    assert companions(by["Logs"], resources, policies, via=VIA, names=NAMES).linked == (
        by["LogsPolicy"],
    )
    configs = ("AWS::Lambda::EventInvokeConfig",)
    fn = companions(by["Fn"], resources, configs, via=("FunctionName",), names=("FunctionName",))
    assert fn.linked == (by["FnAsync"],)
    other = companions(by["Other"], resources, configs, via=("FunctionName",))
    assert other.linked == (by["OtherAsync"],)
