"""Security rules for S3 buckets: Block Public Access, TLS-only bucket policies, default
encryption.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.common import (
    companions_of,
    present,
    text_list,
    truth,
)
from wellarch.evidence.rules.security.base import (
    AT_REST,
    BUCKET_NAME,
    BUCKETS,
    IN_TRANSIT,
    PUBLIC_ACCESS,
    Verdict,
    as_blocks,
    dig,
    fail_for,
    is_everyone,
    join_names,
    paired_with,
    pass_for,
    policy_document,
    policy_statements,
    setting_flag,
    unsure_for,
)

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
            return pass_for(
                r,
                "no PublicAccessBlockConfiguration is given, so S3 applies its default for new "
                "buckets (since April 2023): all four Block Public Access settings on",
            )
        if not isinstance(config, Mapping):
            return unsure_for(
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
        return fail_for(
            r,
            f"Block Public Access is incomplete: {join_names(off)} "
            f"{'is' if len(off) == 1 else 'are'} off; turn on all four settings",
            prefix + off[0],
            off[0],
        )
    if unknown:
        return unsure_for(
            r, f"{join_names(unknown)} known only at deployment", prefix + unknown[0], unknown[0]
        )
    return pass_for(r, "all four Block Public Access settings are on")


def _denies_insecure_transport(raw: Any) -> Verdict:
    """Whether a bucket policy denies every S3 action to everyone without TLS."""
    doc = policy_document(raw)
    if doc is None or isinstance(doc, Unknown):
        return UNKNOWN if isinstance(doc, Unknown) else False
    statements = policy_statements(doc)
    if isinstance(statements, Unknown):
        return UNKNOWN
    unknown = False
    for statement in statements:
        if not isinstance(statement, Mapping):
            unknown = True
            continue
        effect = statement.get("Effect")
        everyone = is_everyone(statement.get("Principal"))
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
    buckets = [r for r in resources if r.type in BUCKETS]
    policies = [r for r in resources if r.type in ("AWS::S3::BucketPolicy", "aws_s3_bucket_policy")]
    matches = companions_of(buckets, policies, via=("Bucket", "bucket"), names=BUCKET_NAME)
    for bucket in buckets:
        documents: list[tuple[str, Any]] = []
        if present(bucket.get("policy")):  # provider v3 inline policy
            documents.append(("the bucket's inline policy", bucket.get("policy")))
        paired, unmatched = paired_with(matches[bucket.name])
        for policy in paired:
            documents.append(
                (f"bucket policy {policy.name}", policy.get("PolicyDocument", "policy"))
            )
        verdicts = [(label, _denies_insecure_transport(doc)) for label, doc in documents]
        good = [label for label, v in verdicts if v is True]
        unknown = [label for label, v in verdicts if isinstance(v, Unknown)]
        if good:
            yield pass_for(
                bucket, f"{good[0]} denies requests made without TLS (aws:SecureTransport false)"
            )
        elif unknown:
            yield unsure_for(bucket, f"{unknown[0]} is known only at deployment")
        elif unmatched:
            yield unsure_for(
                bucket,
                "a bucket policy here names its bucket by a value known only at deployment, "
                "so it is not known whether one denies non-TLS requests to this bucket",
            )
        elif documents:
            yield fail_for(
                bucket,
                f"{documents[0][0]} does not deny requests made without TLS; add a Deny "
                "statement for all principals and s3:* when aws:SecureTransport is false",
            )
        else:
            yield fail_for(
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
    return [dig(item, path) for item in as_blocks(rules)]


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
        on = setting_flag(r, "Encrypted", "encrypted", False)
        if isinstance(on, Unknown):
            return unsure_for(r, "encryption is known only at deployment", "Encrypted", "encrypted")
        if on:
            return pass_for(r, "the file system is encrypted at rest", "Encrypted", "encrypted")
        return fail_for(
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
            return fail_for(r, "the encryption configuration has no rule", "", "rule")
        return pass_for(
            r,
            "no default encryption is configured, so S3 encrypts new objects with SSE-S3 "
            "(the default since January 2023)",
            *at,
        )
    if any(isinstance(a, Unknown) for a in algorithms):
        return unsure_for(r, "the encryption algorithm is known only at deployment", *at)
    bad = [str(a) for a in algorithms if a not in _SSE_ALGORITHMS]
    if bad:
        return fail_for(
            r, f"unsupported default encryption algorithm {bad[0]!r}; use aws:kms or AES256", *at
        )
    return pass_for(
        r, f"objects are encrypted by default with {join_names(sorted(set(algorithms)))}", *at
    )
