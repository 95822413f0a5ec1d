"""Rules of the security pillar: public access, encryption at rest and in transit, least
privilege, network exposure, secrets in plain text, and the logs an investigation needs.

Conventions shared by the rules below:

- A setting that is absent takes the service default (documented per rule); a value known only
  at deployment makes the result ``undetermined``.
- Terraform references such as ``aws_s3_bucket.logs.id`` resolve to UNKNOWN in the model. Unit
  rules that must pair two resources (a bucket and its policy, a VPC and its flow log) follow
  CloudFormation ``Ref``/``GetAtt`` references, literal names, and for Terraform sources the
  address written in the attribute's source line.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
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

PUBLIC_ACCESS = "sec_permissions_analyze_cross_account"
AT_REST = "sec_protect_data_rest_encrypt"
KEYS = "sec_protect_data_rest_key_mgmt"
IN_TRANSIT = "sec_protect_data_transit_encrypt"
LEAST_PRIVILEGE = "sec_permissions_least_privileges"
TRAFFIC = "sec_network_protection_layered"
LAYERS = "sec_network_protection_create_layers"
SECRETS = "sec_identities_secrets"
LOGGING = "sec_detect_investigate_events_app_service_logging"

Verdict = bool | Unknown


# --- shared helpers -------------------------------------------------------------------------


def _at(r: Resource, cfn: str, tf: str) -> tuple[str, ...]:
    """The property path a result is about, in the resource's own spelling."""
    name = cfn if r.format == "cloudformation" else tf
    return (name,) if name else ()


def _pass(r: Resource, message: str, cfn: str = "", tf: str = "") -> Check:
    return passed(message, *_at(r, cfn, tf), resource=r)


def _fail(r: Resource, message: str, cfn: str = "", tf: str = "") -> Check:
    return failed(message, *_at(r, cfn, tf), resource=r)


def _unsure(r: Resource, message: str, cfn: str = "", tf: str = "") -> Check:
    return undetermined(message, *_at(r, cfn, tf), resource=r)


def _flag(r: Resource, cfn: str, tf: str, default: bool) -> Verdict:
    """A boolean setting, its service default when absent, or UNKNOWN."""
    value = r.get(cfn, tf)
    if value is None:
        return default
    return truth(value)


def _dig(value: Any, path: str) -> Any:
    """Walk ``path`` (dotted) into maps and one-item Terraform block lists."""
    for part in path.split("."):
        if isinstance(value, Unknown):
            return UNKNOWN
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], Mapping):
            value = value[0]
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return None
    return value


def _dig_flag(value: Any, path: str, default: bool) -> Verdict:
    found = _dig(value, path)
    if found is None:
        return default
    return truth(found)


def _blocks(value: Any) -> list[Any]:
    """Repeated blocks or list items (a single map counts as one)."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return value
    return [UNKNOWN]


@lru_cache(maxsize=256)
def _file_lines(path: str, stamp: int) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())


def _source_line(r: Resource, attribute: str) -> str | None:
    """The source text of a top-level Terraform attribute (None when not known)."""
    if r.format != "terraform" or attribute not in r.lines:
        return None
    try:
        lines = _file_lines(r.file, Path(r.file).stat().st_mtime_ns)
    except OSError:
        return None
    number_ = r.lines[attribute]
    return lines[number_ - 1] if 0 < number_ <= len(lines) else None


_TF_ADDRESS = re.compile(r"(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)")


def _tf_references(r: Resource, attribute: str, types: Iterable[str]) -> set[str] | None:
    """Addresses of resources of ``types`` named in a Terraform attribute's expression
    (``bucket = aws_s3_bucket.logs.id`` → ``{"aws_s3_bucket.logs"}``), with the module
    prefix of ``r``; None when the expression names none of them or cannot be read."""
    line = _source_line(r, attribute)
    if line is None or "=" not in line:
        return None
    expression = line.split("=", 1)[1]
    wanted = set(types)
    prefix = r.name[: r.name.rfind(f"{r.type}.")] if f"{r.type}." in r.name else ""
    found = {f"{prefix}{t}.{n}" for t, n in _TF_ADDRESS.findall(expression) if t in wanted}
    return found or None


def _targets(
    source: Resource,
    cfn: str,
    tf: str,
    candidates: Sequence[Resource],
    name_attributes: tuple[str, str],
) -> set[str] | None:
    """Which ``candidates`` ``source`` points at through its ``cfn``/``tf`` attribute:
    the set of their names (empty: none of them), or None when it cannot be told."""
    value = source.get(cfn, tf)
    names = {c.name for c in candidates}
    if isinstance(value, Reference):
        return {str(value)} & names
    literal = _literal(value)
    if literal is not None:
        return {c.name for c in candidates if _literal(c.get(*name_attributes)) == literal}
    references = _tf_references(source, tf, {c.type for c in candidates})
    if references is not None:
        return references & names
    return None


def _key_set(r: Resource, cfn: str, tf: str) -> Verdict:
    """Whether a KMS key setting is given (a literal, a reference to a key or alias)."""
    value = r.get(cfn, tf)
    if value is None or value == "":
        return False
    if isinstance(value, Reference) or _literal(value):
        return True
    if _tf_references(r, tf, ("aws_kms_key", "aws_kms_alias", "aws_kms_replica_key")):
        return True
    return UNKNOWN


def _join(items: Sequence[str]) -> str:
    return ", ".join(items)


# --- S3 -----------------------------------------------------------------------------------

_BLOCK_PUBLIC = (
    ("BlockPublicAcls", "block_public_acls"),
    ("BlockPublicPolicy", "block_public_policy"),
    ("IgnorePublicAcls", "ignore_public_acls"),
    ("RestrictPublicBuckets", "restrict_public_buckets"),
)


@rule(
    "WA-SEC-001",
    title="S3 Block Public Access is on with all four settings",
    pillar="security",
    severity="high",
    choice=PUBLIC_ACCESS,
    types=(
        "AWS::S3::Bucket",
        "aws_s3_bucket_public_access_block",
        "aws_s3_account_public_access_block",
    ),
    checkov=("CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"),
)
def s3_block_public_access(r: Resource) -> Check | None:
    """Block Public Access is the guard rail that keeps a mistaken ACL or bucket policy from
    publishing data to the internet. Each of the four settings closes a different path
    (new public ACLs, existing public ACLs, public policies, cross-account access through a
    public policy), so all four must be on."""
    if r.type == "AWS::S3::Bucket":
        config = r.get("PublicAccessBlockConfiguration")
        if config is None:
            return _pass(
                r,
                "no PublicAccessBlockConfiguration is given, so S3 applies its default for new "
                "buckets (since April 2023): all four Block Public Access settings on",
            )
        if not isinstance(config, Mapping):
            return _unsure(
                r,
                "the Block Public Access configuration is known only at deployment",
                "PublicAccessBlockConfiguration",
            )
        prefix = "PublicAccessBlockConfiguration."
    else:
        config, prefix = r.properties, ""
    off: list[str] = []
    unknown: list[str] = []
    for cfn, tf in _BLOCK_PUBLIC:
        name = cfn if r.format == "cloudformation" else tf
        # once a configuration is given, a setting left out of it is off
        value = truth(config.get(name))
        if isinstance(value, Unknown):
            unknown.append(name)
        elif not value:
            off.append(name)
    if off:
        return _fail(
            r,
            f"Block Public Access is incomplete: {_join(off)} "
            f"{'is' if len(off) == 1 else 'are'} off; turn on all four settings",
            prefix + off[0],
            off[0],
        )
    if unknown:
        return _unsure(
            r, f"{_join(unknown)} known only at deployment", prefix + unknown[0], unknown[0]
        )
    return _pass(r, "all four Block Public Access settings are on")


def _policy_document(raw: Any) -> Mapping[str, Any] | Unknown | None:
    """A policy document as a map: CloudFormation maps, JSON strings (Terraform heredocs,
    plans); UNKNOWN for documents built at deployment (jsonencode, data sources)."""
    if isinstance(raw, Mapping):
        return raw
    if isinstance(raw, Unknown | Reference):
        return UNKNOWN
    if isinstance(raw, str):
        try:
            parsed = json.loads(raw)
        except ValueError:
            return None
        return parsed if isinstance(parsed, Mapping) else None
    return None if raw is None else UNKNOWN


def _statements(doc: Mapping[str, Any]) -> list[Any] | Unknown:
    statements = doc.get("Statement")
    if isinstance(statements, Unknown):
        return UNKNOWN
    return _blocks(statements)


def _everyone(principal: Any) -> Verdict:
    if isinstance(principal, Unknown):
        return UNKNOWN
    if principal == "*":
        return True
    if isinstance(principal, Mapping):
        return "*" in text_list(principal.get("AWS"))
    return False


def _denies_insecure_transport(raw: Any) -> Verdict:
    """Whether a bucket policy denies every S3 action to everyone without TLS."""
    doc = _policy_document(raw)
    if doc is None or isinstance(doc, Unknown):
        return UNKNOWN if isinstance(doc, Unknown) else False
    statements = _statements(doc)
    if isinstance(statements, Unknown):
        return UNKNOWN
    unknown = False
    for statement in statements:
        if not isinstance(statement, Mapping):
            unknown = True
            continue
        effect = statement.get("Effect")
        everyone = _everyone(statement.get("Principal"))
        actions = text_list(statement.get("Action"))
        condition = statement.get("Condition")
        if isinstance(effect, Unknown) or isinstance(everyone, Unknown):
            unknown = True
            continue
        if effect != "Deny" or not everyone:
            continue
        if not any(isinstance(a, str) and a.lower() in ("*", "s3:*") for a in actions):
            unknown = unknown or any(isinstance(a, Unknown) for a in actions)
            continue
        if isinstance(condition, Unknown):
            unknown = True
            continue
        if not isinstance(condition, Mapping):
            continue
        for operator, tests in condition.items():
            if operator.lower() not in ("bool", "boolifexists") or not isinstance(tests, Mapping):
                continue
            for key, value in tests.items():
                if key.lower() != "aws:securetransport":
                    continue
                values = [truth(v) for v in text_list(value)]
                if False in values:
                    return True
                unknown = unknown or any(isinstance(v, Unknown) for v in values)
    return UNKNOWN if unknown else False


_BUCKETS = ("AWS::S3::Bucket", "aws_s3_bucket")
_BUCKET_NAME = ("BucketName", "bucket")


@rule(
    "WA-SEC-002",
    title="S3 bucket policies deny requests that do not use TLS",
    pillar="security",
    severity="medium",
    choice=IN_TRANSIT,
    types=("AWS::S3::Bucket", "AWS::S3::BucketPolicy", "aws_s3_bucket", "aws_s3_bucket_policy"),
    scope="unit",
)
def s3_deny_insecure_transport(resources: Sequence[Resource]) -> Iterator[Check]:
    """S3 accepts plain HTTP requests unless the bucket policy refuses them, so a client that
    is misconfigured sends data and credentials-signed requests in clear text. A Deny
    statement on the condition aws:SecureTransport = false makes TLS mandatory for every
    caller."""
    buckets = [r for r in resources if r.type in _BUCKETS]
    policies = [r for r in resources if r.type in ("AWS::S3::BucketPolicy", "aws_s3_bucket_policy")]
    pairs = [(p, _targets(p, "Bucket", "bucket", buckets, _BUCKET_NAME)) for p in policies]
    for bucket in buckets:
        documents: list[tuple[str, Any]] = []
        if present(bucket.get("policy")):  # provider v3 inline policy
            documents.append(("the bucket's inline policy", bucket.get("policy")))
        unmatched = False
        for policy, targets in pairs:
            if targets is None:
                unmatched = True
            elif bucket.name in targets:
                documents.append(
                    (f"bucket policy {policy.name}", policy.get("PolicyDocument", "policy"))
                )
        verdicts = [(label, _denies_insecure_transport(doc)) for label, doc in documents]
        good = [label for label, v in verdicts if v is True]
        unknown = [label for label, v in verdicts if isinstance(v, Unknown)]
        if good:
            yield _pass(
                bucket, f"{good[0]} denies requests made without TLS (aws:SecureTransport false)"
            )
        elif unknown:
            yield _unsure(bucket, f"{unknown[0]} is known only at deployment")
        elif unmatched:
            yield _unsure(
                bucket,
                "a bucket policy here names its bucket by a value known only at deployment, "
                "so it is not known whether one denies non-TLS requests to this bucket",
            )
        elif documents:
            yield _fail(
                bucket,
                f"{documents[0][0]} does not deny requests made without TLS; add a Deny "
                "statement for all principals and s3:* when aws:SecureTransport is false",
            )
        else:
            yield _fail(
                bucket,
                "no bucket policy denies requests made without TLS; add one with a Deny "
                "statement for all principals and s3:* when aws:SecureTransport is false",
            )


_SSE_ALGORITHMS = ("AES256", "aws:kms", "aws:kms:dsse")


def _s3_algorithms(r: Resource) -> list[Any] | None:
    """SSE algorithms of a bucket's default-encryption rules (None: none configured)."""
    if r.type == "AWS::S3::Bucket":
        rules = r.get("BucketEncryption.ServerSideEncryptionConfiguration")
        path = "ServerSideEncryptionByDefault.SSEAlgorithm"
    elif r.type == "aws_s3_bucket":
        rules = r.get("server_side_encryption_configuration.rule")
        path = "apply_server_side_encryption_by_default.sse_algorithm"
    else:
        rules = r.get("rule")
        path = "apply_server_side_encryption_by_default.sse_algorithm"
    if rules is None:
        return None
    return [_dig(item, path) for item in _blocks(rules)]


