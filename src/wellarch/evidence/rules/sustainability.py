"""Rules of the sustainability pillar."""

from __future__ import annotations
