"""Rules of the performance pillar."""

from __future__ import annotations