@rule(
    "WA-SEC-003",
    title="S3 buckets and EFS file systems are encrypted at rest",
    pillar="security",
    severity="high",
    choice=AT_REST,
    types=(
        "AWS::S3::Bucket",
        "aws_s3_bucket",
        "aws_s3_bucket_server_side_encryption_configuration",
        "AWS::EFS::FileSystem",
        "aws_efs_file_system",
    ),
    checkov=("CKV_AWS_19", "CKV_AWS_42"),
)
def storage_encrypted(r: Resource) -> Check | None:
    """Encryption at rest keeps stored objects and files unreadable on lost media and in
    copies outside the service. S3 has encrypted every new object by default since January
    2023, while EFS file systems created through the API or IaC are unencrypted unless
    encryption is requested, and it cannot be turned on later."""
    if r.type in ("AWS::EFS::FileSystem", "aws_efs_file_system"):
        on = _flag(r, "Encrypted", "encrypted", False)
        if isinstance(on, Unknown):
            return _unsure(r, "encryption is known only at deployment", "Encrypted", "encrypted")
        if on:
            return _pass(r, "the file system is encrypted at rest", "Encrypted", "encrypted")
        return _fail(
            r,
            "the file system is not encrypted: set Encrypted to true (it cannot be enabled "
            "after creation)",
            "Encrypted",
            "encrypted",
        )
    algorithms = _s3_algorithms(r)
    at = ("BucketEncryption", "server_side_encryption_configuration")
    if not algorithms:
        if r.type == "aws_s3_bucket_server_side_encryption_configuration":
            return _fail(r, "the encryption configuration has no rule", "", "rule")
        return _pass(
            r,
            "no default encryption is configured, so S3 encrypts new objects with SSE-S3 "
            "(the default since January 2023)",
            *at,
        )
    if any(isinstance(a, Unknown) for a in algorithms):
        return _unsure(r, "the encryption algorithm is known only at deployment", *at)
    bad = [str(a) for a in algorithms if a not in _SSE_ALGORITHMS]
    if bad:
        return _fail(
            r, f"unsupported default encryption algorithm {bad[0]!r}; use aws:kms or AES256", *at
        )
    return _pass(r, f"objects are encrypted by default with {_join(sorted(set(algorithms)))}", *at)


