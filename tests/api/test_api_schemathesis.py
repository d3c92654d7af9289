"""Schemathesis generates requests from the OpenAPI schema (valid and invalid ones) against
the API served by uvicorn over real HTTP; no request may get a 5xx.

Rasa is the scripted one: this test is about the API's own handling of input. Rasa being
down is a 503 by contract, so it stays up here.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from api_support import ScriptedRasa, make_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.main import create_app

EXAMPLES_PER_OPERATION = 60


@pytest.fixture
def served_api(tmp_path: Path) -> Iterator[str]:
    application = create_app(make_settings(tmp_path), httpx.MockTransport(ScriptedRasa()))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        time.sleep(0.025)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_server_error(served_api: str, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_url(f"{served_api}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    exercised = set()
    for operation in operations:
        strategy: SearchStrategy[schemathesis.Case] = operation.as_strategy(generation_mode=mode)

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=served_api, checks=[not_a_server_error])

        try:
            no_server_error()
        except Unsatisfiable:
            # Some operations have no invalid form (no parameters, or only free text).
            assert mode is GenerationMode.NEGATIVE
            continue
        exercised.add(operation.label)

    assert exercised >= {
        "POST /api/v1/chat",
        "GET /api/v1/sessions/{session_id}/transcript",
        "DELETE /api/v1/sessions/{session_id}",
        "POST /api/v1/sessions/{session_id}/feedback",
    }
