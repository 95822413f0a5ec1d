"""Rules of the security pillar: public access, encryption at rest and in transit, least
privilege, network exposure, secrets in plain text, and the logs an investigation needs.

One module per topic (:mod:`.s3`, :mod:`.at_rest`, :mod:`.services`, :mod:`.transit`,
:mod:`.iam`, :mod:`.network`, :mod:`.secrets`, :mod:`.logs`), helpers in :mod:`.base`.
Importing the package registers the rules.

Conventions shared by the rules:

- A setting that is absent takes the service default (documented per rule); a value known only
  at deployment makes the result ``undetermined``.
- Unit rules that must pair two resources (a bucket and its policy, a VPC and its flow log)
  use :func:`~wellarch.evidence.rules.common.companions_of` and trust only companions that
  name their owner (a reference such as ``!Ref Bucket`` or ``aws_s3_bucket.logs.id``, or a
  literal name); one paired only by inference leaves the result undetermined.
"""

from wellarch.evidence.rules.security import (  # noqa: F401
    at_rest,
    iam,
    logs,
    network,
    s3,
    secrets,
    services,
    transit,
)
