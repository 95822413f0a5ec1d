"""Reliability rules on redundancy across Availability Zones: RDS Multi-AZ, Auto Scaling groups,
ElastiCache replication groups and load balancers.
"""

from __future__ import annotations

from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import (
    literal as _literal,
)
from wellarch.evidence.rules.common import (
    text_list,
    truth,
)

MULTI_AZ = "rel_fault_isolation_multiaz_region_system"


def _count(value: Any) -> int | Unknown | None:
    """How many items a list-valued setting holds (a comma-separated default counts too)."""
    if value is None:
        return None
    if isinstance(value, list):
        return len(value)
    text = _literal(value)
    if text is not None:
        return len([part for part in text.split(",") if part.strip()])
    return UNKNOWN


@rule(
    "WA-REL-001",
    title="RDS database instances run in more than one Availability Zone",
    pillar="reliability",
    severity="high",
    choice=MULTI_AZ,
    types=("AWS::RDS::DBInstance", "aws_db_instance"),
    checkov=("CKV_AWS_157",),
)
def rds_multi_az(r: Resource) -> Check | None:
    """A single-AZ database is a single point of failure: a zone outage or a host failure
    stops the workload until the instance is rebuilt. Multi-AZ keeps a synchronous standby
    in another zone and fails over automatically."""
    if r.get("DBClusterIdentifier", "cluster_identifier") is not None:
        return None  # Aurora cluster members: availability is the cluster's
    value = truth(r.get("MultiAZ", "multi_az"))
    if isinstance(value, Unknown):
        return undetermined(
            "Multi-AZ depends on a value known only at deployment", "MultiAZ", "multi_az"
        )
    if value:
        return passed("Multi-AZ is enabled", "MultiAZ", "multi_az")
    return failed(
        "Multi-AZ is not enabled: one zone failure stops the database", "MultiAZ", "multi_az"
    )


@rule(
    "WA-REL-002",
    title="Auto Scaling groups span at least two Availability Zones",
    pillar="reliability",
    severity="high",
    choice=MULTI_AZ,
    types=("AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group"),
)
def asg_multi_az(r: Resource) -> Check | None:
    """Instances in one zone all fail together; spreading the group over two or more zones
    lets it keep serving while a zone is impaired."""
    zones = r.get("AvailabilityZones", "availability_zones")
    subnets = r.get("VPCZoneIdentifier", "vpc_zone_identifier")
    for value, what in ((subnets, "subnets"), (zones, "zones")):
        if value is None:
            continue
        if not isinstance(value, list):
            return undetermined(
                f"the group's {what} are known only at deployment",
                "VPCZoneIdentifier",
                "vpc_zone_identifier",
            )
        if len(value) >= 2:
            return passed(
                f"the group spans {len(value)} {what}", "VPCZoneIdentifier", "vpc_zone_identifier"
            )
        if any(isinstance(v, Unknown) for v in text_list(value)):
            return undetermined(f"the group's {what} are known only at deployment")
        return failed(
            f"the group uses {len(value)} {what[:-1]}; use at least two zones",
            "VPCZoneIdentifier",
            "vpc_zone_identifier",
        )
    return undetermined("no zones or subnets are set on the group")


@rule(
    "WA-REL-004",
    title="ElastiCache replication groups are Multi-AZ with automatic failover",
    pillar="reliability",
    severity="high",
    choice=MULTI_AZ,
    types=("AWS::ElastiCache::ReplicationGroup", "aws_elasticache_replication_group"),
)
def elasticache_multi_az(r: Resource) -> Check | None:
    """Without automatic failover a failed primary node stays down until someone promotes a
    replica by hand, and without Multi-AZ the replicas may share the primary's zone. Both
    settings are off by default."""
    at = ("MultiAZEnabled", "multi_az_enabled")
    failover = truth(r.get("AutomaticFailoverEnabled", "automatic_failover_enabled"))
    multi_az = truth(r.get(*at))
    if failover is False:
        return failed(
            "automatic failover is off: a primary node failure needs a manual promotion",
            "AutomaticFailoverEnabled",
            "automatic_failover_enabled",
        )
    if multi_az is False:
        return failed("Multi-AZ is off: replicas may sit in the primary's zone", *at)
    if isinstance(failover, Unknown) or isinstance(multi_az, Unknown):
        return undetermined("Multi-AZ or automatic failover is known only at deployment", *at)
    return passed("Multi-AZ and automatic failover are enabled", *at)


@rule(
    "WA-REL-008",
    title="Load balancers span at least two subnets (Availability Zones)",
    pillar="reliability",
    severity="high",
    choice=MULTI_AZ,
    types=(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "aws_lb",
        "aws_alb",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        "aws_elb",
    ),
)
def load_balancer_subnets(r: Resource) -> Check | None:
    """A load balancer has nodes only in the zones of its subnets; with one subnet, a zone
    outage takes the entry point down even if the targets behind it survive."""
    at = (
        "SubnetMappings",
        "Subnets",
        "AvailabilityZones",
        "subnet_mapping",
        "subnets",
        "availability_zones",
    )
    for names, what in (
        (("SubnetMappings", "subnet_mapping"), "subnet mappings"),
        (("Subnets", "subnets"), "subnets"),
        (("AvailabilityZones", "availability_zones"), "zones"),
    ):
        count = _count(r.get(*names))
        if count is None:
            continue
        if isinstance(count, Unknown):
            return undetermined(f"the load balancer's {what} are known only at deployment", *at)
        if count >= 2:
            return passed(f"the load balancer spans {count} {what}", *at)
        return failed(
            f"the load balancer has {count} {what[:-1] if count == 1 else what}; "
            "use subnets in at least two Availability Zones",
            *at,
        )
    return undetermined("no subnets are set on the load balancer (known only at deployment)")
