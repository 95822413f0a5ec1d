"""What the parsers make of references, provider default tags and SAM Globals."""

from __future__ import annotations

import json
import textwrap

import pytest

from wellarch.evidence.cloudformation import load_template, parse_cloudformation
from wellarch.evidence.model import UNKNOWN, Reference
from wellarch.evidence.sam import merge_globals
from wellarch.evidence.terraform import parse_terraform_dir


def _write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _terraform(folder, files):
    _write(folder, files)
    resources, errors = parse_terraform_dir(folder)
    assert errors == []
    return {r.name: r for r in resources}


def _cloudformation(text):
    data = textwrap.dedent(text).encode()
    return {r.name: r for r in parse_cloudformation(load_template(data, "t.yaml"), "t.yaml", data)}


# --- Terraform references ---------------------------------------------------------------------

MAIN_TF = """\
locals {
  logs_id = aws_s3_bucket.logs.id
}

variable "unset" {}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_policy" "refs" {
  by_id        = aws_s3_bucket.logs.id
  by_arn       = aws_s3_bucket.logs.arn
  by_bucket    = aws_s3_bucket.logs.bucket
  interpolated = "${aws_s3_bucket.logs.id}"
  indexed      = aws_s3_bucket.logs[0].id
  keyed        = aws_s3_bucket.logs["primary"].arn
  nested       = aws_s3_bucket.logs.versioning[0].enabled
  whole        = aws_s3_bucket.logs
  via_local    = local.logs_id
  listed       = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*", "literal"]
  literal      = "acme-logs"
  data_source  = data.aws_iam_policy_document.p.json
  output       = module.other.bucket_id
  splat        = aws_s3_bucket.logs[*].arn
  function     = lower(aws_s3_bucket.logs.id)
  unset        = var.unset
  provider     = aws.west
}
"""


def test_terraform_references_name_their_target(tmp_path):
    by = _terraform(tmp_path, {"main.tf": MAIN_TF})
    refs = by["aws_s3_bucket_policy.refs"].properties
    logs = by["aws_s3_bucket.logs"]
    assert refs["by_id"] == Reference("aws_s3_bucket.logs", "id")
    assert refs["by_arn"] == Reference("aws_s3_bucket.logs", "arn")
    assert refs["by_bucket"] == Reference("aws_s3_bucket.logs", "bucket")
    assert refs["interpolated"] == Reference("aws_s3_bucket.logs", "id")
    assert refs["indexed"] == Reference("aws_s3_bucket.logs", "id")  # no instance keys
    assert refs["keyed"] == Reference("aws_s3_bucket.logs", "arn")
    assert refs["nested"] == Reference("aws_s3_bucket.logs", "versioning")
    assert refs["whole"] == Reference("aws_s3_bucket.logs")
    assert refs["via_local"] == Reference("aws_s3_bucket.logs", "id")
    assert refs["listed"] == [Reference("aws_s3_bucket.logs", "arn"), UNKNOWN, "literal"]
    assert refs["literal"] == "acme-logs"
    assert all(refs[k].names(logs) for k in ("by_id", "by_arn", "keyed", "via_local"))


@pytest.mark.parametrize("key", ["data_source", "output", "splat", "function", "unset", "provider"])
def test_other_terraform_expressions_stay_unknown(tmp_path, key):
    by = _terraform(tmp_path, {"main.tf": MAIN_TF})
    assert by["aws_s3_bucket_policy.refs"].properties[key] is UNKNOWN


def test_references_keep_the_module_they_were_written_in(tmp_path):
    by = _terraform(
        tmp_path,
        {
            "main.tf": """\
                resource "aws_s3_bucket" "logs" {}
                module "app" {
                  source    = "./modules/app"
                  log_arn   = aws_s3_bucket.logs.arn
                }
            """,
            "modules/app/main.tf": """\
                variable "log_arn" {}
                resource "aws_s3_bucket" "data" {}
                resource "aws_s3_bucket_logging" "data" {
                  bucket        = aws_s3_bucket.data.id
                  target_bucket = var.log_arn
                }
            """,
        },
    )
    logging = by["module.app.aws_s3_bucket_logging.data"]
    assert logging.get("bucket") == Reference("module.app.aws_s3_bucket.data", "id")
    assert logging.get("target_bucket") == Reference("aws_s3_bucket.logs", "arn")  # the caller's


# --- CloudFormation references -----------------------------------------------------------------


def test_cloudformation_ref_and_getatt_are_references():
    by = _cloudformation(
        """\
        Parameters:
          Env: {Type: String, Default: prod}
        Resources:
          Key:
            Type: AWS::KMS::Key
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: !Ref Key
              KmsDataKeyReusePeriodSeconds: !GetAtt Key.Arn
              Listed: [!GetAtt [Key, KeyId], !Ref Env, !Ref "AWS::Region"]
              Long: {"Fn::GetAtt": ["Key", "Arn"]}
        """
    )
    queue = by["Queue"].properties
    assert queue["KmsMasterKeyId"] == Reference("Key")
    assert queue["KmsDataKeyReusePeriodSeconds"] == Reference("Key", "Arn")
    assert queue["Listed"] == [Reference("Key", "KeyId"), "prod", UNKNOWN]
    assert queue["Long"] == Reference("Key", "Arn")
    ref = queue["KmsMasterKeyId"]
    assert not isinstance(ref, str) and str(ref) == "Key" and ref.names(by["Key"])


# --- provider default_tags ---------------------------------------------------------------------

