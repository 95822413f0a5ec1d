"""Security rules on encryption at rest: EBS volumes and launch-time block devices, RDS and
Aurora storage, DynamoDB tables, SQS queues and SNS topics.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wellarch.evidence.model import Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.common import (
    truth,
)
from wellarch.evidence.rules.security.base import (
    AT_REST,
    KEYS,
    as_blocks,
    dig,
    fail_for,
    join_names,
    key_set,
    pass_for,
    unsure_for,
)


@rule(
    "WA-SEC-004",
    title="EBS volumes are encrypted",
    pillar="security",
    severity="high",
    choice=AT_REST,
    types=("AWS::EC2::Volume", "aws_ebs_volume"),
    checkov=("CKV_AWS_3",),
)
def ebs_volume_encrypted(r: Resource) -> Check | None:
    """An unencrypted volume leaves its data, and every snapshot and copy made from it,
    readable to anyone who obtains the snapshot. EBS encryption costs nothing measurable in
    performance and must be chosen when the volume is created."""
    on = r.get("Encrypted", "encrypted")
    if on is None:
        if r.get("SnapshotId", "snapshot_id") is not None:
            return unsure_for(
                r,
                "Encrypted is not set: the volume inherits the encryption of its snapshot",
                "SnapshotId",
                "snapshot_id",
            )
        return fail_for(
            r,
            "Encrypted is not set, so the volume is unencrypted unless EBS encryption by "
            "default is on for the account and Region; set Encrypted to true",
        )
    value = truth(on)
    if isinstance(value, Unknown):
        return unsure_for(r, "encryption is known only at deployment", "Encrypted", "encrypted")
    if value:
        return pass_for(r, "the volume is encrypted", "Encrypted", "encrypted")
    return fail_for(
        r, "the volume is not encrypted; set Encrypted to true", "Encrypted", "encrypted"
    )


_ROOT_DEVICES = ("/dev/xvda", "/dev/sda1", "/dev/sda")


def _block_devices(r: Resource) -> tuple[list[tuple[str, Any, bool]], bool]:
    """EBS devices declared by an instance, launch template or launch configuration:
    (device name, Encrypted value, inherits from a snapshot or the AMI), and whether the
    declaration itself is known."""
    devices: list[tuple[str, Any, bool]] = []
    if r.format == "cloudformation":
        if r.type == "AWS::EC2::LaunchTemplate":
            mappings = r.get("LaunchTemplateData.BlockDeviceMappings")
        else:
            mappings = r.get("BlockDeviceMappings")
        if isinstance(mappings, Unknown):
            return [], False
        for item in as_blocks(mappings):
            if not isinstance(item, Mapping):
                return devices, False
            ebs = item.get("Ebs")
            if ebs is None:
                continue  # instance store (VirtualName) or NoDevice
            name = str(item.get("DeviceName", "?"))
            inherits = name in _ROOT_DEVICES or dig(ebs, "SnapshotId") is not None
            devices.append((name, dig(ebs, "Encrypted"), inherits))
        return devices, True
    if r.type == "aws_launch_template":
        for item in as_blocks(r.get("block_device_mappings")):
            if not isinstance(item, Mapping):
                return devices, False
            ebs = item.get("ebs")
            if ebs is None:
                continue
            name = str(item.get("device_name", "?"))
            inherits = name in _ROOT_DEVICES or dig(ebs, "snapshot_id") is not None
            devices.append((name, dig(ebs, "encrypted"), inherits))
        return devices, True
    for item in as_blocks(r.get("root_block_device")):
        if isinstance(item, Mapping):
            devices.append(("root volume", item.get("encrypted"), True))
    for item in as_blocks(r.get("ebs_block_device")):
        if isinstance(item, Mapping):
            name = str(item.get("device_name", "?"))
            devices.append((name, item.get("encrypted"), item.get("snapshot_id") is not None))
    return devices, True


@rule(
    "WA-SEC-005",
    title="Instances, launch templates and launch configurations encrypt their EBS volumes",
    pillar="security",
    severity="high",
    choice=AT_REST,
    types=(
        "AWS::EC2::Instance",
        "aws_instance",
        "AWS::EC2::LaunchTemplate",
        "aws_launch_template",
        "AWS::AutoScaling::LaunchConfiguration",
        "aws_launch_configuration",
    ),
    checkov=("CKV_AWS_8",),
)
def instance_volumes_encrypted(r: Resource) -> Check | None:
    """Volumes created at launch hold the operating system, application files and often
    data; each one must be encrypted when it is created. A block device without an explicit
    Encrypted setting is encrypted only if its snapshot or AMI is, or if the account turned
    on EBS encryption by default."""
    at = ("BlockDeviceMappings", "block_device_mappings")
    if r.type == "AWS::EC2::LaunchTemplate":
        at = ("LaunchTemplateData.BlockDeviceMappings", "block_device_mappings")
    elif r.type in ("aws_instance", "aws_launch_configuration"):
        at = ("", "root_block_device")
    devices, readable = _block_devices(r)
    if not readable:
        return unsure_for(r, "the block device mappings are known only at deployment", *at)
    if not devices:
        return unsure_for(
            r,
            "no EBS block devices are declared: the volumes come from the AMI and are encrypted "
            "only if its snapshots are or EBS encryption by default is on; declare them with "
            "Encrypted true",
        )
    plain: list[str] = []
    unknown: list[str] = []
    for name, value, inherits in devices:
        if value is None:
            (unknown if inherits else plain).append(name)
            continue
        state = truth(value)
        if isinstance(state, Unknown):
            unknown.append(name)
        elif not state:
            plain.append(name)
    if plain:
        return fail_for(
            r, f"EBS volume {join_names(plain)} is not encrypted; set Encrypted to true", *at
        )
    if unknown:
        return unsure_for(
            r,
            f"encryption of {join_names(unknown)} is inherited from the AMI or snapshot or known "
            "only at deployment; set Encrypted to true",
            *at,
        )
    return pass_for(r, "every declared EBS volume is encrypted", *at)


@rule(
    "WA-SEC-006",
    title="RDS and Aurora storage is encrypted",
    pillar="security",
    severity="high",
    choice=AT_REST,
    types=("AWS::RDS::DBInstance", "aws_db_instance", "AWS::RDS::DBCluster", "aws_rds_cluster"),
    checkov=("CKV_AWS_16", "CKV_AWS_96"),
)
def rds_storage_encrypted(r: Resource) -> Check | None:
    """Database storage, automated backups, snapshots and read replicas are all encrypted
    only when storage encryption is chosen at creation; an unencrypted database has to be
    copied through a snapshot to be fixed later. RDS leaves storage unencrypted unless asked."""
    if r.type == "AWS::RDS::DBInstance" and r.get("DBClusterIdentifier") is not None:
        return None  # Aurora members: the cluster holds the storage
    setting = r.get("StorageEncrypted", "storage_encrypted")
    if setting is None:
        mode = r.get("EngineMode", "engine_mode")
        if r.type in ("AWS::RDS::DBCluster", "aws_rds_cluster") and mode == "serverless":
            return pass_for(r, "Aurora Serverless v1 storage is always encrypted")
        inherited = r.get(
            "SourceDBInstanceIdentifier",
            "DBSnapshotIdentifier",
            "SnapshotIdentifier",
            "SourceDBClusterIdentifier",
            "replicate_source_db",
            "snapshot_identifier",
            "replication_source_identifier",
        )
        if inherited is not None:
            if r.get("KmsKeyId", "kms_key_id") is not None:
                return pass_for(
                    r, "the copy is encrypted with the given KMS key", "KmsKeyId", "kms_key_id"
                )
            return unsure_for(
                r,
                "storage encryption is inherited from the source snapshot or database",
                "StorageEncrypted",
                "storage_encrypted",
            )
        return fail_for(
            r,
            "StorageEncrypted is not set, so storage and backups are unencrypted; set it to "
            "true (it cannot be changed after creation)",
        )
    value = truth(setting)
    if isinstance(value, Unknown):
        return unsure_for(
            r,
            "storage encryption is known only at deployment",
            "StorageEncrypted",
            "storage_encrypted",
        )
    if value:
        return pass_for(
            r, "storage and backups are encrypted", "StorageEncrypted", "storage_encrypted"
        )
    return fail_for(
        r,
        "storage encryption is off; set StorageEncrypted to true",
        "StorageEncrypted",
        "storage_encrypted",
    )


@rule(
    "WA-SEC-007",
    title="DynamoDB tables are encrypted with a KMS key you can audit",
    pillar="security",
    severity="low",
    choice=KEYS,
    types=(
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::GlobalTable",
        "AWS::Serverless::SimpleTable",
        "aws_dynamodb_table",
    ),
    checkov=("CKV_AWS_119",),
)
def dynamodb_kms(r: Resource) -> Check | None:
    """DynamoDB always encrypts tables, by default with a key owned by AWS that you cannot
    see, audit in CloudTrail or restrict with a key policy. We require SSE with AWS KMS (the
    AWS managed aws/dynamodb key or a customer managed key) so key use is logged and access
    to the data can be revoked through the key."""
    setting = r.get("SSESpecification.SSEEnabled", "server_side_encryption.enabled")
    at = ("SSESpecification", "server_side_encryption")
    value = truth(setting)
    if isinstance(value, Unknown):
        return unsure_for(r, "the table's encryption setting is known only at deployment", *at)
    if not value:
        return fail_for(
            r,
            "the table is encrypted only with an AWS owned key, whose use you cannot audit or "
            "restrict; enable SSE with AWS KMS",
            *at,
        )
    key = r.get("SSESpecification.KMSMasterKeyId", "server_side_encryption.kms_key_arn")
    which = "a customer managed KMS key" if key is not None else "the AWS managed KMS key"
    return pass_for(r, f"the table is encrypted with {which}", *at)


@rule(
    "WA-SEC-008",
    title="SQS queues are encrypted at rest",
    pillar="security",
    severity="medium",
    choice=AT_REST,
    types=("AWS::SQS::Queue", "aws_sqs_queue"),
    checkov=("CKV_AWS_27",),
)
def sqs_encrypted(r: Resource) -> Check | None:
    """Messages often carry personal or business data and can wait in a queue for days.
    New queues get SQS-managed encryption (SSE-SQS) by default since late 2022; explicitly
    turning it off without a KMS key leaves messages unencrypted at rest."""
    key = key_set(r, "KmsMasterKeyId", "kms_master_key_id")
    if key is True:
        return pass_for(
            r, "messages are encrypted with a KMS key", "KmsMasterKeyId", "kms_master_key_id"
        )
    managed = r.get("SqsManagedSseEnabled", "sqs_managed_sse_enabled")
    value = truth(managed) if managed is not None else True
    if isinstance(key, Unknown) or isinstance(value, Unknown):
        return unsure_for(
            r,
            "the queue's encryption is known only at deployment",
            "SqsManagedSseEnabled",
            "sqs_managed_sse_enabled",
        )
    if not value:
        return fail_for(
            r,
            "SSE-SQS is turned off and no KMS key is set: messages are stored unencrypted",
            "SqsManagedSseEnabled",
            "sqs_managed_sse_enabled",
        )
    if managed is None:
        return pass_for(
            r, "no setting given: new queues use SQS-managed encryption (SSE-SQS) by default"
        )
    return pass_for(
        r,
        "SQS-managed encryption (SSE-SQS) is on",
        "SqsManagedSseEnabled",
        "sqs_managed_sse_enabled",
    )


@rule(
    "WA-SEC-009",
    title="SNS topics are encrypted with KMS",
    pillar="security",
    severity="medium",
    choice=AT_REST,
    types=("AWS::SNS::Topic", "aws_sns_topic"),
    checkov=("CKV_AWS_26",),
)
def sns_encrypted(r: Resource) -> Check | None:
    """SNS stores messages until they are delivered and retries, and it encrypts them at
    rest only when the topic names a KMS key. Without one, message bodies are kept in plain
    form on the service side."""
    key = key_set(r, "KmsMasterKeyId", "kms_master_key_id")
    if isinstance(key, Unknown):
        return unsure_for(
            r,
            "the topic's KMS key is known only at deployment",
            "KmsMasterKeyId",
            "kms_master_key_id",
        )
    if key:
        return pass_for(
            r, "messages are encrypted with a KMS key", "KmsMasterKeyId", "kms_master_key_id"
        )
    return fail_for(
        r,
        "no KMS key is set, so messages are not encrypted at rest; set KmsMasterKeyId "
        "(alias/aws/sns or a customer managed key)",
    )
