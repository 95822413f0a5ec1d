"""Rules of the cost pillar."""

from __future__ import annotations
