"""Security rules for ElastiCache and OpenSearch (encryption at rest and in transit) and for KMS
key rotation.
"""

from __future__ import annotations

from wellarch.evidence.model import Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.security.base import (
    AT_REST,
    IN_TRANSIT,
    KEYS,
    dig,
    dig_flag,
    fail_for,
    join_names,
    pass_for,
    setting_flag,
    unsure_for,
)

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
    on = setting_flag(r, "AtRestEncryptionEnabled", "at_rest_encryption_enabled", False)
    at = ("AtRestEncryptionEnabled", "at_rest_encryption_enabled")
    if isinstance(on, Unknown):
        return unsure_for(r, "encryption at rest is known only at deployment", *at)
    if on:
        return pass_for(r, "encryption at rest is on", *at)
    return fail_for(
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
    on = setting_flag(r, "TransitEncryptionEnabled", "transit_encryption_enabled", False)
    at = ("TransitEncryptionEnabled", "transit_encryption_enabled")
    if isinstance(on, Unknown):
        return unsure_for(r, "encryption in transit is known only at deployment", *at)
    if not on:
        return fail_for(
            r,
            "encryption in transit is off (the default); set TransitEncryptionEnabled to true",
            *at,
        )
    mode = r.get("TransitEncryptionMode", "transit_encryption_mode")
    if isinstance(mode, Unknown):
        return unsure_for(
            r,
            "the transit encryption mode is known only at deployment",
            "TransitEncryptionMode",
            "transit_encryption_mode",
        )
    if isinstance(mode, str) and mode.lower() == "preferred":
        return fail_for(
            r,
            "TLS is on in 'preferred' mode, which still accepts unencrypted connections; "
            "switch to 'required'",
            "TransitEncryptionMode",
            "transit_encryption_mode",
        )
    return pass_for(r, "clients must connect with TLS", *at)


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
    on = setting_flag(r, "EncryptionAtRestOptions.Enabled", "encrypt_at_rest.enabled", False)
    at = ("EncryptionAtRestOptions", "encrypt_at_rest")
    if isinstance(on, Unknown):
        return unsure_for(r, "encryption at rest is known only at deployment", *at)
    if on:
        return pass_for(r, "encryption at rest is on", *at)
    return fail_for(r, "encryption at rest is off; enable EncryptionAtRestOptions", *at)


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
    node = setting_flag(
        r, "NodeToNodeEncryptionOptions.Enabled", "node_to_node_encryption.enabled", False
    )
    options = r.get("DomainEndpointOptions", "domain_endpoint_options")
    # Terraform defaults enforce_https to true once the block is written; the API to false
    https_default = r.format != "cloudformation" and options is not None
    https = dig_flag(
        options, "EnforceHTTPS" if r.format == "cloudformation" else "enforce_https", https_default
    )
    policy = dig(
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
        return fail_for(r, "; ".join(problems))
    if unknown:
        return unsure_for(r, f"{join_names(unknown)} known only at deployment")
    return pass_for(r, "node-to-node encryption is on and the endpoint requires HTTPS")


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
    on = setting_flag(r, "EnableKeyRotation", "enable_key_rotation", False)
    at = ("EnableKeyRotation", "enable_key_rotation")
    if isinstance(on, Unknown) or isinstance(spec, Unknown):
        return unsure_for(r, "key rotation is known only at deployment", *at)
    if on:
        return pass_for(r, "automatic key rotation is on", *at)
    return fail_for(r, "automatic key rotation is off; set EnableKeyRotation to true", *at)
