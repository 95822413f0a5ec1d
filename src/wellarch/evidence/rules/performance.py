"""Rules of the performance pillar: compute choices, scaling, edge delivery, data store metrics."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import (
    TABLE_TYPES,
    billing_mode,
    companions_of,
    number,
    present,
    text_list,
    truth,
)
from wellarch.evidence.rules.common import (
    literal as _literal,
)
from wellarch.evidence.rules.common import (
    unit_word as _unit_word,
)

BEST_COMPUTE = "perf_compute_hardware_select_best_compute_options"
SCALE_COMPUTE = "perf_compute_hardware_scale_compute_resources_dynamically"
LOCATION = "perf_networking_choose_workload_location_network_requirements"
PROTOCOLS = "perf_networking_choose_network_protocols_improve_performance"
DATA_CONFIG = "perf_data_evaluate_configuration_options_data_store"
DATA_METRICS = "perf_data_collect_record_data_store_performance_metrics"


# --- WA-PERF-001 ---------------------------------------------------------------------------

#: Families superseded by newer generations with better price-performance (EC2 names; RDS
#: and ElastiCache use the same families behind "db." and "cache.").
_OLD_FAMILIES = {
    "t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "i2", "d2", "g2", "g3",
    "p2", "x1", "cc1", "cc2", "cg1", "cr1", "hi1", "hs1",
}  # fmt: skip
_TYPE = re.compile(r"^(?:db\.|cache\.)?([a-z]+)(\d+)([a-z-]*)\.([a-z0-9-]+)$")
_TYPE_SETTINGS = (
    "InstanceType",
    "LaunchTemplateData.InstanceType",
    "DBInstanceClass",
    "CacheNodeType",
    "instance_type",
    "instance_class",
    "node_type",
)


@rule(
    "WA-PERF-001",
    title="Instances, databases and caches use current-generation or Graviton types",
    pillar="performance",
    severity="medium",
    choice=BEST_COMPUTE,
    types=(
        "AWS::EC2::Instance",
        "aws_instance",
        "AWS::EC2::LaunchTemplate",
        "aws_launch_template",
        "AWS::AutoScaling::LaunchConfiguration",
        "aws_launch_configuration",
        "AWS::RDS::DBInstance",
        "aws_db_instance",
        "aws_rds_cluster_instance",
        "AWS::ElastiCache::CacheCluster",
        "aws_elasticache_cluster",
        "AWS::ElastiCache::ReplicationGroup",
        "aws_elasticache_replication_group",
    ),
    cfn_lint=("I3100",),
)
def current_generation_types(r: Resource) -> Check | None:
    """Older instance families (t2, m4, c4, r4 and before) run on older processors and
    networking and cost more per unit of work than their successors. Current generations,
    and Graviton types above all, give more performance for the same spend."""
    value = r.get(*_TYPE_SETTINGS)
    if value is None:
        if r.type == "AWS::EC2::Instance" and r.get("LaunchTemplate") is None:
            return failed(
                "no instance type is set: CloudFormation defaults to the previous-generation "
                "m1.small",
                "InstanceType",
            )
        return None  # set elsewhere (launch template, replication group, overrides)
    text = _literal(value)
    if text is None:
        return undetermined("the instance type is known only at deployment", *_TYPE_SETTINGS)
    if text == "db.serverless":
        return passed("Aurora Serverless v2 capacity is used", *_TYPE_SETTINGS)
    match = _TYPE.match(text.strip().lower())
    if match is None:
        return passed(f"{text} is not a previous-generation type", *_TYPE_SETTINGS)
    family, generation, attributes, _ = match.groups()
    if f"{family}{generation}" in _OLD_FAMILIES:
        return failed(
            f"{text} is a previous-generation type; move to a current generation, "
            "preferably Graviton (e.g. the 7g/8g families)",
            *_TYPE_SETTINGS,
        )
    if attributes.startswith("g"):
        return passed(f"{text} is a Graviton type", *_TYPE_SETTINGS)
    return passed(
        f"{text} is a current-generation type (a Graviton equivalent may give better "
        "price-performance)",
        *_TYPE_SETTINGS,
    )


# --- WA-PERF-002 ---------------------------------------------------------------------------

_EDGE = (
    "AWS::CloudFront::Distribution",
    "aws_cloudfront_distribution",
    "AWS::GlobalAccelerator::Accelerator",
    "aws_globalaccelerator_accelerator",
)
_LOAD_BALANCERS = ("AWS::ElasticLoadBalancingV2::LoadBalancer", "aws_lb", "aws_alb")


def _public_web_entry(r: Resource) -> bool | Unknown:
    """Whether ``r`` serves web traffic straight to the internet: an internet-facing
    Application Load Balancer or an S3 website bucket."""
    if r.type in _LOAD_BALANCERS:
        kind = r.get("Type", "load_balancer_type")
        if kind is None:
            kind = "application"
        if _literal(kind) is None:
            return UNKNOWN
        if str(kind).lower() != "application":
            return False
        if r.format == "cloudformation":
            scheme = r.get("Scheme")
            if scheme is None:
                return True  # internet-facing is the default
            text = _literal(scheme)
            return UNKNOWN if text is None else text == "internet-facing"
        internal = truth(r.get("internal"))
        return internal if isinstance(internal, Unknown) else not internal
    if r.type == "AWS::S3::Bucket":
        return present(r.get("WebsiteConfiguration"))
    if r.type == "aws_s3_bucket":
        return present(r.get("website"))
    return r.type == "aws_s3_bucket_website_configuration"


@rule(
    "WA-PERF-002",
    title="Public web entry points are served through CloudFront (or Global Accelerator)",
    pillar="performance",
    severity="low",
    choice=LOCATION,
    types=(
        *_LOAD_BALANCERS,
        "AWS::S3::Bucket",
        "aws_s3_bucket",
        "aws_s3_bucket_website_configuration",
        *_EDGE,
    ),
    scope="unit",
)
def edge_delivery(resources: Sequence[Resource]) -> Iterator[Check]:
    """Users far from the workload's Region pay the round-trip time on every request. A
    CloudFront distribution terminates connections at edge locations near them, caches what
    it can and carries the rest over the AWS backbone; Global Accelerator does the same for
    traffic it cannot cache."""
    entries: list[tuple[Resource, bool | Unknown]] = []
    for r in resources:
        public = _public_web_entry(r)
        if public is not False:
            entries.append((r, public))
    if not entries:
        return
    edge = next((r for r in resources if r.type in _EDGE), None)
    for entry, public in entries:
        what = "S3 website" if "s3" in entry.type.lower() else "public load balancer"
        if edge is not None:
            yield passed(
                f"{edge.name} is defined in this {_unit_word(entry)} to serve it from the edge",
                resource=entry,
            )
        elif isinstance(public, Unknown):
            yield undetermined(
                "whether the load balancer is internet-facing is known only at deployment",
                "Scheme",
                "internal",
                resource=entry,
            )
        else:
            yield failed(
                f"this {what} is reached directly: no CloudFront distribution or Global "
                f"Accelerator in this {_unit_word(entry)} brings it closer to distant users",
                resource=entry,
            )


# --- WA-PERF-003 ---------------------------------------------------------------------------

_SCALABLE_TARGETS = ("AWS::ApplicationAutoScaling::ScalableTarget", "aws_appautoscaling_target")


@rule(
    "WA-PERF-003",
    title="DynamoDB tables use on-demand capacity or auto scaling",
    pillar="performance",
    severity="medium",
    choice=DATA_CONFIG,
    types=(*TABLE_TYPES, *_SCALABLE_TARGETS),
    scope="unit",
    checkov=("CKV2_AWS_16",),
)
def dynamodb_capacity(resources: Sequence[Resource]) -> Iterator[Check]:
    """A table with fixed provisioned capacity throttles requests as soon as traffic exceeds
    it. On-demand capacity follows traffic by itself; provisioned tables need Application
    Auto Scaling targets to do the same. A SAM SimpleTable is on-demand unless it sets
    ProvisionedThroughput."""
    tables = [r for r in resources if r.type in TABLE_TYPES]
    if not tables:
        return
    targets = [
        r
        for r in resources
        if r.type in _SCALABLE_TARGETS
        and _literal(r.get("ServiceNamespace", "service_namespace")) == "dynamodb"
    ]
    ids = [r.get("ResourceId", "resource_id") for r in targets]
    at = ("BillingMode", "billing_mode")
    for table in tables:
        mode = billing_mode(table)
        if mode is None:
            mode = "PROVISIONED"  # the service default
        text = _literal(mode)
        if text is None:
            yield undetermined("the billing mode is known only at deployment", *at, resource=table)
            continue
        if text.upper() == "PAY_PER_REQUEST":
            yield passed("on-demand capacity follows the traffic", *at, resource=table)
            continue
        name = _literal(table.get("TableName", "name"))
        known = [_literal(i) for i in ids]
        if name is not None and f"table/{name}" in known:
            yield passed("provisioned capacity is auto scaled", *at, resource=table)
        elif any(k is None for k in known):
            yield passed(
                "provisioned capacity with DynamoDB auto scaling targets in this "
                f"{_unit_word(table)}",
                *at,
                resource=table,
            )
        else:
            yield failed(
                "provisioned capacity without auto scaling: requests are throttled once "
                "traffic exceeds the fixed capacity; use on-demand or add scalable targets",
                *at,
                resource=table,
            )


# --- WA-PERF-004 ---------------------------------------------------------------------------

_NO_PI_CLASSES = {"db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small"}
_NO_PI_CLASSES |= {"db.t4g.micro", "db.t4g.small"}


@rule(
    "WA-PERF-004",
    title="RDS databases have Performance Insights enabled",
    pillar="performance",
    severity="low",
    choice=DATA_METRICS,
    types=(
        "AWS::RDS::DBInstance",
        "aws_db_instance",
        "aws_rds_cluster_instance",
        "AWS::RDS::DBCluster",
        "aws_rds_cluster",
    ),
    checkov=("CKV_AWS_353",),
)
def rds_performance_insights(r: Resource) -> Check | None:
    """Performance Insights records database load by wait event, SQL statement and host, so
    a slow query or lock contention can be found in minutes rather than guessed at. Seven
    days of history are included at no extra charge."""
    if r.type in ("AWS::RDS::DBCluster", "aws_rds_cluster") and (
        r.get("DBClusterInstanceClass", "db_cluster_instance_class") is None
    ):
        return None  # Aurora: the setting lives on each instance
    engine = str(_literal(r.get("Engine", "engine")) or "").lower()
    instance_class = _literal(r.get("DBInstanceClass", "instance_class"))
    if engine.startswith("db2") or (
        engine in ("mysql", "mariadb") and instance_class in _NO_PI_CLASSES
    ):
        return None  # Performance Insights is not offered for these
    at = (
        "EnablePerformanceInsights",
        "PerformanceInsightsEnabled",
        "performance_insights_enabled",
    )
    value = truth(r.get(*at))
    if isinstance(value, Unknown):
        return undetermined("Performance Insights is known only at deployment", *at)
    if value:
        return passed("Performance Insights is enabled", *at)
    return failed(
        "Performance Insights is off: database load by query and wait event is not recorded",
        *at,
    )


# --- WA-PERF-005 ---------------------------------------------------------------------------


def _lb_attribute(r: Resource, key: str) -> Any:
    """A value of a CloudFormation load balancer's LoadBalancerAttributes, None if absent."""
    attributes = r.get("LoadBalancerAttributes")
    if attributes is None:
        return None
    if not isinstance(attributes, list):
        return UNKNOWN
    for item in attributes:
        if not isinstance(item, Mapping):
            return UNKNOWN
        name = item.get("Key")
        if _literal(name) is None:
            return UNKNOWN
        if name == key:
            return item.get("Value")
    return None


