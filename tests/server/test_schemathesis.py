"""Property tests of the HTTP API against its own published schema (schemathesis).

Every operation in ``/openapi.json`` gets generated requests, valid ones and (for the read
operations) invalid ones; each answer must not be a server error, must use a documented status
code and content type, and must match the documented JSON shape. The number of examples per
operation is bounded so the whole module stays under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from server_helpers import TOKEN

from eventledger.server import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
READ_EXAMPLES = 15
WRITE_EXAMPLES = 8


def _operations(app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def _exercise(operation: Any, mode: schemathesis.GenerationMode, examples: int,
              headers: dict[str, str] | None = None) -> None:
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        check()
    except Unsatisfiable:
        # Negative data needs something to break: an operation without parameters has none.
        if mode is not schemathesis.GenerationMode.NEGATIVE:
            raise


@pytest.fixture(scope="module")
def read_app(store_url: str, base_settings: Any) -> Iterator[Any]:
    app = create_app(store_url, settings=base_settings)
    yield app
    app.state.ledger.close()


def test_schemathesis_finds_no_server_error_in_reads(read_app: Any) -> None:
    operations = _operations(read_app)
    assert len(operations) >= 15
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            _exercise(operation, mode, READ_EXAMPLES if operation.method == "get" else WRITE_EXAMPLES)


def test_schemathesis_finds_no_server_error_in_submissions(tmp_path: Any, base_settings: Any) -> None:
    """With writes on and the token sent, generated submissions run through the real pipeline."""
    app = create_app(str(tmp_path / "writes.sqlite"), allow_writes=True, token=TOKEN, settings=base_settings,
                     max_upload_bytes=20_000)
    try:
        post = [op for op in _operations(app) if op.method == "post"]
        assert post, "the write endpoint is in the schema"
        for operation in post:
            _exercise(operation, schemathesis.GenerationMode.POSITIVE, WRITE_EXAMPLES,
                      headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        app.state.ledger.close()
