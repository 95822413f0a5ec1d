"""Rules of the operations pillar."""

from __future__ import annotations
