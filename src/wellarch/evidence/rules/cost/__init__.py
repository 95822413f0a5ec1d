"""Rules of the cost optimization pillar: cost-allocation tags, budgets, data retention,
cheaper storage and instance generations, Spot capacity and data transfer.

One module per topic: :mod:`.tags` (tags, budgets), :mod:`.storage` (lifecycle, retention),
:mod:`.compute` (volumes, instances, Spot, data transfer). Importing the package registers the
rules; the names below are re-exported for the CLI and the sustainability rules.

Required cost-allocation tags
-----------------------------
WA-COST-001 checks that taggable resources carry the tag keys in :data:`REQUIRED_TAGS`
(``("cost-center",)``; keys are matched exactly, as AWS cost allocation does). The setting is
module-level and does not read the environment: a caller (the CLI's option) changes it with
:func:`configure_required_tags` before scanning, and :func:`required_tags` reports the keys in
force. Worker processes inherit the setting when they are forked after the call.

S3 lifecycle configurations
---------------------------
Terraform (AWS provider v4+) configures buckets with separate resources whose ``bucket``
argument names the bucket, usually by reference. :func:`bucket_lifecycles` pairs them with
their buckets through :func:`~wellarch.evidence.rules.common.companions_of` (by reference,
literal name or elimination); the sustainability rules use it too.
"""

from wellarch.evidence.rules.cost import compute  # noqa: F401 — registers its rules
from wellarch.evidence.rules.cost.storage import (
    BUCKET_NAME,
    BUCKET_TYPES,
    LIFECYCLE_TYPE,
    UNCLEAR,
    bucket_lifecycles,
    has_rule,
    verdict,
)
from wellarch.evidence.rules.cost.tags import (
    REQUIRED_TAGS,
    configure_required_tags,
    required_tags,
)

__all__ = [
    "BUCKET_NAME",
    "BUCKET_TYPES",
    "LIFECYCLE_TYPE",
    "REQUIRED_TAGS",
    "UNCLEAR",
    "bucket_lifecycles",
    "configure_required_tags",
    "has_rule",
    "required_tags",
    "verdict",
]
