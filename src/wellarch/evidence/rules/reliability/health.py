"""Reliability rules on withstanding component failures: target group health checks, Route 53
failover health checks, Auto Scaling groups that use their load balancer's health checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import (
    literal as _literal,
)
from wellarch.evidence.rules.common import (
    present,
    text_list,
    truth,
)

HEALTH_CHECKS = "rel_withstand_component_failures_monitoring_health"
FAILOVER = "rel_withstand_component_failures_failover2good"
AUTO_HEALING = "rel_withstand_component_failures_auto_healing_system"


@rule(
    "WA-REL-009",
    title="Target groups check the health of their targets",
    pillar="reliability",
    severity="medium",
    choice=HEALTH_CHECKS,
    types=(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "aws_lb_target_group",
        "aws_alb_target_group",
    ),
    checkov=("CKV_AWS_261",),
)
def target_group_health_check(r: Resource) -> Check | None:
    """A load balancer only stops sending traffic to a broken target when the health check
    notices. For HTTP targets the default check requests "/", which usually proves only that
    the web server answers; a dedicated health path should exercise the application."""
    target_type = r.get("TargetType", "target_type")
    if target_type == "lambda":
        return None  # Lambda targets have no instances to take out of service
    at_enabled = ("HealthCheckEnabled", "health_check")
    enabled = r.get("HealthCheckEnabled", "health_check.enabled")
    if enabled is not None:
        value = truth(enabled)
        if isinstance(value, Unknown):
            return undetermined(
                "whether health checks run is known only at deployment", *at_enabled
            )
        if not value:
            return failed(
                "health checks are disabled: failed targets keep receiving traffic", *at_enabled
            )
    protocol = r.get("HealthCheckProtocol", "health_check.protocol")
    if protocol is None:
        protocol = r.get("Protocol", "protocol")
    if protocol is None:
        return undetermined("the target group's protocol is not set", "Protocol", "protocol")
    text = _literal(protocol)
    if text is None:
        return undetermined("the health check protocol is known only at deployment")
    if text.upper() not in ("HTTP", "HTTPS"):
        return passed(f"{text.upper()} health checks are on", *at_enabled)
    at_path = ("HealthCheckPath", "health_check")
    path = r.get("HealthCheckPath", "health_check.path")
    if path is None:
        return failed(
            "no health check path is set: the target group falls back to requesting '/', "
            "which shows only that the web server answers; set a path that checks the "
            "application",
            *at_path,
        )
    shown = _literal(path)
    return passed(
        f"health checks request {shown}" if shown else "a health check path is set", *at_path
    )


def _alias_evaluates(alias: Any) -> Any:
    if alias is None:
        return None
    return alias.get("EvaluateTargetHealth") if isinstance(alias, Mapping) else UNKNOWN


def _failover_record(
    kind: Any, health_check: Any, evaluate: Any, name: str
) -> tuple[str, str] | None:
    """("pass" | "fail" | "undetermined", message) for one record, None when not failover."""
    if kind is None:
        return None
    if present(health_check):
        return "pass", f"failover record {name} has a health check"
    value = truth(evaluate)
    if value is True:
        return "pass", f"failover alias record {name} evaluates the target's health"
    text = _literal(kind)
    if text is None or isinstance(value, Unknown):
        return (
            "undetermined",
            f"the failover role or health of record {name} is known only at deployment",
        )
    if text.upper() == "SECONDARY":
        return (
            "pass",
            f"secondary record {name} has no health check; Route 53 treats it as always "
            "healthy, which suits a last-resort endpoint",
        )
    return (
        "fail",
        f"primary failover record {name} has no health check: Route 53 treats it as always "
        "healthy and never fails over",
    )


@rule(
    "WA-REL-010",
    title="Route 53 failover records have health checks",
    pillar="reliability",
    severity="high",
    choice=FAILOVER,
    types=("AWS::Route53::RecordSet", "AWS::Route53::RecordSetGroup", "aws_route53_record"),
)
def route53_failover_health_check(r: Resource) -> Check | None:
    """Route 53 fails over only when the primary record is known to be unhealthy. A primary
    failover record without a health check (or an alias that evaluates target health) is
    always considered healthy, so the secondary is never used."""
    if r.type == "AWS::Route53::RecordSetGroup":
        records = [
            (
                rec.get("Failover"),
                rec.get("HealthCheckId"),
                _alias_evaluates(rec.get("AliasTarget")),
                str(_literal(rec.get("Name")) or "?"),
            )
            for rec in text_list(r.get("RecordSets"))
            if isinstance(rec, Mapping)
        ]
    else:
        records = [
            (
                r.get("Failover", "failover_routing_policy.type"),
                r.get("HealthCheckId", "health_check_id"),
                r.get("AliasTarget.EvaluateTargetHealth", "alias.evaluate_target_health"),
                str(_literal(r.get("Name", "name")) or r.name),
            )
        ]
    results = [res for res in (_failover_record(*rec) for rec in records) if res is not None]
    if not results:
        return None
    at = ("HealthCheckId", "Failover", "RecordSets", "health_check_id", "failover_routing_policy")
    for status, check in (("fail", failed), ("undetermined", undetermined)):
        messages = [m for s, m in results if s == status]
        if messages:
            return check("; ".join(messages), *at)
    return passed("; ".join(m for _, m in results), *at)


@rule(
    "WA-REL-017",
    title="Auto Scaling groups behind a load balancer use its health checks",
    pillar="reliability",
    severity="medium",
    choice=AUTO_HEALING,
    types=("AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group"),
    checkov=("CKV2_AWS_15",),
)
def asg_elb_health_check(r: Resource) -> Check | None:
    """By default a group replaces an instance only when EC2 status checks fail. If the
    application on it hangs, the load balancer marks it unhealthy but the group keeps it;
    with the ELB health check type the group replaces it automatically."""
    attached = any(
        present(r.get(*names))
        for names in (
            ("TargetGroupARNs", "target_group_arns"),
            ("LoadBalancerNames", "load_balancers"),
            ("TrafficSources", "traffic_source"),
        )
    )
    if not attached:
        return None
    at = ("HealthCheckType", "health_check_type")
    value = r.get(*at)
    if value is None:
        value = "EC2"  # the service default
    text = _literal(value)
    if text is None:
        return undetermined("the health check type is known only at deployment", *at)
    kinds = {part.strip().upper() for part in text.split(",")}
    if kinds & {"ELB", "VPC_LATTICE"}:
        return passed(f"the group uses {text} health checks", *at)
    return failed(
        f"the group uses {text} health checks only: instances failing the load balancer's "
        "health check are not replaced",
        *at,
    )