# --- EBS, RDS, DynamoDB, SQS, SNS -----------------------------------------------------------


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
            return _unsure(
                r,
                "Encrypted is not set: the volume inherits the encryption of its snapshot",
                "SnapshotId",
                "snapshot_id",
            )
        return _fail(
            r,
            "Encrypted is not set, so the volume is unencrypted unless EBS encryption by "
            "default is on for the account and Region; set Encrypted to true",
        )
    value = truth(on)
    if isinstance(value, Unknown):
        return _unsure(r, "encryption is known only at deployment", "Encrypted", "encrypted")
    if value:
        return _pass(r, "the volume is encrypted", "Encrypted", "encrypted")
    return _fail(r, "the volume is not encrypted; set Encrypted to true", "Encrypted", "encrypted")


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
        for item in _blocks(mappings):
            if not isinstance(item, Mapping):
                return devices, False
            ebs = item.get("Ebs")
            if ebs is None:
                continue  # instance store (VirtualName) or NoDevice
            name = str(item.get("DeviceName", "?"))
            inherits = name in _ROOT_DEVICES or _dig(ebs, "SnapshotId") is not None
            devices.append((name, _dig(ebs, "Encrypted"), inherits))
        return devices, True
    if r.type == "aws_launch_template":
        for item in _blocks(r.get("block_device_mappings")):
            if not isinstance(item, Mapping):
                return devices, False
            ebs = item.get("ebs")
            if ebs is None:
                continue
            name = str(item.get("device_name", "?"))
            inherits = name in _ROOT_DEVICES or _dig(ebs, "snapshot_id") is not None
            devices.append((name, _dig(ebs, "encrypted"), inherits))
        return devices, True
    for item in _blocks(r.get("root_block_device")):
        if isinstance(item, Mapping):
            devices.append(("root volume", item.get("encrypted"), True))
    for item in _blocks(r.get("ebs_block_device")):
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
        return _unsure(r, "the block device mappings are known only at deployment", *at)
    if not devices:
        return _unsure(
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
        return _fail(r, f"EBS volume {_join(plain)} is not encrypted; set Encrypted to true", *at)
    if unknown:
        return _unsure(
            r,
            f"encryption of {_join(unknown)} is inherited from the AMI or snapshot or known only "
            "at deployment; set Encrypted to true",
            *at,
        )
    return _pass(r, "every declared EBS volume is encrypted", *at)


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
            return _pass(r, "Aurora Serverless v1 storage is always encrypted")
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
                return _pass(
                    r, "the copy is encrypted with the given KMS key", "KmsKeyId", "kms_key_id"
                )
            return _unsure(
                r,
                "storage encryption is inherited from the source snapshot or database",
                "StorageEncrypted",
                "storage_encrypted",
            )
        return _fail(
            r,
            "StorageEncrypted is not set, so storage and backups are unencrypted; set it to "
            "true (it cannot be changed after creation)",
        )
    value = truth(setting)
    if isinstance(value, Unknown):
        return _unsure(
            r,
            "storage encryption is known only at deployment",
            "StorageEncrypted",
            "storage_encrypted",
        )
    if value:
        return _pass(
            r, "storage and backups are encrypted", "StorageEncrypted", "storage_encrypted"
        )
    return _fail(
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
    types=("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "aws_dynamodb_table"),
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
        return _unsure(r, "the table's encryption setting is known only at deployment", *at)
    if not value:
        return _fail(
            r,
            "the table is encrypted only with an AWS owned key, whose use you cannot audit or "
            "restrict; enable SSE with AWS KMS",
            *at,
        )
    key = r.get("SSESpecification.KMSMasterKeyId", "server_side_encryption.kms_key_arn")
    which = "a customer managed KMS key" if key is not None else "the AWS managed KMS key"
    return _pass(r, f"the table is encrypted with {which}", *at)


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
    key = _key_set(r, "KmsMasterKeyId", "kms_master_key_id")
    if key is True:
        return _pass(
            r, "messages are encrypted with a KMS key", "KmsMasterKeyId", "kms_master_key_id"
        )
    managed = r.get("SqsManagedSseEnabled", "sqs_managed_sse_enabled")
    value = truth(managed) if managed is not None else True
    if isinstance(key, Unknown) or isinstance(value, Unknown):
        return _unsure(
            r,
            "the queue's encryption is known only at deployment",
            "SqsManagedSseEnabled",
            "sqs_managed_sse_enabled",
        )
    if not value:
        return _fail(
            r,
            "SSE-SQS is turned off and no KMS key is set: messages are stored unencrypted",
            "SqsManagedSseEnabled",
            "sqs_managed_sse_enabled",
        )
    if managed is None:
        return _pass(
            r, "no setting given: new queues use SQS-managed encryption (SSE-SQS) by default"
        )
    return _pass(
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
    key = _key_set(r, "KmsMasterKeyId", "kms_master_key_id")
    if isinstance(key, Unknown):
        return _unsure(
            r,
            "the topic's KMS key is known only at deployment",
            "KmsMasterKeyId",
            "kms_master_key_id",
        )
    if key:
        return _pass(
            r, "messages are encrypted with a KMS key", "KmsMasterKeyId", "kms_master_key_id"
        )
    return _fail(
        r,
        "no KMS key is set, so messages are not encrypted at rest; set KmsMasterKeyId "
        "(alias/aws/sns or a customer managed key)",
    )


# --- ElastiCache and OpenSearch ---------------------------------------------------------------

_REPLICATION_GROUPS = ("AWS::ElastiCache::ReplicationGroup", "aws_elasticache_replication_group")


@rule(
    "WA-SEC-010",
    title="ElastiCache replication groups are encrypted at rest",
    pillar="security",
    severity="high",
    choice=AT_REST,
    types=_REPLICATION_GROUPS,
    checkov=("CKV_AWS_29",),
)
def elasticache_at_rest(r: Resource) -> Check | None:
    """Cached data reaches disk in snapshots, backups and swap; without encryption at rest
    those copies are readable. The setting is off unless requested and can only be chosen
    when the replication group is created."""
    if r.get("GlobalReplicationGroupId", "global_replication_group_id") is not None:
        return None  # members inherit the global datastore's settings
    on = _flag(r, "AtRestEncryptionEnabled", "at_rest_encryption_enabled", False)
    at = ("AtRestEncryptionEnabled", "at_rest_encryption_enabled")
    if isinstance(on, Unknown):
        return _unsure(r, "encryption at rest is known only at deployment", *at)
    if on:
        return _pass(r, "encryption at rest is on", *at)
    return _fail(
        r, "encryption at rest is off (the default); set AtRestEncryptionEnabled to true", *at
    )


@rule(
    "WA-SEC-011",
    title="ElastiCache replication groups require encryption in transit",
    pillar="security",
    severity="high",
    choice=IN_TRANSIT,
    types=_REPLICATION_GROUPS,
    checkov=("CKV_AWS_30",),
)
def elasticache_in_transit(r: Resource) -> Check | None:
    """Cache traffic between clients and nodes, and between nodes during replication, is
    plain text unless TLS is on; tokens, sessions and cached records can be read on the
    network. The 'preferred' transit mode still accepts unencrypted clients, so only
    'required' enforces TLS."""
    if r.get("GlobalReplicationGroupId", "global_replication_group_id") is not None:
        return None
    on = _flag(r, "TransitEncryptionEnabled", "transit_encryption_enabled", False)
    at = ("TransitEncryptionEnabled", "transit_encryption_enabled")
    if isinstance(on, Unknown):
        return _unsure(r, "encryption in transit is known only at deployment", *at)
    if not on:
        return _fail(
            r,
            "encryption in transit is off (the default); set TransitEncryptionEnabled to true",
            *at,
        )
    mode = r.get("TransitEncryptionMode", "transit_encryption_mode")
    if isinstance(mode, Unknown):
        return _unsure(
            r,
            "the transit encryption mode is known only at deployment",
            "TransitEncryptionMode",
            "transit_encryption_mode",
        )
    if isinstance(mode, str) and mode.lower() == "preferred":
        return _fail(
            r,
            "TLS is on in 'preferred' mode, which still accepts unencrypted connections; "
            "switch to 'required'",
            "TransitEncryptionMode",
            "transit_encryption_mode",
        )
    return _pass(r, "clients must connect with TLS", *at)


_SEARCH_DOMAINS = (
    "AWS::OpenSearchService::Domain",
    "AWS::Elasticsearch::Domain",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
)


@rule(
    "WA-SEC-012",
    title="OpenSearch domains are encrypted at rest",
    pillar="security",
    severity="high",
    choice=AT_REST,
    types=_SEARCH_DOMAINS,
    checkov=("CKV_AWS_5",),
)
def search_at_rest(r: Resource) -> Check | None:
    """Search indexes copy the documents they index, so they are as sensitive as the source
    data; encryption at rest also covers logs, swap and automated snapshots. It is off unless
    requested when the domain is created."""
    on = _flag(r, "EncryptionAtRestOptions.Enabled", "encrypt_at_rest.enabled", False)
    at = ("EncryptionAtRestOptions", "encrypt_at_rest")
    if isinstance(on, Unknown):
        return _unsure(r, "encryption at rest is known only at deployment", *at)
    if on:
        return _pass(r, "encryption at rest is on", *at)
    return _fail(r, "encryption at rest is off; enable EncryptionAtRestOptions", *at)


@rule(
    "WA-SEC-013",
    title="OpenSearch domains encrypt node-to-node traffic and require HTTPS with TLS 1.2",
    pillar="security",
    severity="high",
    choice=IN_TRANSIT,
    types=_SEARCH_DOMAINS,
    checkov=("CKV_AWS_6", "CKV_AWS_83"),
)
def search_in_transit(r: Resource) -> Check | None:
    """Queries and results travel between clients and the domain endpoint, and shards move
    between nodes; both paths are plain text unless HTTPS is enforced and node-to-node
    encryption is on. The endpoint should also refuse TLS 1.0 and 1.1."""
    problems: list[str] = []
    unknown: list[str] = []
    node = _flag(r, "NodeToNodeEncryptionOptions.Enabled", "node_to_node_encryption.enabled", False)
    options = r.get("DomainEndpointOptions", "domain_endpoint_options")
    # Terraform defaults enforce_https to true once the block is written; the API to false
    https_default = r.format != "cloudformation" and options is not None
    https = _dig_flag(
        options, "EnforceHTTPS" if r.format == "cloudformation" else "enforce_https", https_default
    )
    policy = _dig(
        options, "TLSSecurityPolicy" if r.format == "cloudformation" else "tls_security_policy"
    )
    for value, problem, what in (
        (node, "node-to-node encryption is off", "node-to-node encryption"),
        (https, "HTTPS is not enforced on the endpoint", "HTTPS enforcement"),
    ):
        if isinstance(value, Unknown):
            unknown.append(what)
        elif not value:
            problems.append(problem)
    if isinstance(policy, Unknown):
        unknown.append("the TLS policy")
    elif isinstance(policy, str) and "TLS-1-0" in policy:
        problems.append(
            f"the endpoint accepts TLS 1.0 ({policy}); use Policy-Min-TLS-1-2-2019-07 or later"
        )
    if problems:
        return _fail(r, "; ".join(problems))
    if unknown:
        return _unsure(r, f"{_join(unknown)} known only at deployment")
    return _pass(r, "node-to-node encryption is on and the endpoint requires HTTPS")


@rule(
    "WA-SEC-014",
    title="KMS customer managed keys rotate automatically",
    pillar="security",
    severity="medium",
    choice=KEYS,
    types=("AWS::KMS::Key", "aws_kms_key"),
    checkov=("CKV_AWS_7",),
)
def kms_rotation(r: Resource) -> Check | None:
    """Automatic rotation limits how much data depends on one version of key material and
    meets most policies on key lifetime without changing the key's ID or ARN. It is off for
    customer managed keys unless enabled; only symmetric keys with AWS-generated material can
    rotate automatically."""
    spec = r.get("KeySpec", "customer_master_key_spec", "key_spec")
    if isinstance(spec, str) and spec != "SYMMETRIC_DEFAULT":
        return None  # asymmetric and HMAC keys cannot rotate automatically
    if r.get("Origin") in ("EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"):
        return None
    if r.get("custom_key_store_id") is not None:
        return None
    on = _flag(r, "EnableKeyRotation", "enable_key_rotation", False)
    at = ("EnableKeyRotation", "enable_key_rotation")
    if isinstance(on, Unknown) or isinstance(spec, Unknown):
        return _unsure(r, "key rotation is known only at deployment", *at)
    if on:
        return _pass(r, "automatic key rotation is on", *at)
    return _fail(r, "automatic key rotation is off; set EnableKeyRotation to true", *at)


# --- load balancers and CloudFront ------------------------------------------------------------

_LISTENERS = ("AWS::ElasticLoadBalancingV2::Listener", "aws_lb_listener", "aws_alb_listener")


def _redirects_to_https(r: Resource) -> Verdict:
    actions = r.get("DefaultActions", "default_action")
    if isinstance(actions, Unknown):
        return UNKNOWN
    items = _blocks(actions)
    if not items:
        return False
    for action in items:
        if not isinstance(action, Mapping):
            return UNKNOWN
        kind = action.get("Type", action.get("type"))
        if isinstance(kind, Unknown):
            return UNKNOWN
        if kind != "redirect":
            return False
        path = "RedirectConfig.Protocol" if r.format == "cloudformation" else "redirect.protocol"
        protocol = _dig(action, path)
        if isinstance(protocol, Unknown):
            return UNKNOWN
        if protocol != "HTTPS":
            return False
    return True


@rule(
    "WA-SEC-015",
    title="Load balancer listeners accept HTTPS or TLS only",
    pillar="security",
    severity="high",
    choice=IN_TRANSIT,
    types=(*_LISTENERS, "AWS::ElasticLoadBalancing::LoadBalancer", "aws_elb"),
    checkov=("CKV_AWS_2",),
)
def listener_https(r: Resource) -> Check | None:
    """A plain HTTP listener carries requests, cookies and tokens in clear text between
    clients and the load balancer. An HTTP listener is acceptable only when all it does is
    redirect clients to HTTPS."""
    if r.type in ("AWS::ElasticLoadBalancing::LoadBalancer", "aws_elb"):
        listeners = r.get("Listeners", "listener")
        if isinstance(listeners, Unknown):
            return _unsure(r, "the listeners are known only at deployment", "Listeners", "listener")
        plain: list[str] = []
        opaque: list[str] = []
        unknown = False
        for item in _blocks(listeners):
            if not isinstance(item, Mapping):
                unknown = True
                continue
            protocol = item.get("Protocol", item.get("lb_protocol"))
            port = item.get("LoadBalancerPort", item.get("lb_port"))
            if isinstance(protocol, Unknown):
                unknown = True
            elif str(protocol).upper() == "HTTP":
                plain.append(str(port))
            elif str(protocol).upper() == "TCP":
                opaque.append(str(port))
        if plain:
            return _fail(
                r,
                f"the load balancer serves plain HTTP on port {_join(plain)}; Classic Load "
                "Balancers cannot redirect, so move to HTTPS",
                "Listeners",
                "listener",
            )
        if unknown or opaque:
            return _unsure(
                r,
                "some listeners are TCP or known only at deployment: TLS, if any, happens on "
                "the instances",
                "Listeners",
                "listener",
            )
        return _pass(r, "every listener uses HTTPS or SSL", "Listeners", "listener")
    protocol = r.get("Protocol", "protocol")
    if protocol is None:
        if r.format == "cloudformation" or r.get("port") is None:
            return None  # Gateway Load Balancer listeners have no protocol
        protocol = "HTTP"  # the provider default for Application Load Balancers
    if isinstance(protocol, Unknown):
        return _unsure(
            r, "the listener protocol is known only at deployment", "Protocol", "protocol"
        )
    protocol = str(protocol).upper()
    if protocol in ("HTTPS", "TLS"):
        return _pass(r, f"the listener uses {protocol}", "Protocol", "protocol")
    if protocol == "HTTP":
        redirect = _redirects_to_https(r)
        if redirect is True:
            return _pass(
                r, "the HTTP listener only redirects to HTTPS", "DefaultActions", "default_action"
            )
        if isinstance(redirect, Unknown):
            return _unsure(
                r,
                "the listener's actions are known only at deployment",
                "DefaultActions",
                "default_action",
            )
        return _fail(
            r,
            "the listener serves plain HTTP; use HTTPS, or make its only action a redirect "
            "to HTTPS",
            "Protocol",
            "protocol",
        )
    if protocol in ("TCP", "TCP_UDP"):
        return _unsure(
            r,
            f"the listener passes {protocol} through: TLS, if any, is terminated by the targets",
            "Protocol",
            "protocol",
        )
    return None  # UDP, GENEVE


_TLS_MINOR = re.compile(r"-1-([0-3])(?:-|$)")
_TLS10_POLICIES = {
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-2015-05",
    "ELBSecurityPolicy-2015-03",
    "ELBSecurityPolicy-2015-02",
    "ELBSecurityPolicy-2014-10",
    "ELBSecurityPolicy-2014-01",
    "ELBSecurityPolicy-2011-08",
    "ELBSecurityPolicy-FS-2018-06",
}


def _tls_minimum(policy: str) -> int | None:
    """The minimum TLS 1.x minor version a predefined ELB security policy allows."""
    if policy in _TLS10_POLICIES:
        return 0
    match = _TLS_MINOR.search(policy)
    return int(match.group(1)) if match else None


@rule(
    "WA-SEC-016",
    title="HTTPS and TLS listeners use a TLS 1.2+ security policy",
    pillar="security",
    severity="medium",
    choice=IN_TRANSIT,
    types=_LISTENERS,
    checkov=("CKV_AWS_103",),
)
def listener_tls_policy(r: Resource) -> Check | None:
    """TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by most compliance
    standards. Listeners created through the API, CloudFormation or Terraform without a
    policy get ELBSecurityPolicy-2016-08, which still allows TLS 1.0."""
    protocol = r.get("Protocol", "protocol")
    if isinstance(protocol, Unknown):
        return _unsure(
            r, "the listener protocol is known only at deployment", "Protocol", "protocol"
        )
    if str(protocol).upper() not in ("HTTPS", "TLS"):
        return None
    policy = r.get("SslPolicy", "ssl_policy")
    at = ("SslPolicy", "ssl_policy")
    if policy is None:
        return _fail(
            r,
            "no security policy is set, so the listener uses ELBSecurityPolicy-2016-08, which "
            "allows TLS 1.0; set ELBSecurityPolicy-TLS13-1-2-2021-06",
        )
    if isinstance(policy, Unknown) or not isinstance(policy, str):
        return _unsure(r, "the security policy is known only at deployment", *at)
    minimum = _tls_minimum(policy)
    if minimum is None:
        return _unsure(r, f"the TLS versions of policy {policy} are not known to this rule", *at)
    if minimum < 2:
        return _fail(
            r,
            f"{policy} allows TLS 1.{minimum}; use ELBSecurityPolicy-TLS13-1-2-2021-06 or later",
            *at,
        )
    return _pass(r, f"{policy} requires TLS 1.{minimum} or later", *at)


_CLOUDFRONT = ("AWS::CloudFront::Distribution", "aws_cloudfront_distribution")
_CLOUDFRONT_TLS12 = ("TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025")


@rule(
    "WA-SEC-017",
    title="CloudFront distributions serve viewers over HTTPS with TLS 1.2 or later",
    pillar="security",
    severity="medium",
    choice=IN_TRANSIT,
    types=_CLOUDFRONT,
    checkov=("CKV_AWS_34", "CKV_AWS_174"),
)
def cloudfront_https(r: Resource) -> Check | None:
    """A cache behavior with the allow-all viewer policy serves content and accepts cookies
    over plain HTTP. With a custom certificate the minimum protocol version decides whether
    old TLS versions are still accepted from viewers."""
    if r.format == "cloudformation":
        config = r.get("DistributionConfig")
        behaviors = [_dig(config, "DefaultCacheBehavior"), *_blocks(_dig(config, "CacheBehaviors"))]
        policy_key, at = "ViewerProtocolPolicy", "DistributionConfig"
        certificate = _dig(config, "ViewerCertificate")
        default_cert = _dig_flag(certificate, "CloudFrontDefaultCertificate", False)
        minimum = _dig(certificate, "MinimumProtocolVersion")
    else:
        config = r.properties
        behaviors = [
            _dig(config, "default_cache_behavior"),
            *_blocks(config.get("ordered_cache_behavior")),
        ]
        policy_key, at = "viewer_protocol_policy", "default_cache_behavior"
        certificate = _dig(config, "viewer_certificate")
        default_cert = _dig_flag(certificate, "cloudfront_default_certificate", False)
        minimum = _dig(certificate, "minimum_protocol_version")
    if isinstance(config, Unknown):
        return _unsure(r, "the distribution configuration is known only at deployment", at, at)
    policies = [_dig(b, policy_key) if b is not None else None for b in behaviors]
    if any(p == "allow-all" for p in policies):
        return _fail(
            r,
            "a cache behavior allows plain HTTP (allow-all); use redirect-to-https or https-only",
            at,
            at,
        )
    if any(isinstance(p, Unknown) for p in policies):
        return _unsure(r, "a viewer protocol policy is known only at deployment", at, at)
    if isinstance(default_cert, Unknown) or isinstance(minimum, Unknown):
        return _unsure(r, "the viewer certificate settings are known only at deployment", at, at)
    if default_cert is True or certificate is None:
        return _pass(
            r,
            "viewers are sent to HTTPS (the default *.cloudfront.net certificate sets the TLS "
            "versions itself)",
            at,
            at,
        )
    if minimum not in _CLOUDFRONT_TLS12:
        shown = minimum or "TLSv1 (the default)"
        return _fail(
            r,
            f"the minimum viewer TLS version is {shown}; set TLSv1.2_2021 or later",
            at,
            "viewer_certificate",
        )
    return _pass(r, f"viewers use HTTPS with at least {minimum}", at, "viewer_certificate")


# --- IAM --------------------------------------------------------------------------------------

_IAM_POLICY_TYPES = (
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role",
)


def _iam_documents(r: Resource) -> list[tuple[str, Any]]:
    """(label, raw document) of each permissions policy a resource carries."""
    if r.type in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        return [("the policy", r.get("PolicyDocument"))]
    if r.type in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
        inline = r.get("Policies")
        if isinstance(inline, Unknown):
            return [("the inline policies", UNKNOWN)]
        found: list[tuple[str, Any]] = []
        for item in _blocks(inline):
            if isinstance(item, Mapping):
                found.append(
                    (f"inline policy {item.get('PolicyName', '?')}", item.get("PolicyDocument"))
                )
            else:
                found.append(("an inline policy", UNKNOWN))
        return found
    if r.type == "aws_iam_role":
        found = []
        for item in _blocks(r.get("inline_policy")):
            if isinstance(item, Mapping) and item.get("policy") is not None:
                found.append((f"inline policy {item.get('name', '?')}", item.get("policy")))
        return found
    return [("the policy", r.get("policy"))]


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text.lower())
    )


def _matches(pattern: str, action: str) -> bool:
    """IAM action matching: case-insensitive, * and ? wildcards."""
    return _pattern(pattern).fullmatch(action.lower()) is not None


def _all_resources(statement: Mapping[str, Any]) -> Verdict:
    if "NotResource" in statement:
        return True  # everything except a list
    resources = statement.get("Resource")
    if isinstance(resources, Unknown):
        return UNKNOWN
    items = text_list(resources)
    if "*" in items:
        return True
    if any(isinstance(i, Unknown) for i in items):
        return UNKNOWN
    return False


StatementJudge = Callable[[Mapping[str, Any]], "tuple[Verdict, str] | None"]


def _judge_policies(
    r: Resource,
    judge: StatementJudge,
    ok: str,
    extra: Sequence[tuple[Verdict, str]] = (),
) -> Check | None:
    """Run ``judge`` on every Allow statement of every policy of ``r``. ``judge`` returns
    (True, why) for a violation, (UNKNOWN, why) when values are missing, or None. ``extra``
    holds verdicts found elsewhere (attached managed policies); False there means checked
    and fine."""
    documents = _iam_documents(r)
    at = {
        "AWS::IAM::Role": "Policies",
        "AWS::IAM::User": "Policies",
        "AWS::IAM::Group": "Policies",
        "aws_iam_role": "inline_policy",
    }.get(r.type, "PolicyDocument" if r.format == "cloudformation" else "policy")
    problems = [why for verdict, why in extra if verdict is True]
    unknown = [why for verdict, why in extra if isinstance(verdict, Unknown)]
    checked = len(extra)
    for label, raw in documents:
        doc = _policy_document(raw)
        if isinstance(doc, Unknown):
            unknown.append(f"{label} is built at deployment")
            continue
        if doc is None:
            continue
        statements = _statements(doc)
        if isinstance(statements, Unknown):
            unknown.append(f"the statements of {label} are built at deployment")
            continue
        checked += 1
        for statement in statements:
            if not isinstance(statement, Mapping):
                unknown.append(f"a statement of {label} is built at deployment")
                continue
            effect = statement.get("Effect")
            if isinstance(effect, Unknown):
                unknown.append(f"a statement effect in {label} is known only at deployment")
                continue
            if effect != "Allow":
                continue
            result = judge(statement)
            if result is None:
                continue
            verdict, why = result
            if verdict is True:
                problems.append(f"{label} {why}")
            elif isinstance(verdict, Unknown):
                unknown.append(f"{label} {why}")
    if problems:
        return _fail(r, "; ".join(problems[:3]), at, at)
    if unknown:
        return _unsure(r, "; ".join(unknown[:3]), at, at)
    if not checked:
        return None
    return _pass(r, ok, at, at)


_ADMIN_ARN = re.compile(r"^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$")
_ATTACHMENTS = (
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
)


def _admin_arns(r: Resource) -> list[tuple[Verdict, str]]:
    arns = r.get("ManagedPolicyArns", "managed_policy_arns")
    if arns is None:
        return []
    if isinstance(arns, Unknown):
        return [(UNKNOWN, "the managed policy ARNs are known only at deployment")]
    found: list[tuple[Verdict, str]] = []
    for arn in text_list(arns):
        if isinstance(arn, Reference):
            continue  # a policy of this template, judged on its own
        if isinstance(arn, Unknown):
            found.append((UNKNOWN, "a managed policy ARN is known only at deployment"))
        elif isinstance(arn, str) and _ADMIN_ARN.match(arn):
            found.append((True, "AdministratorAccess is attached"))
        else:
            found.append((False, "a managed policy other than AdministratorAccess"))
    return found


@rule(
    "WA-SEC-018",
    title="IAM policies do not grant full administrator access",
    pillar="security",
    severity="high",
    choice=LEAST_PRIVILEGE,
    types=(*_IAM_POLICY_TYPES, *_ATTACHMENTS),
    checkov=("CKV_AWS_62",),
)
def iam_no_admin(r: Resource) -> Check | None:
    """A statement allowing every action on every resource (or the AdministratorAccess
    managed policy) turns any compromise of the principal into a compromise of the whole
    account. Workload identities should receive only the actions and resources they use."""
    if r.type in _ATTACHMENTS:
        arn = r.get("policy_arn")
        if isinstance(arn, str) and _ADMIN_ARN.match(arn):
            return _fail(r, "attaches the AdministratorAccess managed policy", "", "policy_arn")
        if isinstance(arn, str):
            return _pass(r, "attaches a policy other than AdministratorAccess", "", "policy_arn")
        if _tf_references(r, "policy_arn", ("aws_iam_policy",)):
            return None  # a policy of this module, judged on its own
        return _unsure(r, "the attached policy ARN is known only at deployment", "", "policy_arn")

    def judge(statement: Mapping[str, Any]) -> tuple[Verdict, str] | None:
        actions = text_list(statement.get("Action"))
        star = any(isinstance(a, str) and a in ("*", "*:*") for a in actions)
        if not star:
            if any(isinstance(a, Unknown) for a in actions):
                return UNKNOWN, "has actions known only at deployment"
            return None
        scope = _all_resources(statement)
        if scope is True:
            return True, 'allows every action ("*") on every resource'
        if isinstance(scope, Unknown):
            return UNKNOWN, 'allows "*" on resources known only at deployment'
        return None

    return _judge_policies(
        r,
        judge,
        "no statement or attached policy allows every action on every resource",
        _admin_arns(r),
    )


_WRITE_VERBS = (
    "put", "create", "delete", "update", "modify", "attach", "detach", "associate",
    "disassociate", "add", "remove", "set", "write", "terminate", "run", "start", "stop",
    "reboot", "restore", "import", "publish", "send", "invoke", "pass", "replace", "revoke",
    "authorize", "enable", "disable", "tag", "untag", "upload", "copy", "change", "reset",
    "register", "deregister", "apply", "execute", "cancel", "accept", "reject", "release",
    "allocate", "assume",
)  # fmt: skip


def _broad_write(action: str) -> bool:
    """A wildcard action that can match write or permission-management actions (``s3:*``,
    ``ec2:Delete*``, ``*``), or an IAM write action."""
    service, _, name = action.lower().partition(":")
    if action == "*" or (not name and "*" in service):
        return True
    if "*" not in name and "?" not in name:
        return service == "iam" and name.startswith(_WRITE_VERBS)
    prefix = re.split(r"[*?]", name, maxsplit=1)[0]
    return any(verb.startswith(prefix) or prefix.startswith(verb) for verb in _WRITE_VERBS)


@rule(
    "WA-SEC-019",
    title="IAM policies grant no wildcard write or IAM write actions on all resources",
    pillar="security",
    severity="medium",
    choice=LEAST_PRIVILEGE,
    types=_IAM_POLICY_TYPES,
    checkov=("CKV_AWS_111", "CKV_AWS_290"),
)
def iam_no_wildcard_write(r: Resource) -> Check | None:
    """Service-wide or verb wildcards such as s3:* or dynamodb:Delete* on Resource "*" let a
    principal change or destroy every resource of that service in the account, and IAM write
    actions on "*" let it grant itself more. Scope such statements to ARNs or constrain them
    with conditions."""

    def judge(statement: Mapping[str, Any]) -> tuple[Verdict, str] | None:
        if present(statement.get("Condition")):
            return None  # constrained by a condition (or by one known only at deployment)
        if "NotAction" in statement:
            broad: list[Any] = ["NotAction"]
        else:
            actions = text_list(statement.get("Action"))
            broad = [a for a in actions if isinstance(a, str) and _broad_write(a)]
            if not broad:
                if any(isinstance(a, Unknown) for a in actions):
                    return UNKNOWN, "has actions known only at deployment"
                return None
        scope = _all_resources(statement)
        what = "every action outside NotAction" if broad == ["NotAction"] else _join(broad[:3])
        if scope is True:
            return True, f"allows {what} on every resource"
        if isinstance(scope, Unknown):
            return UNKNOWN, f"allows {what} on resources known only at deployment"
        return None

    return _judge_policies(
        r, judge, "no wildcard write or IAM write action applies to every resource"
    )


@rule(
    "WA-SEC-020",
    title="IAM policies do not allow iam:PassRole on every role",
    pillar="security",
    severity="high",
    choice=LEAST_PRIVILEGE,
    types=_IAM_POLICY_TYPES,
)
def iam_no_passrole_star(r: Resource) -> Check | None:
    """iam:PassRole decides which roles a principal may hand to a service such as EC2,
    Lambda or CloudFormation. On Resource "*" it can pass the most privileged role in the
    account to a compute service it controls and so escalate its own privileges."""

    def judge(statement: Mapping[str, Any]) -> tuple[Verdict, str] | None:
        if "NotAction" in statement:
            excluded = text_list(statement.get("NotAction"))
            if any(isinstance(a, Unknown) for a in excluded):
                return UNKNOWN, "has NotAction values known only at deployment"
            allows = not any(isinstance(a, str) and _matches(a, "iam:PassRole") for a in excluded)
            via = "NotAction"
        else:
            actions = text_list(statement.get("Action"))
            hits = [a for a in actions if isinstance(a, str) and _matches(a, "iam:PassRole")]
            if not hits and any(isinstance(a, Unknown) for a in actions):
                return UNKNOWN, "has actions known only at deployment"
            allows, via = bool(hits), (hits[0] if hits else "")
        if not allows:
            return None
        scope = _all_resources(statement)
        shown = "" if via == "iam:PassRole" else f" (through {via!r})"
        if scope is True:
            return True, f"allows iam:PassRole{shown} on every role"
        if isinstance(scope, Unknown):
            return UNKNOWN, f"allows iam:PassRole{shown} on roles known only at deployment"
        return None

    return _judge_policies(r, judge, "iam:PassRole, where allowed, is limited to named roles")


# --- network exposure -------------------------------------------------------------------------

_SECURITY_GROUP_TYPES = (
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
)
_ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
_DATABASE_PORTS = {
    3306: "MySQL",
    5432: "PostgreSQL",
    1433: "SQL Server",
    1521: "Oracle",
    5439: "Redshift",
    27017: "MongoDB",
    6379: "Redis",
}
_WORLD = ("0.0.0.0/0", "::/0")


def _ingress_rules(r: Resource) -> tuple[list[tuple[Mapping[str, Any], bool]], bool] | None:
    """Ingress rules as maps with the keys protocol/from/to/cidrs, each with a flag for
    rules that exist only if a dynamic block iterates; and whether the list is complete.
    None when the resource is not an ingress rule (egress-only rule resources)."""
    rules: list[tuple[Mapping[str, Any], bool]] = []
    complete = True

    def cfn(item: Mapping[str, Any]) -> Mapping[str, Any]:
        return {
            "protocol": item.get("IpProtocol"),
            "from": item.get("FromPort"),
            "to": item.get("ToPort"),
            "cidrs": [c for c in (item.get("CidrIp"), item.get("CidrIpv6")) if c is not None],
        }

    def tf(item: Mapping[str, Any]) -> Mapping[str, Any]:
        cidrs: list[Any] = []
        for key in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
            value = item.get(key)
            if isinstance(value, Unknown):
                cidrs.append(UNKNOWN)
            else:
                cidrs += text_list(value)
        return {
            "protocol": item.get("protocol", item.get("ip_protocol")),
            "from": item.get("from_port"),
            "to": item.get("to_port"),
            "cidrs": cidrs,
        }

    if r.type == "AWS::EC2::SecurityGroup":
        items = r.get("SecurityGroupIngress")
        if isinstance(items, Unknown):
            return [], False
        for item in _blocks(items):
            if isinstance(item, Mapping):
                rules.append((cfn(item), False))
            else:
                complete = False
    elif r.type == "AWS::EC2::SecurityGroupIngress":
        rules.append((cfn(r.properties), False))
    elif r.type == "aws_security_group":
        items = r.get("ingress")
        if isinstance(items, Unknown):
            return [], False
        for item in _blocks(items):
            if isinstance(item, Mapping):
                rules.append((tf(item), False))
            else:
                complete = False
        for dynamic in _blocks(r.get("dynamic")):
            block = dynamic.get("ingress") if isinstance(dynamic, Mapping) else None
            if isinstance(block, Mapping):
                for content in _blocks(block.get("content")):
                    if isinstance(content, Mapping):
                        rules.append((tf(content), True))
                    else:
                        complete = False
    elif r.type == "aws_security_group_rule":
        kind = r.get("type")
        if isinstance(kind, Unknown):
            return [], False
        if kind != "ingress":
            return None
        rules.append((tf(r.properties), False))
    else:
        rules.append((tf(r.properties), False))
    return rules, complete


def _opens_port(item: Mapping[str, Any], port: int) -> Verdict:
    protocol = item.get("protocol")
    if isinstance(protocol, Unknown):
        return UNKNOWN
    protocol = str(protocol).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6", "udp", "17"):
        return False  # ICMP and other protocols have no ports
    low, high = number(item.get("from")), number(item.get("to"))
    if isinstance(low, Unknown) or isinstance(high, Unknown):
        return UNKNOWN
    if low is None and high is None:
        return True
    if low == -1:
        return True
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None
    return low <= port <= high


def _open_to_world(item: Mapping[str, Any]) -> Verdict:
    cidrs = item.get("cidrs") or []
    if any(c in _WORLD for c in cidrs):
        return True
    if any(isinstance(c, Unknown) for c in cidrs):
        return UNKNOWN
    return False


def _exposure(r: Resource, ports: Mapping[int, str], kind: str) -> Check | None:
    found = _ingress_rules(r)
    if found is None:
        return None
    rules, complete = found
    at = {
        "AWS::EC2::SecurityGroup": ("SecurityGroupIngress", ""),
        "aws_security_group": ("", "ingress"),
    }.get(r.type, ("", ""))
    exposed: list[str] = []
    maybe: list[str] = []
    for item, conditional in rules:
        world = _open_to_world(item)
        if world is False:
            continue
        for port, service in ports.items():
            opens = _opens_port(item, port)
            if opens is False:
                continue
            text = f"port {port} ({service})"
            if opens is True and world is True and not conditional:
                if text not in exposed:
                    exposed.append(text)
            elif text not in maybe:
                maybe.append(text)
    if exposed:
        return _fail(
            r,
            f"ingress is open to the internet (0.0.0.0/0 or ::/0) on {_join(exposed)}; allow "
            "only known sources or security groups",
            *at,
        )
    if maybe or not complete:
        shown = _join(maybe) if maybe else f"{kind} ports"
        return _unsure(
            r,
            f"ingress sources, ports or dynamic rules known only at deployment may open {shown} "
            "to the internet",
            *at,
        )
    return _pass(r, f"no ingress from the internet reaches {kind} ports", *at)


@rule(
    "WA-SEC-021",
    title="Security groups do not open SSH or RDP to the internet",
    pillar="security",
    severity="high",
    choice=TRAFFIC,
    types=_SECURITY_GROUP_TYPES,
    checkov=("CKV_AWS_24", "CKV_AWS_25"),
)
def no_open_admin_ports(r: Resource) -> Check | None:
    """SSH and RDP exposed to 0.0.0.0/0 are scanned and brute-forced within minutes of an
    instance starting. Administrative access should come through Session Manager, a
    bastion or a known address range."""
    return _exposure(r, _ADMIN_PORTS, "administrative")


@rule(
    "WA-SEC-022",
    title="Security groups do not open database ports to the internet",
    pillar="security",
    severity="high",
    choice=LAYERS,
    types=_SECURITY_GROUP_TYPES,
)
def no_open_database_ports(r: Resource) -> Check | None:
    """Databases belong in a private layer reachable only from the application tier; a
    database port open to the internet invites credential stuffing and exploits of the
    engine. Allow the application's security group instead of a CIDR range."""
    return _exposure(r, _DATABASE_PORTS, "database")


@rule(
    "WA-SEC-023",
    title="Databases are not publicly accessible",
    pillar="security",
    severity="high",
    choice=LAYERS,
    types=(
        "AWS::RDS::DBInstance",
        "aws_db_instance",
        "aws_rds_cluster_instance",
        "AWS::Redshift::Cluster",
        "aws_redshift_cluster",
    ),
    checkov=("CKV_AWS_17", "CKV_AWS_87"),
)
def database_not_public(r: Resource) -> Check | None:
    """A publicly accessible database gets a public DNS name and IP address, so a single
    permissive security group rule exposes it to the internet. Databases should be reachable
    only from inside the VPC."""
    value = r.get("PubliclyAccessible", "publicly_accessible")
    at = ("PubliclyAccessible", "publicly_accessible")
    if value is None:
        if r.type == "AWS::RDS::DBInstance":
            if r.get("DBSubnetGroupName") is None and r.get("DBClusterIdentifier") is None:
                return _fail(
                    r,
                    "PubliclyAccessible is not set and no subnet group is given: the instance "
                    "lands in the default VPC, where RDS makes it public; set it to false",
                )
            return _unsure(
                r,
                "PubliclyAccessible is not set, so RDS decides from the subnet group's VPC "
                "(public when it has an internet gateway); set it to false explicitly",
            )
        if r.type == "AWS::Redshift::Cluster":
            return _pass(r, "not set: new Redshift clusters are private by default (since 2025)")
        return _pass(r, "not set: the provider default is not publicly accessible")
    public = truth(value)
    if isinstance(public, Unknown):
        return _unsure(r, "public accessibility is known only at deployment", *at)
    if public:
        return _fail(r, "the database is publicly accessible; set it to false", *at)
    return _pass(r, "the database is not publicly accessible", *at)


# --- secrets in plain text --------------------------------------------------------------------

_SECRET_NAME = re.compile(
    r"PASSWORD|PASSWD|(^|_)PWD($|_)|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL"
    r"|AUTH_?KEY",
    re.IGNORECASE,
)
_POINTER_SUFFIX = re.compile(
    r"_(ARN|NAME|ID|PATH|PARAM|PARAMETER|SSM|SECRET_ID|URL|URI|FILE|TTL|EXPIRY|EXPIRATION"
    r"|LENGTH|HEADER|TYPE|ENABLED|REGION|VERSION|KEY_ID|ENDPOINT|LOCATION)$",
    re.IGNORECASE,
)
_ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")


def _secret_name(name: str) -> bool:
    normalized = name.replace("-", "_")
    return bool(_SECRET_NAME.search(normalized)) and not _POINTER_SUFFIX.search(normalized)


def _looks_like_pointer(value: str) -> bool:
    lowered = value.strip().lower()
    return (
        lowered.startswith(("arn:", "{{resolve:", "/", "${", "$(", "ssm:", "secretsmanager:"))
        or lowered in ("", "true", "false", "none", "null")
        or lowered.isdigit()
    )


def _secret_shape(value: str) -> str | None:
    if _ACCESS_KEY.search(value):
        return "an AWS access key ID"
    if _PRIVATE_KEY.search(value):
        return "a private key"
    return None


def _environment(r: Resource) -> list[tuple[str, Any]] | Unknown:
    """(name, value) pairs of a function's or task definition's environment variables."""
    if r.type in ("AWS::Lambda::Function", "AWS::Serverless::Function", "aws_lambda_function"):
        variables = r.get("Environment.Variables", "environment.variables")
        if isinstance(variables, Unknown):
            return UNKNOWN
        if not isinstance(variables, Mapping):
            return []
        return [(str(k), v) for k, v in variables.items()]
    if r.type == "AWS::ECS::TaskDefinition":
        containers: Any = r.get("ContainerDefinitions")
        name_key, value_key, env_key = "Name", "Value", "Environment"
    else:
        raw = r.get("container_definitions")
        if isinstance(raw, str) and not isinstance(raw, Reference):
            try:
                containers = json.loads(raw)
            except ValueError:
                return []
        else:
            containers = UNKNOWN if raw is not None else []
        name_key, value_key, env_key = "name", "value", "environment"
    if isinstance(containers, Unknown):
        return UNKNOWN
    pairs: list[tuple[str, Any]] = []
    for container in _blocks(containers):
        if not isinstance(container, Mapping):
            return UNKNOWN
        environment = container.get(env_key)
        if isinstance(environment, Unknown):
            return UNKNOWN
        for item in _blocks(environment):
            if isinstance(item, Mapping):
                pairs.append((str(item.get(name_key, "?")), item.get(value_key)))
    return pairs


@rule(
    "WA-SEC-024",
    title="Function and container environment variables hold no plain-text secrets",
    pillar="security",
    severity="high",
    choice=SECRETS,
    types=(
        "AWS::Lambda::Function",
        "AWS::Serverless::Function",
        "aws_lambda_function",
        "AWS::ECS::TaskDefinition",
        "aws_ecs_task_definition",
    ),
    checkov=("CKV_AWS_45",),
)
def no_secrets_in_environment(r: Resource) -> Check | None:
    """Environment variables are shown in the console and returned by describe APIs to
    anyone with read access, and they end up in templates, state files and source control.
    Secrets belong in Secrets Manager or Parameter Store, referenced by ARN or fetched at
    runtime (ECS task definitions have a Secrets section for this)."""
    at = {
        "AWS::ECS::TaskDefinition": ("ContainerDefinitions", ""),
        "aws_ecs_task_definition": ("", "container_definitions"),
    }.get(r.type, ("Environment", "environment"))
    pairs = _environment(r)
    if isinstance(pairs, Unknown):
        return _unsure(r, "the environment variables are built at deployment", *at)
    if not pairs:
        return None
    found: list[str] = []
    supplied: list[str] = []
    for name, value in pairs:
        literal = _literal(value)
        if literal is not None:
            shape = _secret_shape(literal)
            if shape:
                found.append(f"{name} holds {shape}")
            elif _secret_name(name) and not _looks_like_pointer(literal):
                found.append(f"{name} holds a literal value")
        elif isinstance(value, Unknown) and _secret_name(name):
            supplied.append(name)
    if found:
        return _fail(
            r,
            f"plain-text secret in the environment: {_join(found[:3])}; store it in Secrets "
            "Manager or Parameter Store and pass a reference",
            *at,
        )
    if supplied:
        return _unsure(
            r,
            f"{_join(supplied[:3])} {'is' if len(supplied) == 1 else 'are'} set at deployment; "
            "if the value is the secret itself it is stored in plain text — pass a Secrets "
            "Manager reference instead",
            *at,
        )
    return _pass(r, "no environment variable holds a literal secret", *at)


_USER_DATA_ASSIGNMENT = re.compile(
    r"\b([A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY)[A-Za-z0-9_]*)\s*[=:]\s*"
    r"""['"]?([^\s'"$`]{4,})""",
    re.IGNORECASE,
)
_USER_DATA_FLAG = re.compile(
    r"""--(?:password|secret|token|api-key)[= ]['"]?([^\s'"$`-][^\s'"$`]{3,})""", re.IGNORECASE
)
_USER_DATA_SECRET_KEY = re.compile(
    r"aws_secret_access_key\s*[= ]\s*['\"]?[A-Za-z0-9/+=]{40}", re.IGNORECASE
)


def _decode_user_data(value: str, encoded: bool) -> str:
    if not encoded:
        return value
    try:
        return base64.b64decode(value, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return value  # not Base64 after all: scan the text as written


def _user_data_secrets(text: str) -> list[str]:
    found: list[str] = []
    shape = _secret_shape(text)
    if shape:
        found.append(shape)
    if _USER_DATA_SECRET_KEY.search(text):
        found.append("an AWS secret access key")
    for match in _USER_DATA_ASSIGNMENT.finditer(text):
        if not _POINTER_SUFFIX.search(match.group(1)) and not _looks_like_pointer(match.group(2)):
            found.append(f"a literal {match.group(1)}")
    if _USER_DATA_FLAG.search(text):
        found.append("a password or token on a command line")
    return found


@rule(
    "WA-SEC-025",
    title="EC2 user data holds no plain-text secrets",
    pillar="security",
    severity="high",
    choice=SECRETS,
    types=(
        "AWS::EC2::Instance",
        "aws_instance",
        "AWS::EC2::LaunchTemplate",
        "aws_launch_template",
        "AWS::AutoScaling::LaunchConfiguration",
        "aws_launch_configuration",
    ),
    checkov=("CKV_AWS_46",),
)
def no_secrets_in_user_data(r: Resource) -> Check | None:
    """User data can be read by anyone allowed to describe the instance attribute and by
    any process on the instance through the metadata service, and it is kept in templates
    and state. Boot scripts should fetch secrets from Secrets Manager or Parameter Store
    with the instance role."""
    if r.type == "AWS::EC2::LaunchTemplate":
        value, encoded, at = r.get("LaunchTemplateData.UserData"), True, ("LaunchTemplateData", "")
    elif r.format == "cloudformation":
        value, encoded, at = r.get("UserData"), True, ("UserData", "")
    elif r.type == "aws_launch_template":
        value, encoded, at = r.get("user_data"), True, ("", "user_data")
    elif r.get("user_data_base64") is not None:
        value, encoded, at = r.get("user_data_base64"), True, ("", "user_data_base64")
    else:
        value, encoded, at = r.get("user_data"), False, ("", "user_data")
    if value is None:
        return None
    text = _literal(value)
    if text is None:
        return _unsure(
            r,
            "the user data is built at deployment (Fn::Base64, templatefile, file) and could "
            "not be read",
            *at,
        )
    found = _user_data_secrets(_decode_user_data(text, encoded))
    if found:
        return _fail(
            r,
            f"user data contains {_join(found[:3])}; fetch secrets at boot from Secrets "
            "Manager or Parameter Store instead",
            *at,
        )
    return _pass(r, "the user data contains no recognizable secret", *at)


# --- logging ----------------------------------------------------------------------------------


@rule(
    "WA-SEC-026",
    title="CloudTrail trails log all Regions with log file validation",
    pillar="security",
    severity="high",
    choice=LOGGING,
    types=("AWS::CloudTrail::Trail", "aws_cloudtrail"),
    checkov=("CKV_AWS_67", "CKV_AWS_36"),
)
def cloudtrail_complete(r: Resource) -> Check | None:
    """CloudTrail is the record of who did what in the account; a single-Region trail misses
    activity in every other Region, where attackers like to work. Log file validation adds
    signed digests so tampering with or deleting log files can be detected."""
    problems: list[str] = []
    unknown: list[str] = []
    for cfn, tf, default, problem in (
        ("IsLogging", "enable_logging", r.format != "cloudformation", "logging is off"),
        ("IsMultiRegionTrail", "is_multi_region_trail", False, "the trail covers one Region only"),
        (
            "EnableLogFileValidation",
            "enable_log_file_validation",
            False,
            "log file validation is off",
        ),
    ):
        value = _flag(r, cfn, tf, default)
        if isinstance(value, Unknown):
            unknown.append(cfn if r.format == "cloudformation" else tf)
        elif not value:
            problems.append(problem)
    if problems:
        return _fail(r, "; ".join(problems))
    if unknown:
        return _unsure(r, f"{_join(unknown)} known only at deployment")
    return _pass(r, "the trail is logging, covers all Regions and validates its log files")


def _lb_attribute(r: Resource, key: str) -> Any:
    attributes = r.get("LoadBalancerAttributes")
    if isinstance(attributes, Unknown):
        return UNKNOWN
    for item in _blocks(attributes):
        if not isinstance(item, Mapping):
            return UNKNOWN
        if item.get("Key") == key:
            return item.get("Value")
    return None


@rule(
    "WA-SEC-027",
    title="Load balancers write access logs",
    pillar="security",
    severity="medium",
    choice=LOGGING,
    types=(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "aws_lb",
        "aws_alb",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        "aws_elb",
    ),
    checkov=("CKV_AWS_91", "CKV_AWS_92"),
)
def load_balancer_logs(r: Resource) -> Check | None:
    """Access logs record every request with client address, path, status and TLS details;
    they are often the only evidence of what an attacker tried against a public endpoint.
    Load balancers write none unless logging is turned on."""
    if r.type == "AWS::ElasticLoadBalancing::LoadBalancer":
        policy = r.get("AccessLoggingPolicy")
        on = _dig_flag(policy, "Enabled", False)
        at = ("AccessLoggingPolicy", "")
    elif r.type == "aws_elb":
        block = r.get("access_logs")
        on = _dig_flag(block, "enabled", True) if block is not None else False
        at = ("", "access_logs")
    else:
        kind = r.get("Type", "load_balancer_type")
        if kind == "gateway":
            return None  # Gateway Load Balancers have no access logs
        if r.format == "cloudformation":
            value = _lb_attribute(r, "access_logs.s3.enabled")
            on = truth(value)
            at = ("LoadBalancerAttributes", "")
        else:
            # Terraform: enabled defaults to false even when a bucket is given
            on = _dig_flag(r.get("access_logs"), "enabled", False)
            at = ("", "access_logs")
    if isinstance(on, Unknown):
        return _unsure(r, "access logging is known only at deployment", *at)
    if on:
        return _pass(r, "access logs are written to S3", *at)
    return _fail(r, "access logging is off; enable it and send the logs to an S3 bucket", *at)


def _log_destinations(buckets: Sequence[Resource], resources: Sequence[Resource]) -> set[str]:
    """Buckets that receive S3 server access logs (a log bucket does not log itself)."""
    found: set[str] = set()
    for r in resources:
        if r.type == "AWS::S3::Bucket":
            target = r.get("LoggingConfiguration.DestinationBucketName")
            if isinstance(target, Reference):
                found.add(str(target))
            elif _literal(target):
                found |= {b.name for b in buckets if _literal(b.get("BucketName")) == target}
        elif r.type == "aws_s3_bucket_logging":
            found |= _targets(r, "", "target_bucket", buckets, _BUCKET_NAME) or set()
        elif r.type == "aws_s3_bucket":
            target = _literal(r.get("logging.target_bucket"))
            if target:
                found |= {b.name for b in buckets if _literal(b.get("bucket")) == target}
    return found


@rule(
    "WA-SEC-028",
    title="S3 buckets write server access logs",
    pillar="security",
    severity="low",
    choice=LOGGING,
    types=("AWS::S3::Bucket", "aws_s3_bucket", "aws_s3_bucket_logging"),
    scope="unit",
    checkov=("CKV_AWS_18",),
)
def s3_access_logs(resources: Sequence[Resource]) -> Iterator[Check]:
    """Server access logs record each request made to a bucket, including anonymous and
    denied ones, which CloudTrail data events do not cover by default. They let you trace
    who read or changed objects after an incident. A bucket that only receives other
    buckets' logs is not required to log itself."""
    buckets = [r for r in resources if r.type in _BUCKETS]
    loggings = [r for r in resources if r.type == "aws_s3_bucket_logging"]
    pairs = [(g, _targets(g, "", "bucket", buckets, _BUCKET_NAME)) for g in loggings]
    destinations = _log_destinations(buckets, resources)
    for bucket in buckets:
        if bucket.name in destinations:
            continue
        if bucket.type == "AWS::S3::Bucket":
            config = bucket.get("LoggingConfiguration")
            if isinstance(config, Unknown):
                yield _unsure(
                    bucket,
                    "the logging configuration is known only at deployment",
                    "LoggingConfiguration",
                )
            elif config is not None:
                yield _pass(bucket, "server access logging is on", "LoggingConfiguration")
            else:
                yield _fail(bucket, "server access logging is off; add a LoggingConfiguration")
            continue
        if present(bucket.get("logging")):  # provider v3 inline block
            yield _pass(bucket, "server access logging is on", "", "logging")
            continue
        if any(targets is not None and bucket.name in targets for _, targets in pairs):
            yield _pass(bucket, "an aws_s3_bucket_logging resource turns on server access logging")
        elif any(targets is None for _, targets in pairs):
            yield _unsure(
                bucket,
                "an aws_s3_bucket_logging resource names its bucket by a value known only at "
                "deployment; cannot tell whether it covers this bucket",
            )
        else:
            yield _fail(
                bucket,
                "server access logging is off: no aws_s3_bucket_logging resource refers to "
                "this bucket",
            )


_DELIVERY_SOURCES = ("AWS::Logs::DeliverySource", "aws_cloudwatch_log_delivery_source")


@rule(
    "WA-SEC-029",
    title="CloudFront distributions write access logs",
    pillar="security",
    severity="low",
    choice=LOGGING,
    types=(*_CLOUDFRONT, *_DELIVERY_SOURCES),
    scope="unit",
    checkov=("CKV_AWS_86",),
)
def cloudfront_logs(resources: Sequence[Resource]) -> Iterator[Check]:
    """CloudFront access logs hold every viewer request at the edge, including those served
    from cache that never reach the origin's logs. Without them, probing and abuse of the
    distribution leave no trace. Either standard logging to S3 or a CloudWatch log delivery
    source for ACCESS_LOGS counts."""
    distributions = [r for r in resources if r.type in _CLOUDFRONT]
    sources = [
        r
        for r in resources
        if r.type in _DELIVERY_SOURCES and r.get("LogType", "log_type") in ("ACCESS_LOGS", UNKNOWN)
    ]
    pairs = [
        (s, _targets(s, "ResourceArn", "resource_arn", distributions, ("", ""))) for s in sources
    ]
    for dist in distributions:
        if dist.format == "cloudformation":
            config = dist.get("DistributionConfig")
            logging = _dig(config, "Logging")
            at = ("DistributionConfig", "")
        else:
            config = dist.properties
            logging = dist.get("logging_config")
            at = ("", "logging_config")
        if isinstance(config, Unknown) or isinstance(logging, Unknown):
            yield _unsure(dist, "the logging configuration is known only at deployment", *at)
        elif logging is not None:
            yield _pass(dist, "standard access logging to S3 is on", *at)
        elif any(t is not None and dist.name in t for _, t in pairs):
            yield _pass(dist, "a CloudWatch log delivery source sends its access logs")
        elif any(t is None for _, t in pairs):
            yield _unsure(
                dist,
                "a log delivery source for ACCESS_LOGS names its resource by a value known "
                "only at deployment; cannot tell whether it covers this distribution",
            )
        else:
            yield _fail(dist, "access logging is off; enable standard logging", *at)


_FLOW_LOGS = ("AWS::EC2::FlowLog", "aws_flow_log")


@rule(
    "WA-SEC-030",
    title="VPCs have flow logs",
    pillar="security",
    severity="medium",
    choice=LOGGING,
    types=("AWS::EC2::VPC", "aws_vpc", *_FLOW_LOGS),
    scope="unit",
    checkov=("CKV2_AWS_11",),
)
def vpc_flow_logs(resources: Sequence[Resource]) -> Iterator[Check]:
    """Flow logs record which addresses talked to which, on which ports, and whether
    traffic was accepted or rejected; they are how an investigation finds lateral movement
    and data exfiltration. A VPC has none unless a flow log is created for it."""
    vpcs = [r for r in resources if r.type in ("AWS::EC2::VPC", "aws_vpc")]
    flow_logs = [r for r in resources if r.type in _FLOW_LOGS]
    pairs: list[tuple[Resource, set[str] | None]] = []
    for log in flow_logs:
        kind = log.get("ResourceType")
        if log.format == "cloudformation" and kind not in ("VPC", UNKNOWN):
            pairs.append((log, set()))  # subnet, interface or transit gateway logs
        elif log.format != "cloudformation" and log.get("vpc_id") is None:
            other = ("subnet_id", "eni_id", "transit_gateway_id", "transit_gateway_attachment_id")
            # in plans an unknown vpc_id is simply absent
            pairs.append((log, set() if any(log.get(k) is not None for k in other) else None))
        else:
            pairs.append((log, _targets(log, "ResourceId", "vpc_id", vpcs, ("", ""))))
    for vpc in vpcs:
        matched = [
            log.name for log, targets in pairs if targets is not None and vpc.name in targets
        ]
        if matched:
            yield _pass(vpc, f"flow log {matched[0]} records this VPC's traffic")
        elif any(targets is None for _, targets in pairs):
            yield _unsure(
                vpc,
                "a flow log here names its VPC by a value known only at deployment; cannot "
                "tell whether it covers this VPC",
            )
        elif flow_logs:
            yield _fail(
                vpc, "no flow log targets this VPC (the flow logs here cover other resources)"
            )
        else:
            yield _fail(vpc, "the VPC has no flow log; add one (to CloudWatch Logs or S3)")
