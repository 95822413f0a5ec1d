"""Rules of the reliability pillar: redundancy across zones, backups, recovery, health checks."""

from __future__ import annotations

from wellarch.evidence.model import Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import number, text_list, truth

MULTI_AZ = "rel_fault_isolation_multiaz_region_system"
BACKUPS = "rel_backing_up_data_automated_backups_data"


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
    "WA-REL-003",
    title="RDS automated backups are kept for at least 7 days",
    pillar="reliability",
    severity="medium",
    choice=BACKUPS,
    types=("AWS::RDS::DBInstance", "aws_db_instance", "AWS::RDS::DBCluster", "aws_rds_cluster"),
    checkov=("CKV_AWS_133",),
)
def rds_backup_retention(r: Resource) -> Check | None:
    """Automated backups give point-in-time recovery; a retention of 0 disables them and
    one day leaves no time to notice silent corruption."""
    if (
        r.type in ("AWS::RDS::DBInstance", "aws_db_instance")
        and r.get("DBClusterIdentifier", "cluster_identifier") is not None
    ):
        return None
    days = number(r.get("BackupRetentionPeriod", "backup_retention_period"))
    if days is None:
        days = 1.0  # the service default
    if isinstance(days, Unknown):
        return undetermined(
            "backup retention is known only at deployment",
            "BackupRetentionPeriod",
            "backup_retention_period",
        )
    if days >= 7:
        return passed(
            f"backups are kept for {days:g} days",
            "BackupRetentionPeriod",
            "backup_retention_period",
        )
    return failed(
        f"backups are kept for {days:g} days; keep at least 7",
        "BackupRetentionPeriod",
        "backup_retention_period",
    )
