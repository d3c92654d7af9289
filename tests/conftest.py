"""Fixtures shared by the whole suite.

`stack` starts the real Rasa server, action server and API on free ports, with fresh databases,
once per test session. Tests that use it talk to the product exactly as a parent's browser does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scripts.stack import ROOT, Ports, Stack, free_port

ARTIFACTS = ROOT / "tests" / "artifacts"


def _log_tails(log_dir: Path, lines: int = 40) -> str:
    tails = []
    for log in sorted(log_dir.glob("*.log")):
        text = log.read_text(errors="replace").splitlines()[-lines:]
        tails.append(f"--- {log.name} (last {lines} lines)\n" + "\n".join(text))
    return "\n".join(tails)


def start_or_fail(stack: Stack) -> None:
    """Start the stack and wait for /readyz, or fail the test with the processes' last words."""
    stack.start()
    try:
        stack.wait_until_ready()
    except (RuntimeError, TimeoutError) as error:
        stack.stop()
        tails = _log_tails(stack.log_dir) if stack.log_dir else ""
        pytest.fail(f"the stack did not start: {error}\n{tails}", pytrace=False)


@pytest.fixture(scope="session")
def launch_stack() -> Callable[[Stack], None]:
    """For tests that need a stack of their own (another configuration)."""
    return start_or_fail


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    log_dir = ARTIFACTS / "logs"
    for old in log_dir.glob("*.log"):
        old.unlink()
    ports = Ports.free()
    running = Stack(
        ports=ports,
        data_dir=tmp_path_factory.mktemp("stack-data"),
        log_dir=log_dir,
        extra_env={
            "ENVIRONMENT": "test",
            # A council's page on another origin: tests/browser/test_widget_privacy.py serves
            # one there.
            "ALLOWED_ORIGINS": f"http://127.0.0.1:{free_port()}",
            # Every test talks from 127.0.0.1, so one client's limit would throttle the suite (a
            # fast machine sent over a thousand messages in one minute's window); the limits
            # themselves are tested in tests/api with their own settings.
            "RATE_LIMIT_CLIENT_PER_MINUTE": "100000",
            "RATE_LIMIT_SESSION_PER_MINUTE": "100000",
        },
    )
    start_or_fail(running)
    yield running
    running.stop()


@pytest.fixture
def stack_with_rasa(stack: Stack) -> Iterator[Stack]:
    """The stack, with Rasa brought back up after the test if the test stopped it."""
    yield stack
    if not stack.is_running("rasa"):
        stack.start_rasa()
        stack.wait_until_ready()
