"""Rules of the security pillar."""

from __future__ import annotations
