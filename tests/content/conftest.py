from __future__ import annotations

from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture
def content_fixtures() -> Path:
    return CONTENT
