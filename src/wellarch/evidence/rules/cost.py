"""Rules of the cost optimization pillar: cost-allocation tags, budgets, data retention,
cheaper storage and instance generations, Spot capacity and data transfer.

Required cost-allocation tags
-----------------------------
WA-COST-001 checks that taggable resources carry the tag keys in :data:`REQUIRED_TAGS`
(``("cost-center",)``; keys are matched exactly, as AWS cost allocation does). The setting is
module-level and does not read the environment: a caller (the CLI's option) changes it with
:func:`configure_required_tags` before scanning, and :func:`required_tags` reports the keys in
force. Worker processes inherit the setting when they are forked after the call.

S3 lifecycle and other companion resources
------------------------------------------
Terraform (AWS provider v4+) configures buckets with separate resources whose ``bucket``
argument is usually a reference, which resolves to UNKNOWN. :func:`attach` pairs such
companions with their owners by literal name, by CloudFormation reference, by the same local
name in the same module (``aws_s3_bucket.logs`` / ``aws_s3_bucket_lifecycle_configuration.logs``)
or, when a module has one candidate owner, by elimination; the sustainability rules use it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wellarch.evidence.cloudformation import Reference
from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import number, present, text_list, truth
from wellarch.evidence.rules.operations import block, dynamic, lookup, text

__all__ = [
    "BUCKET_TYPES",
    "LIFECYCLE_TYPE",
    "REQUIRED_TAGS",
    "UNCLEAR",
    "Attached",
    "attach",
    "bucket_lifecycles",
    "configure_required_tags",
    "has_rule",
    "required_tags",
    "verdict",
]

TAGS = "cost_monitor_usage_org_information"
BUDGETS = "cost_cloud_financial_management_budget_forecast"
RETENTION = "cost_decomissioning_resources_data_retention"
SELECT = "cost_select_service_select_for_cost"
NEW_RELEASES = "cost_cloud_financial_management_scheduled"
PRICING = "cost_pricing_model_implement_models"
TRANSFER = "cost_data_transfer_implement_services"

#: The cost-allocation tag keys WA-COST-001 requires unless configured otherwise.
REQUIRED_TAGS: tuple[str, ...] = ("cost-center",)
_required: tuple[str, ...] = REQUIRED_TAGS


def configure_required_tags(keys: Iterable[str] | str | None) -> tuple[str, ...]:
    """Set the tag keys WA-COST-001 requires and return them.

    ``keys`` is an iterable of keys or one comma-separated string; blanks are dropped and
    duplicates removed. ``None`` restores :data:`REQUIRED_TAGS`. An empty selection is an
    error: a tag rule that requires nothing would pass everything."""
    global _required
    if keys is None:
        _required = REQUIRED_TAGS
        return _required
    items = keys.split(",") if isinstance(keys, str) else list(keys)
    chosen = tuple(dict.fromkeys(k.strip() for k in items if isinstance(k, str) and k.strip()))
    if not chosen:
        raise ValueError("at least one required tag key is needed")
    _required = chosen
    return _required


def required_tags() -> tuple[str, ...]:
    """The tag keys WA-COST-001 currently requires."""
    return _required


# --- matching companion resources to their owners ---------------------------------------------


def _module_and_local(r: Resource) -> tuple[str, str]:
    if r.format == "cloudformation":
        return "", r.name
    at = r.name.rfind(f"{r.type}.")
    if at < 0:
        return "", r.name
    return r.name[:at], r.name[at + len(r.type) + 1 :].split("[", 1)[0]


@dataclass(frozen=True)
class Attached:
    """The companions of one owner. ``exact`` is False when several owners of a module share
    a pool of companions that could not be told apart (each owner may have any one of them)."""

    items: tuple[Resource, ...]
    exact: bool = True


def attach(
    owners: Sequence[Resource],
    companions: Sequence[Resource],
    owner_key: Callable[[Resource], Any],
    companion_key: Callable[[Resource], Any],
) -> dict[str, Attached | Unknown]:
    """Companions of each owner (by owner name). UNKNOWN for owners whose companion cannot be
    identified: fewer unmatched companions than unmatched owners in the module."""
    found: dict[str, list[Resource]] = {o.name: [] for o in owners}
    keys = {o.name: owner_key(o) for o in owners}
    pending: list[Resource] = []
    for c in companions:
        key = companion_key(c)
        if isinstance(key, Reference):  # CloudFormation: the owner's logical id
            if str(key) in found:
                found[str(key)].append(c)
            continue
        if isinstance(key, str):
            target = next((o for o in owners if keys[o.name] == key), None)
            if target is not None:
                found[target.name].append(c)
            elif any(isinstance(k, Unknown) for k in keys.values()):
                pending.append(c)
            continue  # a literal name of a resource defined elsewhere
        place = _module_and_local(c)
        same = next((o for o in owners if _module_and_local(o) == place), None)
        if same is not None:
            found[same.name].append(c)
        else:
            pending.append(c)
    result: dict[str, Attached | Unknown] = {
        name: Attached(tuple(items)) for name, items in found.items()
    }
    for module in sorted({_module_and_local(c)[0] for c in pending}):
        pool = tuple(c for c in pending if _module_and_local(c)[0] == module)
        free = [o for o in owners if _module_and_local(o)[0] == module and not found[o.name]]
        if len(free) == 1:
            result[free[0].name] = Attached(pool)
        elif len(pool) >= len(free):
            for o in free:
                result[o.name] = Attached(pool, exact=False)
        else:
            for o in free:
                result[o.name] = UNKNOWN
    return result


def _name_key(*names: str) -> Callable[[Resource], Any]:
    def key(r: Resource) -> Any:
        value = r.get(*names)
        if value is None:
            return UNKNOWN  # a generated name: anything may refer to it
        return text(value)

    return key


# --- S3 lifecycle -------------------------------------------------------------------------------

BUCKET_TYPES = ("AWS::S3::Bucket", "aws_s3_bucket")
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
    attached = attach(buckets, configs, _name_key("bucket"), lambda c: c.get("bucket"))
    out: list[tuple[Resource, Candidates]] = []
    for bucket in buckets:
        inline = _inline_rules(bucket)
        match = attached[bucket.name]
        if isinstance(inline, Unknown) or isinstance(match, Unknown):
            out.append((bucket, UNKNOWN))
            continue
        sets: list[list[LifecycleRule | Unknown]] = []
        groups = [match.items] if match.exact else [(c,) for c in match.items]
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


# --- rules --------------------------------------------------------------------------------------

#: Resource types that cost money by themselves and take tags, with their tag property when
#: it is not "Tags" / "tags".
TAGGABLE = {
    "AWS::EC2::Instance": None,
    "aws_instance": None,
    "AWS::EC2::Volume": None,
    "aws_ebs_volume": None,
    "AWS::EC2::NatGateway": None,
    "aws_nat_gateway": None,
    "AWS::AutoScaling::AutoScalingGroup": None,
    "aws_autoscaling_group": "tag",
    "AWS::RDS::DBInstance": None,
    "aws_db_instance": None,
    "AWS::RDS::DBCluster": None,
    "aws_rds_cluster": None,
    "AWS::DynamoDB::Table": None,
    "aws_dynamodb_table": None,
    "AWS::S3::Bucket": None,
    "aws_s3_bucket": None,
    "AWS::Lambda::Function": None,
    "aws_lambda_function": None,
    "AWS::ECS::Cluster": None,
    "aws_ecs_cluster": None,
    "AWS::ECS::Service": None,
    "aws_ecs_service": None,
    "AWS::EKS::Cluster": None,
    "aws_eks_cluster": None,
    "AWS::EKS::Nodegroup": None,
    "aws_eks_node_group": None,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": None,
    "aws_lb": None,
    "aws_alb": None,
    "AWS::ElastiCache::ReplicationGroup": None,
    "aws_elasticache_replication_group": None,
    "AWS::OpenSearchService::Domain": None,
    "aws_opensearch_domain": None,
    "AWS::Redshift::Cluster": None,
    "aws_redshift_cluster": None,
    "AWS::EFS::FileSystem": "FileSystemTags",
    "aws_efs_file_system": None,
    "AWS::Kinesis::Stream": None,
    "aws_kinesis_stream": None,
}


def _tag_map(r: Resource) -> tuple[dict[str, Any], bool] | Unknown:
    """Tag key → (value, propagated) and whether some entries are known only at deployment."""
    special = TAGGABLE.get(r.type)
    if r.format == "terraform-plan" and isinstance(r.get("tags_all"), Mapping):
        raw: Any = r.get("tags_all")  # includes the provider's default_tags
    elif special is not None:
        raw = lookup(r, special)
    else:
        raw = lookup(r, "Tags", "tags")
    if raw is None:
        return {}, False
    if isinstance(raw, Mapping):
        return {str(k): (v, True) for k, v in raw.items()}, False
    if not isinstance(raw, list):
        return UNKNOWN
    tags: dict[str, Any] = {}
    partial = False
    for item in raw:
        key = text(item.get("Key", item.get("key"))) if isinstance(item, Mapping) else UNKNOWN
        if not isinstance(item, Mapping) or not isinstance(key, str):
            partial = True
            continue
        propagate = item.get("PropagateAtLaunch", item.get("propagate_at_launch", True))
        tags[key] = (item.get("Value", item.get("value")), truth(propagate))
    return tags, partial


@rule(
    "WA-COST-001",
    title="Taggable resources carry the required cost-allocation tags",
    pillar="costOptimization",
    severity="medium",
    choice=TAGS,
    types=tuple(TAGGABLE),
)
def cost_allocation_tags(r: Resource) -> Check | None:
    """Cost allocation tags are how a bill is split by team, product or environment; an
    untagged resource lands in an "unallocated" bucket that nobody owns or optimizes. The
    required keys default to cost-center and can be configured."""
    at = (TAGGABLE.get(r.type) or "Tags", "tags")
    found = _tag_map(r)
    if isinstance(found, Unknown):
        return undetermined("the resource's tags are known only at deployment", *at)
    tags, partial = found
    wanted = required_tags()
    missing = [k for k in wanted if k not in tags or tags[k][0] in (None, "")]
    if missing and partial:
        return undetermined(
            f"tag {', '.join(missing)} is not set literally; some tags are known only at "
            "deployment",
            *at,
        )
    if missing:
        hint = (
            " (provider default_tags are not visible in .tf files; scan a plan to include them)"
            if r.format == "terraform"
            else ""
        )
        return failed(
            f"missing cost-allocation tag(s) {', '.join(missing)}: its cost cannot be "
            f"attributed{hint}",
            *at,
        )
    if r.type in ("AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group"):
        local = [k for k in wanted if tags[k][1] is False]
        if local:
            return failed(
                f"tag(s) {', '.join(local)} are not propagated at launch: the group's "
                "instances, which carry its cost, stay untagged",
                *at,
            )
    return passed(f"tagged with {', '.join(wanted)}", *at)


BUDGET_TYPES = ("AWS::Budgets::Budget", "aws_budgets_budget")
SPENDING = (
    "AWS::EC2::Instance",
    "aws_instance",
    "AWS::AutoScaling::AutoScalingGroup",
    "aws_autoscaling_group",
    "AWS::Lambda::Function",
    "aws_lambda_function",
    "AWS::ECS::Service",
    "aws_ecs_service",
    "AWS::EKS::Cluster",
    "aws_eks_cluster",
    "AWS::EKS::Nodegroup",
    "aws_eks_node_group",
    "AWS::RDS::DBInstance",
    "aws_db_instance",
    "AWS::RDS::DBCluster",
    "aws_rds_cluster",
    "AWS::DynamoDB::Table",
    "aws_dynamodb_table",
    "AWS::Redshift::Cluster",
    "aws_redshift_cluster",
    "AWS::OpenSearchService::Domain",
    "aws_opensearch_domain",
    "AWS::ElastiCache::ReplicationGroup",
    "aws_elasticache_replication_group",
    "AWS::ElastiCache::CacheCluster",
    "aws_elasticache_cluster",
    "AWS::EMR::Cluster",
    "aws_emr_cluster",
)


@rule(
    "WA-COST-002",
    title="Templates that run compute or databases define a budget with alerts",
    pillar="costOptimization",
    severity="low",
    choice=BUDGETS,
    types=(*SPENDING, *BUDGET_TYPES),
    scope="unit",
)
def budget_defined(resources: Sequence[Resource]) -> Iterable[Check]:
    """A budget with notifications turns an unexpected bill at the end of the month into an
    alert within days. Deploying it with the workload keeps the threshold next to what it
    pays for; an account-level budget is the alternative."""
    spending = [r for r in resources if r.type in SPENDING]
    if not spending:
        return []
    budgets = [r for r in resources if r.type in BUDGET_TYPES]
    if not budgets:
        return [
            failed(
                f"no AWS Budgets budget is defined for the compute and databases here "
                f"({', '.join(r.name for r in spending[:3])}{'…' if len(spending) > 3 else ''}): "
                "add one with alerts, unless an account-level budget covers this workload",
                resource=spending[0],
            )
        ]
    unknown = None
    for budget in budgets:
        alerts = budget.get("NotificationsWithSubscribers", "notification")
        if isinstance(alerts, Unknown):
            unknown = budget
        elif present(alerts):
            return [passed(f"budget {budget.name} sends cost alerts", resource=budget)]
    if unknown is not None:
        return [
            undetermined(
                "the budget's notifications are known only at deployment", resource=unknown
            )
        ]
    return [
        failed(
            f"budget {budgets[0].name} has no notifications: it records spend but alerts no one",
            "NotificationsWithSubscribers",
            "notification",
            resource=budgets[0],
        )
    ]


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


def _volume_types(r: Resource) -> list[Any]:
    """Explicit EBS volume types of an instance, launch template or launch configuration."""
    if r.type in ("AWS::EC2::Volume", "aws_ebs_volume"):
        return [r.get("VolumeType", "type")]
    if r.format == "cloudformation":
        mappings = lookup(r, "LaunchTemplateData.BlockDeviceMappings", "BlockDeviceMappings")
        if isinstance(mappings, Unknown) or (
            mappings is not None and not isinstance(mappings, list)
        ):
            return [UNKNOWN]
        return [
            lookup_map(m, "Ebs", "VolumeType") if isinstance(m, Mapping) else UNKNOWN
            for m in text_list(mappings)
        ]
    found: list[Any] = []
    for name, path in (
        ("root_block_device", ("volume_type",)),
        ("ebs_block_device", ("volume_type",)),
        ("block_device_mappings", ("ebs", "volume_type")),
    ):
        value = r.get(name)
        if isinstance(value, Unknown):
            found.append(UNKNOWN)
            continue
        for item in text_list(value):
            found.append(lookup_map(item, *path) if isinstance(item, Mapping) else UNKNOWN)
    return found


def lookup_map(value: Mapping[str, Any], *path: str) -> Any:
    """Walk a path of keys through maps and one-item block lists; UNKNOWN when the walk meets
    an unresolved value, None when a key is absent."""
    current: Any = value
    for part in path:
        current = block(current)
        if isinstance(current, Unknown):
            return UNKNOWN
        if isinstance(current, Mapping) and part not in current and dynamic(current, part):
            return UNKNOWN
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


@rule(
    "WA-COST-006",
    title="EBS volumes use gp3 rather than gp2",
    pillar="costOptimization",
    severity="low",
    choice=SELECT,
    types=(
        "AWS::EC2::Volume",
        "aws_ebs_volume",
        "AWS::EC2::Instance",
        "aws_instance",
        "AWS::EC2::LaunchTemplate",
        "aws_launch_template",
        "AWS::AutoScaling::LaunchConfiguration",
        "aws_launch_configuration",
    ),
)
def ebs_gp3(r: Resource) -> Check | None:
    """gp3 volumes cost about 20 % less per GB than gp2 and include a 3,000 IOPS and 125 MB/s
    baseline whatever their size, so nothing is gained by keeping gp2. The change is made on
    live volumes without downtime."""
    standalone = r.type in ("AWS::EC2::Volume", "aws_ebs_volume")
    if standalone:
        at = ("VolumeType", "type")
    elif r.type == "AWS::EC2::LaunchTemplate":
        at = ("LaunchTemplateData.BlockDeviceMappings", "")
    else:
        tf = "block_device_mappings" if r.type == "aws_launch_template" else "root_block_device"
        at = ("BlockDeviceMappings", tf)
    values = [text(v) for v in _volume_types(r)]
    if standalone and values == [None]:
        return failed("the volume type is not set and defaults to gp2: choose gp3", *at)
    explicit = [v for v in values if v is not None]
    if not explicit:
        return None  # the image's block device settings apply
    if "gp2" in explicit:
        count = explicit.count("gp2")
        return failed(f"{count} volume(s) use gp2: gp3 costs less for the same baseline", *at)
    if any(isinstance(v, Unknown) for v in explicit):
        return undetermined("the volume type is known only at deployment", *at)
    return passed(f"volumes use {', '.join(sorted({str(v) for v in explicit}))}", *at)


@rule(
    "WA-COST-007",
    title="Auto Scaling groups use Spot capacity",
    pillar="costOptimization",
    severity="low",
    choice=PRICING,
    types=("AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group"),
)
def asg_spot(r: Resource) -> Check | None:
    """Spot capacity costs up to 90 % less than On-Demand. Stateless, interruption-tolerant
    fleets behind a load balancer or a queue are the typical fit: a mixed instances policy
    keeps a base of On-Demand instances and fills the rest with Spot across several types."""
    at = ("MixedInstancesPolicy", "mixed_instances_policy")
    policy = block(r.get(*at))
    if isinstance(policy, Unknown):
        return undetermined("the mixed instances policy is known only at deployment", *at)
    if policy is None:
        return failed(
            "the group has no mixed instances policy and runs On-Demand only (unless its "
            "launch template requests Spot): use Spot if the workload tolerates interruption",
            *at,
        )
    share = number(
        lookup(
            r,
            "MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity",
            "mixed_instances_policy.instances_distribution.on_demand_percentage_above_base_capacity",
        )
    )
    if isinstance(share, Unknown):
        return undetermined("the On-Demand share is known only at deployment", *at)
    if share is None:
        share = 100.0  # the service default
    if share >= 100:
        return failed(
            "the mixed instances policy keeps 100 % of capacity above the base On-Demand: "
            "lower OnDemandPercentageAboveBaseCapacity to use Spot",
            *at,
        )
    return passed(f"{100 - share:g} % of capacity above the On-Demand base runs on Spot", *at)


#: Instance families with a newer generation that costs less for the same capacity, and
#: their current x86 and Graviton successors.
OLDER_FAMILIES = {
    "t1": ("t3", "t4g"),
    "t2": ("t3", "t4g"),
    "m1": ("m7i", "m7g"),
    "m2": ("r7i", "r7g"),
    "m3": ("m7i", "m7g"),
    "m4": ("m7i", "m7g"),
    "c1": ("c7i", "c7g"),
    "c3": ("c7i", "c7g"),
    "c4": ("c7i", "c7g"),
    "cc2": ("c7i", "c7g"),
    "cr1": ("r7i", "r7g"),
    "r3": ("r7i", "r7g"),
    "r4": ("r7i", "r7g"),
    "i2": ("i4i", "i4g"),
    "hs1": ("d3", "d3"),
    "g2": ("g4dn", "g5g"),
}


def _successor(value: str, family: str) -> str:
    x86, arm = OLDER_FAMILIES[family]
    for prefix in ("db.", "cache."):
        if value.startswith(prefix):
            return f"{prefix}{arm} (Graviton) or a current x86 class"
    return x86 if x86 == arm else f"{x86} or {arm} (Graviton)"


_CLASS = re.compile(r"^(?:db\.|cache\.)?([a-z]+\d+)[a-z-]*\.")
INSTANCE_TYPE = {
    "AWS::EC2::Instance": ("InstanceType",),
    "aws_instance": ("instance_type",),
    "AWS::EC2::LaunchTemplate": ("LaunchTemplateData.InstanceType",),
    "aws_launch_template": ("instance_type",),
    "AWS::AutoScaling::LaunchConfiguration": ("InstanceType",),
    "aws_launch_configuration": ("instance_type",),
    "AWS::RDS::DBInstance": ("DBInstanceClass",),
    "aws_db_instance": ("instance_class",),
    "aws_rds_cluster_instance": ("instance_class",),
    "AWS::ElastiCache::CacheCluster": ("CacheNodeType",),
    "aws_elasticache_cluster": ("node_type",),
    "AWS::ElastiCache::ReplicationGroup": ("CacheNodeType",),
    "aws_elasticache_replication_group": ("node_type",),
}


@rule(
    "WA-COST-008",
    title="Instances use a current instance generation",
    pillar="costOptimization",
    severity="low",
    choice=NEW_RELEASES,
    types=tuple(INSTANCE_TYPE),
)
def current_generation(r: Resource) -> Check | None:
    """Older instance generations (t2, m4, c4, r4 and earlier) cost more per vCPU and GB of
    memory than their successors and perform worse. Moving to the current generation is
    usually a type change with an immediate saving."""
    names = INSTANCE_TYPE[r.type]
    at = names
    value = text(lookup(r, *names))
    if value is None:
        if r.type == "AWS::EC2::Instance" and r.get("LaunchTemplate") is None:
            value = "m1.small"  # CloudFormation's default instance type
        else:
            return None
    if isinstance(value, Unknown):
        return undetermined("the instance type is known only at deployment", *at)
    match = _CLASS.match(value)
    family = match.group(1) if match else None
    if family in OLDER_FAMILIES:
        return failed(
            f"{value} is an older generation: {_successor(value, family)} costs less for "
            "the same capacity",
            *at,
        )
    return passed(f"{value} is a current generation", *at)


NAT_TYPES = ("AWS::EC2::NatGateway", "aws_nat_gateway")
ENDPOINT_TYPES = ("AWS::EC2::VPCEndpoint", "aws_vpc_endpoint")


@rule(
    "WA-COST-009",
    title="VPCs with NAT gateways reach S3 through a VPC endpoint",
    pillar="costOptimization",
    severity="low",
    choice=TRANSFER,
    types=(*NAT_TYPES, *ENDPOINT_TYPES),
    scope="unit",
)
def s3_endpoint_with_nat(resources: Sequence[Resource]) -> Iterable[Check]:
    """Traffic from private subnets to S3 otherwise passes through the NAT gateway and pays
    its per-GB processing charge. An S3 gateway endpoint carries the same traffic at no
    charge and only needs a route table entry."""
    nats = [
        r
        for r in resources
        if r.type in NAT_TYPES and text(r.get("ConnectivityType", "connectivity_type")) != "private"
    ]
    if not nats:
        return []
    unknown = False
    for endpoint in (r for r in resources if r.type in ENDPOINT_TYPES):
        service = text(endpoint.get("ServiceName", "service_name"))
        if isinstance(service, Unknown):
            unknown = True
        elif service is not None and service.endswith(".s3"):
            return [passed(f"S3 traffic can use VPC endpoint {endpoint.name}", resource=endpoint)]
    if unknown:
        return [
            undetermined(
                "the VPC endpoints' services are known only at deployment", resource=nats[0]
            )
        ]
    return [
        failed(
            "the VPC has a NAT gateway but no S3 VPC endpoint: S3 traffic pays NAT "
            "processing charges; add a gateway endpoint",
            resource=nats[0],
        )
    ]
