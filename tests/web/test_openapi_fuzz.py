"""schemathesis against the OpenAPI document, in process: no generated request makes the
server fail, and every response matches the documented status codes and schemas."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.conftest import make_reviews
from wellarch.samples import load_webshop
from wellarch.web import create_app

# Built at collection: schemathesis's lazy fixture loader does not work with pytest 9. The
# folder is removed when the interpreter exits.
_FOLDER = tempfile.TemporaryDirectory(prefix="wellarch-fuzz-")
_REVIEWS = make_reviews(Path(_FOLDER.name))
load_webshop(_REVIEWS)  # a real workload, so that some requests reach deep code
schema = schemathesis.openapi.from_asgi(
    "/api/openapi.json", create_app(_REVIEWS, secret_key="fuzz")
)
# Valid requests and invalid ones (wrong types, missing fields, out-of-range values).
schema.config.generation.update(modes=list(GenerationMode), max_examples=20)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_documented_responses(case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