@rule(
    "WA-PERF-005",
    title="Application Load Balancers keep HTTP/2 enabled",
    pillar="performance",
    severity="low",
    choice=PROTOCOLS,
    types=_LOAD_BALANCERS,
)
def alb_http2(r: Resource) -> Check | None:
    """HTTP/2 multiplexes many requests over one connection and compresses headers, which
    cuts connection set-up and head-of-line waits for browsers and API clients. Application
    Load Balancers enable it by default; switching it off slows every page with many
    assets."""
    kind = r.get("Type", "load_balancer_type")
    if kind is not None and _literal(kind) != "application":
        return None
    at = ("LoadBalancerAttributes", "enable_http2")
    if r.format == "cloudformation":
        value = _lb_attribute(r, "routing.http2.enabled")
    else:
        value = r.get("enable_http2")
    if value is None:
        return passed("HTTP/2 is enabled (the default)", *at)
    enabled = truth(value)
    if isinstance(enabled, Unknown):
        return undetermined("whether HTTP/2 is enabled is known only at deployment", *at)
    if enabled:
        return passed("HTTP/2 is enabled", *at)
    return failed("HTTP/2 is disabled: clients fall back to one request per connection", *at)


# --- WA-PERF-006 ---------------------------------------------------------------------------


@rule(
    "WA-PERF-006",
    title="CloudFront distributions compress content",
    pillar="performance",
    severity="low",
    choice=PROTOCOLS,
    types=("AWS::CloudFront::Distribution", "aws_cloudfront_distribution"),
)
def cloudfront_compression(r: Resource) -> Check | None:
    """Text assets such as HTML, CSS, JavaScript and JSON often shrink by 70% or more with
    gzip or Brotli, so pages load faster, especially on slow mobile links. CloudFront
    compresses only for cache behaviors that ask for it, and that setting is off by default."""
    at: tuple[str, ...] = (
        "DistributionConfig.DefaultCacheBehavior.Compress",
        "DistributionConfig.DefaultCacheBehavior",
        "default_cache_behavior",
    )
    default = r.get("DistributionConfig.DefaultCacheBehavior", "default_cache_behavior")
    if default is None:
        return undetermined("the distribution's cache behaviors are known only at deployment")
    behaviors: list[tuple[str, Any]] = [("default", default)]
    for behavior in text_list(r.get("DistributionConfig.CacheBehaviors", "ordered_cache_behavior")):
        pattern = (
            behavior.get("PathPattern", behavior.get("path_pattern"))
            if isinstance(behavior, Mapping)
            else None
        )
        behaviors.append((str(_literal(pattern) or "?"), behavior))
    off: list[str] = []
    unknown: list[str] = []
    for name, behavior in behaviors:
        if isinstance(behavior, list) and len(behavior) == 1:
            behavior = behavior[0]  # a Terraform block
        if not isinstance(behavior, Mapping):
            unknown.append(name)
            continue
        value = truth(behavior.get("Compress", behavior.get("compress")))
        if isinstance(value, Unknown):
            unknown.append(name)
        elif not value:
            off.append(name)
    if off:
        if "default" not in off:
            at = ("DistributionConfig.CacheBehaviors", "ordered_cache_behavior")
        return failed(
            f"compression is off for the {', '.join(off)} cache behavior"
            f"{'s' if len(off) > 1 else ''}: text is sent uncompressed",
            *at,
        )
    if unknown:
        return undetermined("compression is known only at deployment", *at)
    return passed("every cache behavior compresses content", *at)


