"""Rules of the reliability pillar: redundancy across zones, backups, recovery, health checks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wellarch.evidence.cloudformation import Reference
from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import (
    literal as _literal,
)
from wellarch.evidence.rules.common import (
    number,
    present,
    text_list,
    truth,
)
from wellarch.evidence.rules.common import (
    unit_word as _unit_word,
)

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


# --- helpers for the rules below ------------------------------------------------------------

SECURED_BACKUPS = "rel_backing_up_data_secured_backups_data"
IDENTIFIED_BACKUPS = "rel_backing_up_data_identified_backups_data"
HEALTH_CHECKS = "rel_withstand_component_failures_monitoring_health"
FAILOVER = "rel_withstand_component_failures_failover2good"
AUTO_HEALING = "rel_withstand_component_failures_auto_healing_system"
FAIL_FAST = "rel_mitigate_interaction_failure_fail_fast"
THROTTLE = "rel_mitigate_interaction_failure_throttle_requests"

_LAMBDA = ("AWS::Lambda::Function", "aws_lambda_function")


def _local(r: Resource) -> tuple[str, str]:
    """(module prefix, local name) of a resource: ``module.a.aws_x.b`` → ("module.a.", "b")."""
    if r.format == "cloudformation":
        return "", r.name
    head, _, local = r.name.rpartition(".")
    prefix = head[: -len(r.type)] if head.endswith(r.type) else ""
    return prefix, local


def _link(
    target: Resource,
    others: Sequence[Resource],
    refs: tuple[str, ...],
    names: tuple[str, ...],
    alone: bool,
) -> tuple[list[Resource], list[Resource]]:
    """Resources of ``others`` that point at ``target`` through one of ``refs``, and those whose
    target cannot be told statically.

    A CloudFormation ``!Ref``/``!GetAtt`` names the logical id; a literal is compared with the
    target's own name (``names``, e.g. FunctionName/function_name; ARNs by their last part).
    Terraform references are UNKNOWN in the model, so they are paired by address instead: the
    same local name in the same module, or the only candidate target of the unit (``alone``).
    """
    linked: list[Resource] = []
    unresolved: list[Resource] = []
    own = _literal(target.get(*names)) if names else None
    for other in others:
        value = other.get(*refs)
        if isinstance(value, Reference):
            if str(value) == target.name:
                linked.append(other)
            continue
        text = _literal(value)
        if text is not None:
            if own is not None and (text == own or text.endswith((f":{own}", f"/{own}"))):
                linked.append(other)
            elif own is None and target.format != "cloudformation":
                unresolved.append(other)
            continue
        if value is None:
            continue
        if target.format != "cloudformation" and (alone or _local(other) == _local(target)):
            linked.append(other)
        else:
            unresolved.append(other)
    return linked, unresolved


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


# --- rules ---------------------------------------------------------------------------------


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
    "WA-REL-005",
    title="RDS databases and clusters have deletion protection",
    pillar="reliability",
    severity="medium",
    choice=SECURED_BACKUPS,
    types=("AWS::RDS::DBInstance", "aws_db_instance", "AWS::RDS::DBCluster", "aws_rds_cluster"),
    checkov=("CKV_AWS_293", "CKV_AWS_139"),
)
def rds_deletion_protection(r: Resource) -> Check | None:
    """Deleting an RDS database also discards its automated backups, and with them
    point-in-time recovery, unless told otherwise; a mistaken stack update, a replaced resource
    or a stray delete call then costs data and hours of restore. Deletion protection makes every
    such delete fail until it is switched off on purpose."""
    if r.type in ("AWS::RDS::DBInstance", "aws_db_instance") and (
        r.get("DBClusterIdentifier", "cluster_identifier") is not None
    ):
        return None  # Aurora members: the cluster carries the setting
    if r.get("SourceDBInstanceIdentifier", "replicate_source_db") is not None:
        return None  # read replicas hold no data of their own
    at = ("DeletionProtection", "deletion_protection")
    value = truth(r.get(*at))
    if isinstance(value, Unknown):
        return undetermined("deletion protection is known only at deployment", *at)
    if value:
        return passed("deletion protection is enabled", *at)
    return failed(
        "deletion protection is off: one delete call or stack change removes the database "
        "and, by default, its automated backups",
        *at,
    )


@rule(
    "WA-REL-006",
    title="DynamoDB tables have deletion protection",
    pillar="reliability",
    severity="medium",
    choice=SECURED_BACKUPS,
    types=("AWS::DynamoDB::Table", "aws_dynamodb_table"),
)
def dynamodb_deletion_protection(r: Resource) -> Check | None:
    """A deleted table is out of service at once, and its data is back only after a restore
    into a new table (or never, without backups). Deletion protection, off by default, turns an
    accidental delete or resource replacement into an error instead."""
    at = ("DeletionProtectionEnabled", "deletion_protection_enabled")
    value = truth(r.get(*at))
    if isinstance(value, Unknown):
        return undetermined("deletion protection is known only at deployment", *at)
    if value:
        return passed("deletion protection is enabled", *at)
    return failed(
        "deletion protection is off: one delete call or stack change removes the table and "
        "its data",
        *at,
    )


@rule(
    "WA-REL-007",
    title="DynamoDB tables have point-in-time recovery",
    pillar="reliability",
    severity="medium",
    choice=BACKUPS,
    types=("AWS::DynamoDB::Table", "aws_dynamodb_table"),
    checkov=("CKV_AWS_28",),
)
def dynamodb_pitr(r: Resource) -> Check | None:
    """Point-in-time recovery keeps continuous backups of a table for up to 35 days, so a bad
    deployment or a mistaken bulk write can be undone to the second. It is off by default."""
    at = (
        "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
        "PointInTimeRecoverySpecification",
        "point_in_time_recovery",
    )
    value = truth(
        r.get(
            "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
            "point_in_time_recovery.enabled",
        )
    )
    if isinstance(value, Unknown):
        return undetermined("point-in-time recovery is known only at deployment", *at)
    if value:
        return passed("point-in-time recovery is enabled", *at)
    return failed(
        "point-in-time recovery is off: a bad write can only be undone from older backups", *at
    )


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


_DATA_STORES = {
    "AWS::RDS::DBInstance": "database",
    "aws_db_instance": "database",
    "AWS::RDS::DBCluster": "database cluster",
    "aws_rds_cluster": "database cluster",
    "AWS::DynamoDB::Table": "DynamoDB table",
    "aws_dynamodb_table": "DynamoDB table",
    "AWS::EFS::FileSystem": "EFS file system",
    "aws_efs_file_system": "EFS file system",
}
_BACKUP_PLANS = ("AWS::Backup::BackupPlan", "aws_backup_plan")
_BACKUP_SELECTIONS = ("AWS::Backup::BackupSelection", "aws_backup_selection")


def _efs_backed_up(fs: Resource, resources: Sequence[Resource]) -> bool | Unknown:
    """Whether EFS automatic backups (AWS Backup's default plan) are on for a file system."""
    status = fs.get("BackupPolicy.Status")
    if status is None and fs.format != "cloudformation":
        policies = [r for r in resources if r.type == "aws_efs_backup_policy"]
        systems = [r for r in resources if r.type == "aws_efs_file_system"]
        linked, _ = _link(fs, policies, ("file_system_id",), (), len(systems) == 1)
        status = next((p.get("backup_policy.status") for p in linked), None)
    if status is None:
        return False
    text = _literal(status)
    return UNKNOWN if text is None else text.upper() == "ENABLED"


@rule(
    "WA-REL-011",
    title="Databases and file systems are covered by an AWS Backup plan",
    pillar="reliability",
    severity="medium",
    choice=IDENTIFIED_BACKUPS,
    types=(*_DATA_STORES, *_BACKUP_PLANS, *_BACKUP_SELECTIONS),
    scope="unit",
)
def backup_plan_present(resources: Sequence[Resource]) -> Iterator[Check]:
    """Service-native backups have short retention and are tied to their resource; an AWS
    Backup plan schedules backups with their own retention, vault and copy rules. A template or
    module that creates RDS, DynamoDB or EFS data without a backup plan (and selection)
    leaves that data unprotected unless backups are managed centrally — then suppress."""
    stores = [
        r
        for r in resources
        if r.type in _DATA_STORES
        and r.get("DBClusterIdentifier", "cluster_identifier") is None
        and r.get("SourceDBInstanceIdentifier", "replicate_source_db") is None
    ]
    if not stores:
        return
    plans = [r for r in resources if r.type in _BACKUP_PLANS]
    selections = [r for r in resources if r.type in _BACKUP_SELECTIONS]
    for store in stores:
        kind = _DATA_STORES[store.type]
        unit = _unit_word(store)
        if store.type in ("AWS::EFS::FileSystem", "aws_efs_file_system"):
            auto = _efs_backed_up(store, resources)
            if auto is True:
                yield passed(
                    "EFS automatic backups (AWS Backup's default plan) are enabled",
                    "BackupPolicy",
                    resource=store,
                )
                continue
            if isinstance(auto, Unknown) and not plans:
                yield undetermined(
                    "whether EFS automatic backups are on is known only at deployment",
                    "BackupPolicy",
                    resource=store,
                )
                continue
        if plans and selections:
            yield passed(
                f"AWS Backup plan {plans[0].name} and a backup selection are defined "
                f"in this {unit}",
                resource=store,
            )
        elif plans:
            yield failed(
                f"AWS Backup plan {plans[0].name} has no backup selection in this {unit}: "
                "it backs up nothing",
                resource=store,
            )
        else:
            yield failed(
                f"no AWS Backup plan in this {unit}: the {kind} has no scheduled backups with "
                "their own retention (suppress if backups are managed centrally)",
                resource=store,
            )


_VAULT_ARN = re.compile(r"^arn:aws[a-z-]*:backup:([a-z0-9-]+):\d*:backup-vault:(.+)$")


@rule(
    "WA-REL-012",
    title="Backup plans copy recovery points to another Region",
    pillar="reliability",
    severity="medium",
    choice=SECURED_BACKUPS,
    types=_BACKUP_PLANS,
)
def backup_cross_region_copy(r: Resource) -> Check | None:
    """Backups kept only in the workload's own Region are lost with it in a regional disaster
    or an account compromise there. A copy action to a vault in another Region keeps a
    restorable copy out of the blast radius."""
    at = ("BackupPlan.BackupPlanRule", "BackupPlan", "rule")
    if r.get("BackupPlan") is UNKNOWN:
        return undetermined("the backup plan is known only at deployment", *at)
    rules = text_list(r.get("BackupPlan.BackupPlanRule", "rule"))
    regions: list[str] = []
    same_template: list[str] = []
    unknown = False
    for plan_rule in rules:
        if not isinstance(plan_rule, Mapping):
            unknown = True
            continue
        for action in text_list(plan_rule.get("CopyActions", plan_rule.get("copy_action"))):
            if not isinstance(action, Mapping):
                unknown = True
                continue
            arn = action.get("DestinationBackupVaultArn", action.get("destination_vault_arn"))
            text = _literal(arn)
            match = _VAULT_ARN.match(text) if text else None
            if match:
                regions.append(match.group(1))
            elif isinstance(arn, Reference):
                same_template.append(str(arn))  # a vault of the same stack: the same Region
            else:
                unknown = True
    if regions:
        return passed(
            f"recovery points are copied to a vault in {', '.join(sorted(set(regions)))} "
            "(keep it different from the plan's Region)",
            *at,
        )
    if unknown:
        return undetermined("the copy destination vault is known only at deployment", *at)
    if same_template:
        return failed(
            f"recovery points are copied only to vault {same_template[0]} of this stack, "
            "which is in the same Region; copy to a vault in another Region",
            *at,
        )
    return failed("no backup rule copies recovery points to another Region", *at)


_BUCKETS = ("AWS::S3::Bucket", "aws_s3_bucket")


def _versioning_status(status: Any, what: str, at: tuple[str, ...], bucket: Resource) -> Check:
    text = _literal(status)
    if text is None:
        return undetermined(f"{what} is known only at deployment", *at, resource=bucket)
    if text.lower() == "enabled":
        return passed("versioning is enabled", *at, resource=bucket)
    return failed(
        f"versioning is {text.lower()}: an overwrite or delete cannot be undone",
        *at,
        resource=bucket,
    )


@rule(
    "WA-REL-013",
    title="S3 buckets have versioning enabled",
    pillar="reliability",
    severity="medium",
    choice=BACKUPS,
    types=(*_BUCKETS, "aws_s3_bucket_versioning"),
    scope="unit",
    checkov=("CKV_AWS_21",),
)
def s3_versioning(resources: Sequence[Resource]) -> Iterator[Check]:
    """With versioning, every overwrite and delete keeps the previous object version, so data
    removed by a bug, a bad sync or a person can be restored. It is off by default; in
    Terraform (AWS provider v4+) it is set by a separate aws_s3_bucket_versioning resource."""
    configs = [r for r in resources if r.type == "aws_s3_bucket_versioning"]
    tf_buckets = [r for r in resources if r.type == "aws_s3_bucket"]
    for bucket in resources:
        if bucket.type == "AWS::S3::Bucket":
            at = ("VersioningConfiguration.Status", "VersioningConfiguration")
            status = bucket.get("VersioningConfiguration.Status")
            if status is None:
                yield failed("versioning is not enabled (off by default)", *at, resource=bucket)
            else:
                yield _versioning_status(status, "versioning", at, bucket)
            continue
        if bucket.type != "aws_s3_bucket":
            continue
        inline = bucket.get("versioning.enabled")
        if inline is not None and truth(inline) is True:
            yield passed("versioning is enabled", "versioning", resource=bucket)
            continue
        linked, unresolved = _link(bucket, configs, ("bucket",), ("bucket",), len(tf_buckets) == 1)
        if linked:
            yield _versioning_status(
                linked[0].get("versioning_configuration.status"),
                f"the versioning status set by {linked[0].name}",
                ("versioning",),
                bucket,
            )
        elif unresolved:
            yield undetermined(
                f"{unresolved[0].name} sets versioning, but for which bucket is known only "
                "at deployment",
                resource=bucket,
            )
        elif isinstance(truth(inline), Unknown):
            yield undetermined("versioning is known only at deployment", resource=bucket)
        else:
            yield failed(
                "versioning is not enabled: no aws_s3_bucket_versioning resource configures "
                "this bucket (off by default)",
                resource=bucket,
            )


#: Callers that invoke functions synchronously (CloudFormation: macros).
_SYNC_PRINCIPALS = (
    "apigateway.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "cloudformation.amazonaws.com",
)
_INVOKE_CONFIGS = ("AWS::Lambda::EventInvokeConfig", "aws_lambda_function_event_invoke_config")


def _references(value: Any, depth: int = 0) -> Iterator[str]:
    """Logical ids referenced anywhere inside a CloudFormation value."""
    if depth > 12:
        return
    if isinstance(value, Reference):
        yield str(value)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _references(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item, depth + 1)


def _edge_function(fn: Resource, resources: Sequence[Resource]) -> bool:
    """Whether a CloudFront distribution of the template runs ``fn`` (or a version of it) as
    Lambda@Edge, which supports no dead-letter queue or destination."""
    if fn.format != "cloudformation":
        return False
    names = {fn.name} | {
        r.name
        for r in resources
        if r.type == "AWS::Lambda::Version" and r.get("FunctionName") == Reference(fn.name)
    }
    return any(
        names & set(_references(r.properties))
        for r in resources
        if r.type == "AWS::CloudFront::Distribution"
    )


def _only_synchronous(fn: Resource, resources: Sequence[Resource], alone: bool) -> bool:
    """True when every trigger the unit shows for ``fn`` invokes it synchronously (API Gateway,
    a load balancer, a function URL) or by polling (event source mappings) — never when no
    trigger is visible."""
    triggers = [
        r
        for r in resources
        if r.type
        in (
            "AWS::Lambda::Permission",
            "aws_lambda_permission",
            "AWS::Lambda::EventSourceMapping",
            "aws_lambda_event_source_mapping",
            "AWS::Lambda::Url",
            "aws_lambda_function_url",
            "AWS::CloudFormation::Macro",  # macros are invoked synchronously
        )
    ]
    linked, _ = _link(
        fn,
        triggers,
        ("FunctionName", "TargetFunctionArn", "function_name"),
        ("FunctionName", "function_name"),
        alone,
    )
    if not linked:
        return False
    for trigger in linked:
        if trigger.type in ("AWS::Lambda::Permission", "aws_lambda_permission"):
            principal = _literal(trigger.get("Principal", "principal"))
            if principal not in _SYNC_PRINCIPALS:
                return False
    return True


@rule(
    "WA-REL-014",
    title="Lambda functions keep failed asynchronous events (dead-letter queue or destination)",
    pillar="reliability",
    severity="medium",
    choice=FAIL_FAST,
    types=(*_LAMBDA, *_INVOKE_CONFIGS),
    scope="unit",
    checkov=("CKV_AWS_116",),
)
def lambda_dead_letter(resources: Sequence[Resource]) -> Iterator[Check]:
    """Lambda retries a failing asynchronous event twice and then discards it. A dead-letter
    queue or an on-failure destination keeps such events for inspection and replay. Functions
    the template shows to be invoked only synchronously (API Gateway, load balancer, queue
    polling, CloudFormation macros) and Lambda@Edge functions are skipped."""
    functions = [r for r in resources if r.type in _LAMBDA]
    configs = [r for r in resources if r.type in _INVOKE_CONFIGS]
    at = ("DeadLetterConfig.TargetArn", "DeadLetterConfig", "dead_letter_config")
    for fn in functions:
        alone = len(functions) == 1
        if present(fn.get("DeadLetterConfig.TargetArn", "dead_letter_config.target_arn")):
            yield passed("failed asynchronous events go to a dead-letter queue", *at, resource=fn)
            continue
        linked, unresolved = _link(
            fn,
            configs,
            ("FunctionName", "function_name"),
            ("FunctionName", "function_name"),
            alone,
        )
        destination = (
            "DestinationConfig.OnFailure.Destination",
            "destination_config.on_failure.destination",
        )
        if any(present(c.get(*destination)) for c in linked):
            yield passed("failed asynchronous events go to an on-failure destination", resource=fn)
            continue
        if any(present(c.get(*destination)) for c in unresolved):
            yield undetermined(
                "an on-failure destination is configured, but for which function is known only "
                "at deployment",
                resource=fn,
            )
            continue
        if _only_synchronous(fn, resources, alone) or _edge_function(fn, resources):
            continue
        yield failed(
            "no dead-letter queue or on-failure destination: asynchronous events that still "
            "fail after two retries are discarded",
            *at,
            resource=fn,
        )


@rule(
    "WA-REL-015",
    title="Lambda functions have reserved concurrency",
    pillar="reliability",
    severity="low",
    choice=THROTTLE,
    types=_LAMBDA,
    checkov=("CKV_AWS_115",),
)
def lambda_reserved_concurrency(r: Resource) -> Check | None:
    """All functions of an account and Region share one concurrency pool. Reserved concurrency
    guarantees a function its share and caps it, so a surge in one function can neither
    starve the others nor flood the databases and APIs behind it."""
    at = ("ReservedConcurrentExecutions", "reserved_concurrent_executions")
    value = number(r.get(*at))
    if isinstance(value, Unknown):
        return undetermined("reserved concurrency is known only at deployment", *at)
    if value is None or value < 0:
        return failed(
            "no reserved concurrency: the function competes for the account's shared pool "
            "and has no upper limit",
            *at,
        )
    if value == 0:
        return failed("reserved concurrency is 0: every invocation is throttled", *at)
    return passed(f"reserved concurrency is {value:g}", *at)


_QUEUES = ("AWS::SQS::Queue", "aws_sqs_queue")
_DLQ_HINTS = ("dlq", "deadletter", "dead-letter", "dead_letter")


def _dead_letter_targets(resources: Sequence[Resource]) -> set[str]:
    """Logical ids referenced as a dead-letter or on-failure target anywhere in a template."""
    found: set[str] = set()

    def walk(value: Any, inside: bool, depth: int) -> None:
        if depth > 8:
            return
        if isinstance(value, Reference):
            if inside:
                found.add(str(value))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                lowered = str(key).lower()
                hit = "deadletter" in lowered or "onfailure" in lowered
                walk(item, inside or hit, depth + 1)
        elif isinstance(value, list):
            for item in value:
                walk(item, inside, depth + 1)

    for r in resources:
        walk(r.properties, False, 0)
    return found


def _redrive_check(policy: Any, queue: Resource) -> Check:
    at = ("RedrivePolicy", "redrive_policy")
    if isinstance(policy, str) and not isinstance(policy, Reference):
        try:
            policy = json.loads(policy)
        except ValueError:
            return undetermined("the redrive policy is not valid JSON", *at, resource=queue)
    if isinstance(policy, Mapping):
        target = policy.get("deadLetterTargetArn")
        receives = number(policy.get("maxReceiveCount"))
        if target is None:
            return failed("the redrive policy names no dead-letter queue", *at, resource=queue)
        after = f" after {receives:g} receives" if isinstance(receives, float) else ""
        return passed(f"failing messages move to a dead-letter queue{after}", *at, resource=queue)
    if queue.format != "cloudformation":
        # Terraform writes the policy with jsonencode(...), which is resolved only at apply.
        return passed("a redrive policy is set", *at, resource=queue)
    return undetermined("the redrive policy is known only at deployment", *at, resource=queue)


@rule(
    "WA-REL-016",
    title="SQS queues have a dead-letter queue (redrive policy)",
    pillar="reliability",
    severity="medium",
    choice=FAIL_FAST,
    types=(*_QUEUES, "aws_sqs_queue_redrive_policy"),
    scope="unit",
)
def sqs_redrive_policy(resources: Sequence[Resource]) -> Iterator[Check]:
    """A message that always fails processing returns to the queue again and again, using up
    consumer capacity and delaying good messages until it expires. A redrive policy moves it
    to a dead-letter queue after a few attempts. Queues that are themselves dead-letter
    queues are skipped."""
    queues = [r for r in resources if r.type in _QUEUES]
    if not queues:
        return
    dead_letters = _dead_letter_targets(resources)
    policies = [r for r in resources if r.type == "aws_sqs_queue_redrive_policy"]
    tf_queues = [q for q in queues if q.type == "aws_sqs_queue"]
    others_unknown = False  # Terraform: another queue's redrive target is not known
    for q in tf_queues:
        policy = q.get("redrive_policy")
        if present(policy) and not isinstance(_literal(policy), str):
            others_unknown = True
    for queue in queues:
        name = str(_literal(queue.get("QueueName", "name")) or "") + " " + _local(queue)[1]
        if (
            queue.name in dead_letters
            or present(queue.get("RedriveAllowPolicy", "redrive_allow_policy"))
            or any(hint in name.lower() for hint in _DLQ_HINTS)
        ):
            continue  # a dead-letter queue itself
        policy = queue.get("RedrivePolicy", "redrive_policy")
        if present(policy):
            yield _redrive_check(policy, queue)
            continue
        if queue.format == "cloudformation":
            yield failed(
                "no redrive policy: a message that always fails is retried until it expires",
                "RedrivePolicy",
                resource=queue,
            )
            continue
        linked, unresolved = _link(queue, policies, ("queue_url",), ("url",), len(tf_queues) == 1)
        if linked:
            yield _redrive_check(linked[0].get("redrive_policy"), queue)
        elif unresolved or others_unknown:
            yield undetermined(
                "no redrive policy on this queue; it may be another queue's dead-letter queue "
                "or get its policy from a separate resource (known only at deployment)",
                resource=queue,
            )
        else:
            yield failed(
                "no redrive policy: a message that always fails is retried until it expires",
                "redrive_policy",
                resource=queue,
            )


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
