"""What the security rules share: the lens choices they are evidence for, results placed at the
property in the resource's own spelling, safe walks into settings, and policy documents.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, undetermined
from wellarch.evidence.rules.common import (
    Companions,
    text_list,
    truth,
)
from wellarch.evidence.rules.common import (
    literal as _literal,
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


def _at(r: Resource, cfn: str, tf: str) -> tuple[str, ...]:
    """The property path a result is about, in the resource's own spelling."""
    name = cfn if r.format == "cloudformation" else tf
    return (name,) if name else ()


def pass_for(r: Resource, message: str, cfn: str = "", tf: str = "") -> Check:
    """A pass about ``r``, at its ``cfn`` or ``tf`` property (by the resource's format)."""
    return passed(message, *_at(r, cfn, tf), resource=r)


def fail_for(r: Resource, message: str, cfn: str = "", tf: str = "") -> Check:
    """A failure about ``r``, at its ``cfn`` or ``tf`` property."""
    return failed(message, *_at(r, cfn, tf), resource=r)


def unsure_for(r: Resource, message: str, cfn: str = "", tf: str = "") -> Check:
    """An undetermined result about ``r``, at its ``cfn`` or ``tf`` property."""
    return undetermined(message, *_at(r, cfn, tf), resource=r)


def setting_flag(r: Resource, cfn: str, tf: str, default: bool) -> Verdict:
    """A boolean setting, its service default when absent, or UNKNOWN."""
    value = r.get(cfn, tf)
    if value is None:
        return default
    return truth(value)


def dig(value: Any, path: str) -> Any:
    """Walk ``path`` (dotted) into maps and one-item Terraform block lists (UNKNOWN inside a
    value known only at deployment)."""
    for part in path.split("."):
        if isinstance(value, Unknown | Reference):
            return UNKNOWN
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], Mapping):
            value = value[0]
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return None
    return value


def dig_flag(value: Any, path: str, default: bool) -> Verdict:
    """A boolean setting inside ``value`` (see :func:`dig`), ``default`` when absent."""
    found = dig(value, path)
    if found is None:
        return default
    return truth(found)


def as_blocks(value: Any) -> list[Any]:
    """Repeated blocks or list items (a single map counts as one)."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return value
    return [UNKNOWN]


def paired_with(match: Companions) -> tuple[list[Resource], bool]:
    """The companions that name their owner, and whether others may configure it too."""
    return list(match.linked), bool(match.inferred or match.possible)


def key_set(r: Resource, cfn: str, tf: str) -> Verdict:
    """Whether a KMS key setting is given (a literal, a reference to a key or alias)."""
    value = r.get(cfn, tf)
    if value is None or value == "":
        return False
    if isinstance(value, Reference) or _literal(value):
        return True
    return UNKNOWN


def join_names(items: Sequence[str]) -> str:
    """Names for a message: ``a, b, c``."""
    return ", ".join(items)


# --- policy documents and shared types -----------------------------------------------------


def policy_document(raw: Any) -> Mapping[str, Any] | Unknown | None:
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


def policy_statements(doc: Mapping[str, Any]) -> list[Any] | Unknown:
    """The statements of a policy document (one statement counts as a list of one)."""
    statements = doc.get("Statement")
    if isinstance(statements, Unknown):
        return UNKNOWN
    return as_blocks(statements)


def is_everyone(principal: Any) -> Verdict:
    """Whether a statement's Principal is everyone (``*`` or ``{"AWS": "*"}``)."""
    if isinstance(principal, Unknown):
        return UNKNOWN
    if principal == "*":
        return True
    if isinstance(principal, Mapping):
        return "*" in text_list(principal.get("AWS"))
    return False


BUCKETS = ("AWS::S3::Bucket", "aws_s3_bucket")
#: A bucket's own name, in both spellings.
BUCKET_NAME = ("BucketName", "bucket")
CLOUDFRONT = ("AWS::CloudFront::Distribution", "aws_cloudfront_distribution")
