"""Reliability rules on backups and recovery: RDS retention and deletion protection, DynamoDB
deletion protection and point-in-time recovery, AWS Backup plans and cross-Region copies, S3
versioning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import (
    companions,
    companions_of,
    number,
    text_list,
    truth,
)
from wellarch.evidence.rules.common import (
    literal as _literal,
)
from wellarch.evidence.rules.common import (
    unit_word as _unit_word,
)

BACKUPS = "rel_backing_up_data_automated_backups_data"
SECURED_BACKUPS = "rel_backing_up_data_secured_backups_data"
IDENTIFIED_BACKUPS = "rel_backing_up_data_identified_backups_data"

_TABLES = ("AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable", "aws_dynamodb_table")


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
    types=_TABLES,
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


_DATA_STORES = {
    "AWS::RDS::DBInstance": "database",
    "aws_db_instance": "database",
    "AWS::RDS::DBCluster": "database cluster",
    "aws_rds_cluster": "database cluster",
    "AWS::DynamoDB::Table": "DynamoDB table",
    "AWS::Serverless::SimpleTable": "DynamoDB table",
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
        found = companions(fs, resources, ("aws_efs_backup_policy",), via=("file_system_id",))
        status = next((p.get("backup_policy.status") for p in found.found), None)
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
    matches = companions_of(
        [r for r in resources if r.type == "aws_s3_bucket"],
        [r for r in resources if r.type == "aws_s3_bucket_versioning"],
        via=("bucket",),
        names=("bucket",),
    )
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
        linked, unresolved = matches[bucket.name].found, matches[bucket.name].possible
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