PROVIDERS_TF = """\
provider "aws" {
  default_tags {
    tags = { "cost-center" = "4711", team = "platform" }
  }
}

provider "aws" {
  alias = "us"
  default_tags {
    tags = { team = "us" }
  }
}

provider "aws" {
  alias = "plain"
}

resource "aws_s3_bucket" "own_wins" {
  tags = { team = "reports" }
}

resource "aws_s3_bucket" "aliased" {
  provider = aws.us
}

resource "aws_s3_bucket" "no_defaults" {
  provider = aws.plain
  tags     = { team = "x" }
}

resource "aws_s3_bucket" "merged_tags" {
  tags = merge(var.common, { team = "x" })
}

variable "common" {}

resource "aws_autoscaling_group" "web" {
  min_size = 1
  max_size = 2
}

module "inherits" {
  source = "./modules/bucket"
}

module "passed" {
  source    = "./modules/bucket"
  providers = { aws = aws.us }
}
"""


def test_default_tags_are_merged_under_resource_tags(tmp_path):
    by = _terraform(
        tmp_path,
        {"main.tf": PROVIDERS_TF, "modules/bucket/main.tf": 'resource "aws_s3_bucket" "b" {}\n'},
    )
    root = {"cost-center": "4711", "team": "platform"}
    merged = {"cost-center": "4711", "team": "reports"}  # the resource's team wins
    assert by["aws_s3_bucket.own_wins"].get("tags_all") == merged
    assert by["aws_s3_bucket.own_wins"].tags == merged
    assert by["aws_s3_bucket.own_wins"].get("tags") == {"team": "reports"}  # as written
    assert by["aws_s3_bucket.aliased"].get("tags_all") == {"team": "us"}
    assert by["aws_s3_bucket.no_defaults"].get("tags_all") is None
    assert by["aws_s3_bucket.merged_tags"].get("tags_all") is UNKNOWN
    assert by["aws_autoscaling_group.web"].get("tags_all") is None  # not reached by default_tags
    assert by["module.inherits.aws_s3_bucket.b"].get("tags_all") == root
    assert by["module.passed.aws_s3_bucket.b"].get("tags_all") == {"team": "us"}


def test_default_tags_known_only_at_deployment(tmp_path):
    by = _terraform(
        tmp_path,
        {
            "main.tf": """\
                variable "tags" {}
                provider "aws" {
                  default_tags { tags = var.tags }
                }
                resource "aws_s3_bucket" "b" {}
            """
        },
    )
    assert by["aws_s3_bucket.b"].get("tags_all") is UNKNOWN


# --- SAM Globals -------------------------------------------------------------------------------

SAM = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Tracing: Active
    Environment:
      Variables:
        STAGE: prod
        LEVEL: info
    Layers: [arn:aws:lambda:eu-west-1:123456789012:layer:common:1]
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Tracing: PassThrough
      Environment:
        Variables:
          LEVEL: debug
      Layers: [arn:aws:lambda:eu-west-1:123456789012:layer:api:1]
  Worker:
    Type: AWS::Serverless::Function
  Plain:
    Type: AWS::Lambda::Function
"""


def test_sam_globals_apply_to_their_resource_type():
    by = _cloudformation(SAM)
    api, worker = by["Api"], by["Worker"]
    assert api.get("Tracing") == "PassThrough"  # the resource's own value wins
    assert api.get("Runtime") == "python3.12"
    assert api.get("Environment.Variables") == {"STAGE": "prod", "LEVEL": "debug"}
    assert api.get("Layers") == [
        "arn:aws:lambda:eu-west-1:123456789012:layer:common:1",
        "arn:aws:lambda:eu-west-1:123456789012:layer:api:1",
    ]
    assert worker.get("Tracing") == "Active"
    assert worker.line_of("Tracing") == 5  # where Globals sets it
    assert by["Plain"].properties == {}  # not a SAM resource


def test_globals_need_the_sam_transform():
    by = _cloudformation(SAM.replace("Transform: AWS::Serverless-2016-10-31\n", ""))
    assert by["Worker"].properties == {}


def test_sam_transform_in_a_list_and_json():
    data = json.dumps(
        {
            "Transform": ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"],
            "Globals": {"SimpleTable": {"SSESpecification": {"SSEEnabled": True}}},
            "Resources": {"T": {"Type": "AWS::Serverless::SimpleTable"}},
        }
    ).encode()
    [table] = parse_cloudformation(load_template(data, "t.json"), "t.json", data)
    assert table.get("SSESpecification.SSEEnabled") is True


def test_merge_globals():
    assert merge_globals("a", "b") == "b"
    assert merge_globals({"a": 1, "m": {"x": 1}}, {"m": {"y": 2}}) == {
        "m": {"x": 1, "y": 2},
        "a": 1,
    }
    assert merge_globals([1], [2]) == [1, 2]
    assert merge_globals({"a": 1}, UNKNOWN) is UNKNOWN  # the resource's value wins


IMPLICIT = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    TracingEnabled: true
Resources:
  Explicit:
    Type: AWS::Serverless::HttpApi
  GetOrder:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Named:
          Type: HttpApi
          Properties:
            ApiId: !Ref Explicit
        Get:
          Type: Api
          Properties:
            Path: /orders
            Method: get
"""


def test_sam_events_create_implicit_apis():
    by = _cloudformation(IMPLICIT)
    api = by["ServerlessRestApi"]
    assert api.type == "AWS::Serverless::Api" and api.get("TracingEnabled") is True
    assert api.line == 16  # the event that creates it
    assert api.line_of("TracingEnabled") == 4  # set in Globals
    assert "ServerlessHttpApi" not in by  # the HttpApi event names its API
