"""Fixtures shared by the whole suite.

`stack` starts the real Rasa server, action server and API on free ports, with fresh databases,
once per test session. Tests that use it talk to the product exactly as a parent's browser does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.stack import ROOT, Ports, Stack

ARTIFACTS = ROOT / "tests" / "artifacts"


def _log_tails(log_dir: Path, lines: int = 40) -> str:
    tails = []
    for log in sorted(log_dir.glob("*.log")):
        text = log.read_text(errors="replace").splitlines()[-lines:]
        tails.append(f"--- {log.name} (last {lines} lines)\n" + "\n".join(text))
    return "\n".join(tails)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    log_dir = ARTIFACTS / "logs"
    for old in log_dir.glob("*.log"):
        old.unlink()
    running = Stack(
        ports=Ports.free(),
        data_dir=tmp_path_factory.mktemp("stack-data"),
        log_dir=log_dir,
        extra_env={"ENVIRONMENT": "test"},
    )
    running.start()
    try:
        running.wait_until_ready()
    except (RuntimeError, TimeoutError) as error:
        running.stop()
        pytest.fail(f"the stack did not start: {error}\n{_log_tails(log_dir)}", pytrace=False)
    yield running
    running.stop()


@pytest.fixture
def stack_with_rasa(stack: Stack) -> Iterator[Stack]:
    """The stack, with Rasa brought back up after the test if the test stopped it."""
    yield stack
    if not stack.is_running("rasa"):
        stack.start_rasa()
        stack.wait_until_ready()
