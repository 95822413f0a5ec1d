"""The built-in rules, one module per pillar; importing this package registers them all."""

from wellarch.evidence.rules import (  # noqa: F401
    cost,
    operations,
    performance,
    reliability,
    security,
    sustainability,
)
