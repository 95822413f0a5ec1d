from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner, Result

from tests.conftest import Databases, backend_of
from wellarch.cli import cli

Run = Callable[..., Result]


@pytest.fixture
def run(request: pytest.FixtureRequest, tmp_path) -> Iterator[Run]:
    """Invoke ``wellarch`` on a fresh, empty database of this test's own (the first command
    that needs the schema creates it): SQLite, or each back end in turn in a test that uses
    the ``backend`` fixture (see :func:`tests.conftest.backend_of`)."""
    runner = CliRunner()
    databases = Databases(backend_of(request), tmp_path)
    db = databases.url()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--db", db, *args], input=input)

    yield invoke
    databases.close()
