"""Cost rules on knowing who spends what: required cost-allocation tags (configurable) and a
budget with alerts next to the compute and databases that spend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import present, truth
from wellarch.evidence.rules.operations import lookup, text

TAGS = "cost_monitor_usage_org_information"
BUDGETS = "cost_cloud_financial_management_budget_forecast"


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
    "AWS::Serverless::SimpleTable": None,
    "aws_dynamodb_table": None,
    "AWS::S3::Bucket": None,
    "aws_s3_bucket": None,
    "AWS::Lambda::Function": None,
    "AWS::Serverless::Function": None,
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
    merged = r.get("tags_all") if r.format != "cloudformation" else None
    if isinstance(merged, Mapping):
        raw: Any = merged  # includes the provider's default_tags
    elif isinstance(merged, Unknown):
        # default tags known only at deployment: the resource's own tags are a lower bound
        own = r.get("tags")
        if not isinstance(own, Mapping):
            return UNKNOWN
        return {str(k): (v, True) for k, v in own.items()}, True
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
            " (neither the resource nor its provider's default_tags set it)"
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
    "AWS::Serverless::Function",
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
    "AWS::Serverless::SimpleTable",
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
