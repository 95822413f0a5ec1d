"""Cost rules on what compute and networking cost: gp3 volumes, Spot capacity, current instance
generations, S3 endpoints instead of NAT processing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import number, text_list
from wellarch.evidence.rules.operations import block, dynamic, lookup, text

SELECT = "cost_select_service_select_for_cost"
NEW_RELEASES = "cost_cloud_financial_management_scheduled"
PRICING = "cost_pricing_model_implement_models"
TRANSFER = "cost_data_transfer_implement_services"


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
        if isinstance(current, Unknown | Reference):
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
