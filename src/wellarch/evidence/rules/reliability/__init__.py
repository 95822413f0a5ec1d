"""Rules of the reliability pillar: redundancy across zones, backups, recovery, health checks.

One module per topic: :mod:`.zones` (redundancy across Availability Zones), :mod:`.backups`
(backups, deletion protection, versioning), :mod:`.health` (health checks, failover, auto
healing) and :mod:`.fail_fast` (Lambda and SQS failure handling, throttling). Importing the
package registers the rules.
"""

from wellarch.evidence.rules.reliability import (  # noqa: F401
    backups,
    fail_fast,
    health,
    zones,
)