# --- WA-PERF-007 ---------------------------------------------------------------------------

_GROUPS = ("AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group")
_SCALERS = (
    "AWS::AutoScaling::ScalingPolicy",
    "aws_autoscaling_policy",
    "AWS::AutoScaling::ScheduledAction",
    "aws_autoscaling_schedule",
)


@rule(
    "WA-PERF-007",
    title="Auto Scaling groups have a scaling policy or schedule",
    pillar="performance",
    severity="medium",
    choice=SCALE_COMPUTE,
    types=(*_GROUPS, *_SCALERS),
    scope="unit",
)
def asg_scaling_policy(resources: Sequence[Resource]) -> Iterator[Check]:
    """A group without scaling policies holds a fixed number of instances: too few at peak,
    when latency rises, and too many the rest of the time. Target tracking, step or
    scheduled scaling lets capacity follow demand. Single-instance groups are skipped."""
    groups = [r for r in resources if r.type in _GROUPS]
    matches = companions_of(
        groups,
        [r for r in resources if r.type in _SCALERS],
        via=("AutoScalingGroupName", "autoscaling_group_name"),
        names=("AutoScalingGroupName", "name"),
    )
    for group in groups:
        at = ("MaxSize", "max_size")
        high = number(group.get(*at))
        if high == 1:
            continue  # a self-healing singleton: nothing to scale
        match = matches[group.name]
        if match.found:
            yield passed("a scaling policy or schedule adjusts the group", resource=group)
            continue
        if match.possible:
            yield undetermined(
                "scaling policies exist, but which group they adjust is known only at deployment",
                resource=group,
            )
            continue
        low = number(group.get("MinSize", "min_size"))
        if isinstance(low, float) and isinstance(high, float):
            size = (
                f"fixed at {low:g} instances"
                if low == high
                else f"at its desired size ({low:g}–{high:g} instances)"
            )
        else:
            size = "at its desired size"
        yield failed(
            f"no scaling policy or schedule: the group stays {size} whatever the load",
            *at,
            resource=group,
        )
