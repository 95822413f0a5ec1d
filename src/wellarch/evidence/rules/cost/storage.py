"""Cost rules on data retention: S3 lifecycle rules (inline or in separate Terraform
configurations, paired with their buckets) and CloudWatch log retention.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import companions_of, number, present, truth
from wellarch.evidence.rules.operations import block, dynamic, lookup, text

RETENTION = "cost_decomissioning_resources_data_retention"


BUCKET_TYPES = ("AWS::S3::Bucket", "aws_s3_bucket")
#: A bucket's own name, in both spellings.
BUCKET_NAME = ("BucketName", "bucket")
LIFECYCLE_TYPE = "aws_s3_bucket_lifecycle_configuration"

#: One lifecycle rule: whether it is enabled and which actions it has.
LifecycleRule = dict[str, Any]


def _rule_of(raw: Any, terraform: str | None) -> LifecycleRule | Unknown:
    """A lifecycle rule in one shape. ``terraform`` is None for CloudFormation, "inline" for
    aws_s3_bucket.lifecycle_rule and "config" for aws_s3_bucket_lifecycle_configuration."""
    if not isinstance(raw, Mapping):
        return UNKNOWN

    def has(*names: str) -> bool:
        return any(present(block(raw.get(n))) or dynamic(raw, n) for n in names)

    enabled: bool | Unknown
    if terraform == "inline":
        enabled = truth(raw.get("enabled"))
    else:
        status = text(raw.get("Status", raw.get("status")))
        enabled = UNKNOWN if isinstance(status, Unknown) else status == "Enabled"
    return {
        "enabled": enabled,
        "expiration": has("ExpirationInDays", "ExpirationDate", "expiration")
        and not _only_delete_markers(raw),
        "transition": has("Transitions", "Transition", "transition"),
        "noncurrent_expiration": has(
            "NoncurrentVersionExpiration",
            "NoncurrentVersionExpirationInDays",
            "noncurrent_version_expiration",
        ),
        "abort_multipart": has(
            "AbortIncompleteMultipartUpload",
            "abort_incomplete_multipart_upload",
            "abort_incomplete_multipart_upload_days",
        ),
    }


def _only_delete_markers(raw: Mapping[str, Any]) -> bool:
    """A Terraform expiration block that only removes expired delete markers."""
    expiration = block(raw.get("expiration"))
    if not isinstance(expiration, Mapping):
        return False
    return not present(expiration.get("days")) and not present(expiration.get("date"))


def _rules(value: Any, terraform: str | None) -> list[LifecycleRule | Unknown] | Unknown:
    if isinstance(value, Unknown):
        return UNKNOWN
    if value is None:
        return []
    if not isinstance(value, list):
        return UNKNOWN
    return [_rule_of(item, terraform) for item in value]


def _inline_rules(bucket: Resource) -> list[LifecycleRule | Unknown] | Unknown:
    if bucket.format == "cloudformation":
        return _rules(lookup(bucket, "LifecycleConfiguration.Rules"), None)
    return _rules(lookup(bucket, "lifecycle_rule"), "inline")


#: Candidate rule sets of one bucket: one set when its configuration is known, one per
#: possible configuration when several buckets share a pool, UNKNOWN when it cannot be told.
Candidates = list[list[LifecycleRule | Unknown]] | Unknown


def bucket_lifecycles(resources: Sequence[Resource]) -> list[tuple[Resource, Candidates]]:
    """Every bucket of the unit with the lifecycle rules that may apply to it."""
    buckets = [r for r in resources if r.type in BUCKET_TYPES]
    configs = [r for r in resources if r.type == LIFECYCLE_TYPE]
    matches = companions_of(buckets, configs, via=("bucket",), names=BUCKET_NAME)
    out: list[tuple[Resource, Candidates]] = []
    for bucket in buckets:
        inline = _inline_rules(bucket)
        match = matches[bucket.name]
        if isinstance(inline, Unknown) or (match.possible and not match.by_count):
            out.append((bucket, UNKNOWN))
            continue
        sets: list[list[LifecycleRule | Unknown]] = []
        groups = [match.found] if match.found else [(c,) for c in match.possible]
        for group in groups or [()]:
            rules = list(inline)
            for config in group:
                extra = _rules(lookup(config, "rule"), "config")
                rules += [UNKNOWN] if isinstance(extra, Unknown) else extra
            sets.append(rules)
        out.append((bucket, sets))
    return out


def has_rule(rules: list[LifecycleRule | Unknown], *actions: str) -> bool | Unknown:
    """Whether an enabled rule has one of ``actions`` (keys of a :data:`LifecycleRule`)."""
    result: bool | Unknown = False
    for item in rules:
        if isinstance(item, Unknown):
            result = UNKNOWN
        elif any(item[a] for a in actions):
            if item["enabled"] is True:
                return True
            if isinstance(item["enabled"], Unknown):
                result = UNKNOWN
    return result


def verdict(candidates: Candidates, test: Callable[[list[Any]], bool | Unknown]) -> bool | Unknown:
    """True/False when every candidate rule set agrees, else UNKNOWN."""
    if isinstance(candidates, Unknown):
        return UNKNOWN
    results = [test(rules) for rules in candidates]
    if all(r is True for r in results):
        return True
    if all(r is False for r in results):
        return False
    return UNKNOWN


#: Why a bucket's lifecycle cannot be judged.
UNCLEAR = (
    "known only at deployment, or the module's lifecycle configurations cannot be matched "
    "to its buckets"
)

#: Every lifecycle action: a rule with any of them manages the bucket's data.
ACTIONS = ("expiration", "transition", "noncurrent_expiration", "abort_multipart")


@rule(
    "WA-COST-003",
    title="S3 buckets have lifecycle rules",
    pillar="costOptimization",
    severity="medium",
    choice=RETENTION,
    types=(*BUCKET_TYPES, LIFECYCLE_TYPE),
    scope="unit",
    checkov=("CKV2_AWS_61",),
)
def s3_lifecycle(resources: Sequence[Resource]) -> Iterable[Check]:
    """Without lifecycle rules every object and every old version is kept, and paid for,
    forever. Rules that expire data after its retention period or move it to cheaper storage
    classes put the data retention policy into effect."""
    checks: list[Check] = []
    for bucket, candidates in bucket_lifecycles(resources):
        at = ("LifecycleConfiguration", "lifecycle_rule")
        enabled = verdict(candidates, lambda rules: has_rule(rules, *ACTIONS))
        if isinstance(enabled, Unknown):
            checks.append(
                undetermined(
                    f"the bucket's lifecycle rules are {UNCLEAR}",
                    *at,
                    resource=bucket,
                )
            )
        elif enabled:
            checks.append(passed("the bucket has enabled lifecycle rules", *at, resource=bucket))
        else:
            checks.append(
                failed(
                    "the bucket has no enabled lifecycle rule: objects and old versions are "
                    "kept forever",
                    *at,
                    resource=bucket,
                )
            )
    return checks


@rule(
    "WA-COST-004",
    title="S3 lifecycle rules clean up incomplete multipart uploads",
    pillar="costOptimization",
    severity="low",
    choice=RETENTION,
    types=(*BUCKET_TYPES, LIFECYCLE_TYPE),
    scope="unit",
    checkov=("CKV_AWS_300",),
)
def s3_abort_multipart(resources: Sequence[Resource]) -> Iterable[Check]:
    """Parts of multipart uploads that never complete are invisible in object listings but
    billed as storage until deleted. A lifecycle rule that aborts them after a few days stops
    this silent growth; the check applies to buckets that already have lifecycle rules."""
    checks: list[Check] = []
    for bucket, candidates in bucket_lifecycles(resources):
        at = ("LifecycleConfiguration", "lifecycle_rule")
        if verdict(candidates, lambda rules: has_rule(rules, *ACTIONS)) is False:
            continue  # no lifecycle at all: WA-COST-003's finding
        aborts = verdict(candidates, lambda rules: has_rule(rules, "abort_multipart"))
        if isinstance(aborts, Unknown):
            checks.append(
                undetermined(
                    f"whether incomplete uploads are aborted is {UNCLEAR}",
                    *at,
                    resource=bucket,
                )
            )
        elif aborts:
            checks.append(passed("incomplete multipart uploads are aborted", *at, resource=bucket))
        else:
            checks.append(
                failed(
                    "no lifecycle rule aborts incomplete multipart uploads: their parts are "
                    "billed until deleted",
                    *at,
                    resource=bucket,
                )
            )
    return checks


@rule(
    "WA-COST-005",
    title="CloudWatch log groups keep logs for a set number of days",
    pillar="costOptimization",
    severity="medium",
    choice=RETENTION,
    types=("AWS::Logs::LogGroup", "aws_cloudwatch_log_group"),
    checkov=("CKV_AWS_66",),
)
def log_retention(r: Resource) -> Check | None:
    """Log groups keep their events forever unless a retention period is set, and stored log
    data is billed every month. A retention that matches how long the logs are really needed
    caps that cost."""
    at = ("RetentionInDays", "retention_in_days")
    days = number(r.get(*at))
    if isinstance(days, Unknown):
        return undetermined("the retention period is known only at deployment", *at)
    if not days:
        return failed("no retention period is set: the log group keeps its logs forever", *at)
    return passed(f"logs are kept for {days:g} days", *at)
