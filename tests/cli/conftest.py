from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from wellarch.cli import cli

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path) -> Run:
    """Invoke ``wellarch`` on a fresh SQLite database of this test's own."""
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'w.db'}"

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--db", db, *args], input=input)

    return invoke
