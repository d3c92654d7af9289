"""What `make run` starts (`python -m scripts.stack`) as a person at a terminal sees it: ready,
still answering kindly when Rasa dies, and Ctrl-C stops all three processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from scripts.stack import ROOT, Ports

pytestmark = pytest.mark.stack


def _pid_of(*argv_parts: str) -> int:
    """The process whose command line holds all these arguments (found through /proc)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if all(part.encode() in argv for part in argv_parts):
            return int(entry.name)
    raise LookupError(f"no process with {argv_parts}")


def _port_answers(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    except httpx.TransportError:
        return False
    return True


def _wait_until_ready(
    url: str, manager: subprocess.Popen[str], log_path: Path, timeout: float = 300
) -> None:
    """Until /readyz answers 200 and the manager has said so: it checks readiness on its own
    clock, and a process stopping before it has seen the stack ready is a failed start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and manager.poll() is None:
        try:
            ready = httpx.get(url, timeout=2).status_code == 200
        except httpx.TransportError:
            ready = False
        if ready and "Ready. Demo page" in log_path.read_text():
            return
        time.sleep(0.5)
    raise AssertionError(f"{url} was not ready (manager exit code {manager.poll()})")


def test_rasa_dying_leaves_the_api_answering_and_ctrl_c_stops_everything(
    tmp_path: Path,
) -> None:
    ports = Ports.free()
    api = f"http://127.0.0.1:{ports.api}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # The manager keeps its data in var/ like `make run`; only the ports differ.
    log_path = tmp_path / "make-run.log"
    log = log_path.open("w")
    manager = subprocess.Popen(
        [sys.executable, "-m", "scripts.stack", "--rasa-port", str(ports.rasa),
         "--actions-port", str(ports.actions), "--api-port", str(ports.api)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        _wait_until_ready(f"{api}/readyz", manager, log_path)

        os.kill(_pid_of("run", "--port", str(ports.rasa)), signal.SIGTERM)
        deadline = time.monotonic() + 60
        while _port_answers(ports.rasa) and time.monotonic() < deadline:
            time.sleep(0.5)
        ready = httpx.get(f"{api}/readyz", timeout=10)
        chat = httpx.post(f"{api}/api/v1/chat", json={"message": "hello"}, timeout=30)

        assert ready.status_code == 503
        assert "rasa" in ready.json()["down"]
        assert chat.status_code == 503
        assert chat.json()["messages"][0]["text"]
        while "rasa stopped" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)  # polling the manager's output, not waiting for a result
    finally:
        manager.send_signal(signal.SIGINT)
        # Each process gets 15 s to stop before it is killed (scripts/stack.py): 45 s at worst,
        # more on a loaded machine. Stopping at all is what is asserted, not how fast.
        manager.wait(timeout=120)
        log.close()
    output = log_path.read_text()

    assert manager.returncode == 0, output[-3000:]
    assert "Ready. Demo page" in output
    assert "rasa stopped" in output
    assert not _port_answers(ports.api)
    assert not _port_answers(ports.actions)
