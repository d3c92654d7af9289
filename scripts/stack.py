"""Start the Rasa server, the action server and the API together, and stop them together.

`make run` uses this in the foreground (Ctrl-C stops all three); the test suite uses the same
class to start the real processes on free ports, so what is tested is what runs.

    python -m scripts.stack            # ports 5005, 5055, 8000; data in var/
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
BOT_DIR = ROOT / "bot"
# SEN_GUIDE_MODEL lets a developer run a stack on a model trained elsewhere (an experiment)
# without touching the one `make model` keeps up to date.
MODEL = Path(os.environ.get("SEN_GUIDE_MODEL") or BOT_DIR / "models" / "sen-guide.tar.gz")
BOT_BIN = ROOT / ".venv-bot" / "bin"
API_BIN = ROOT / ".venv" / "bin"
PROCESS_NAMES = ("rasa", "actions", "api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Ports:
    rasa: int = 5005
    actions: int = 5055
    api: int = 8000

    @classmethod
    def free(cls) -> Ports:
        return cls(rasa=free_port(), actions=free_port(), api=free_port())


def _http_status(url: str, timeout: float = 2.0) -> int | None:
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


class Stack:
    """The three processes of the product, started from this checkout's virtual environments."""

    def __init__(
        self,
        ports: Ports | None = None,
        data_dir: Path = ROOT / "var",
        log_dir: Path | None = None,
        extra_env: Mapping[str, str] | None = None,
        endpoints: str = "endpoints.yml",
    ) -> None:
        self.ports = ports or Ports()
        self.endpoints = endpoints
        self.data_dir = data_dir
        self.log_dir = log_dir
        self.extra_env = dict(extra_env or {})
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self._log_files: list[IO[bytes]] = []

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.api}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.actions}"

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "PYTHONPATH": str(ROOT),
                "PYTHONUNBUFFERED": "1",
                "RASA_TELEMETRY_ENABLED": "false",
                # rasa-sdk binds to every interface unless told otherwise; SPEC wants loopback only.
                "SANIC_HOST": "127.0.0.1",
                "ACTION_ENDPOINT_URL": f"{self.action_url}/webhook",
                "TRACKER_DB": str(self.data_dir / "tracker.db"),
                "DATABASE_URL": f"sqlite:///{self.data_dir / 'api.db'}",
                "RASA_URL": self.rasa_url,
                "ACTION_SERVER_URL": self.action_url,
            }
        )
        env.update(self.extra_env)
        return env

    def command(self, name: str) -> tuple[list[str], Path]:
        """The command line and working directory of one process."""
        if name == "rasa":
            return [
                str(BOT_BIN / "rasa"), "run", "--interface", "127.0.0.1",
                "--port", str(self.ports.rasa), "--model", str(MODEL),
                "--endpoints", self.endpoints, "--credentials", "credentials.yml",
            ], BOT_DIR  # fmt: skip
        if name == "actions":
            return [
                str(BOT_BIN / "rasa"), "run", "actions", "--actions", "actions",
                "--port", str(self.ports.actions),
            ], BOT_DIR  # fmt: skip
        if name == "api":
            return [
                str(API_BIN / "uvicorn"), "api.main:app", "--host", "127.0.0.1",
                "--port", str(self.ports.api), "--no-access-log",
            ], ROOT  # fmt: skip
        raise ValueError(f"unknown process {name!r}; expected one of {PROCESS_NAMES}")

    def start(self) -> None:
        if not MODEL.exists():
            raise FileNotFoundError(f"no trained model at {MODEL}: run `make model` first")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for name in PROCESS_NAMES:
            self.start_process(name)

    def start_process(self, name: str) -> None:
        if name in self._processes and self._processes[name].poll() is None:
            return
        argv, cwd = self.command(name)
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops its children
        )
        self._processes[name] = process
        threading.Thread(target=self._copy_output, args=(name, process), daemon=True).start()

    def _copy_output(self, name: str, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            with open(self.log_dir / f"{name}.log", "ab") as log:
                for line in process.stdout:
                    log.write(line)
                    log.flush()
            return
        prefix = f"{name:>8} | ".encode()
        for line in process.stdout:
            sys.stdout.buffer.write(prefix + line)
            sys.stdout.buffer.flush()

    def stop_process(self, name: str, grace_seconds: float = 15.0) -> None:
        process = self._processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for name in reversed(PROCESS_NAMES):
            self.stop_process(name)

    def stop_rasa(self) -> None:
        self.stop_process("rasa")

    def start_rasa(self, timeout: float = 240.0) -> None:
        self.start_process("rasa")
        self._wait_for(f"{self.rasa_url}/", "Rasa", timeout)

    def is_running(self, name: str) -> bool:
        process = self._processes.get(name)
        return process is not None and process.poll() is None

    def exited(self) -> dict[str, int]:
        """Processes that have stopped on their own, with their exit codes."""
        return {
            name: code
            for name, process in self._processes.items()
            if (code := process.poll()) is not None
        }

    def wait_until_ready(self, timeout: float = 300.0) -> None:
        """Wait until the API's /readyz says Rasa, the action server and the database answer."""
        self._wait_for(f"{self.api_url}/readyz", "the stack", timeout)

    def _wait_for(self, url: str, what: str, timeout: float) -> None:
        # Imported here: the bot's environment imports this module (for BOT_DIR) without tenacity.
        from tenacity import Retrying, retry_if_result, stop_after_delay, wait_fixed

        def answers() -> bool:
            if _http_status(url) == 200:
                return True
            if dead := self.exited():  # raised at once: a process that stopped will not start
                raise RuntimeError(f"{what} did not start: exited {dead}; see the logs")
            return False

        polling = Retrying(
            stop=stop_after_delay(timeout),
            wait=wait_fixed(0.5),
            retry=retry_if_result(lambda ready: not ready),
            retry_error_callback=lambda _: False,
        )
        if not polling(answers):
            raise TimeoutError(f"{what} was not ready at {url} after {timeout:.0f} s")

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextlib.contextmanager
def _stop_on_signals(stack: Stack) -> Iterator[None]:
    def handle(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # SIGINT too: a shell starting us as a background job (nohup, `&` in a script, some CI
    # runners) leaves SIGINT ignored, and Python then installs no KeyboardInterrupt for Ctrl-C.
    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stack.stop()


def _watch(stack: Stack) -> int:
    """Keep the API up when Rasa or the action server stops: parents then get the API's 503
    answer with human contacts (and /readyz says what is down) instead of no answer at all."""
    reported: set[str] = set()
    while True:
        dead = stack.exited()
        if "api" in dead:
            print(f"The API stopped (exit {dead['api']}); stopping the rest.", file=sys.stderr)
            return 1
        for name in dead.keys() - reported:
            print(
                f"{name} stopped (exit {dead[name]}). The API stays up and answers 503 with "
                "human contacts until it is back: Ctrl-C and `make run` again.",
                file=sys.stderr,
                flush=True,
            )
        reported |= dead.keys()
        time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--api-port", type=int, default=8000)
    parser.add_argument(
        "--endpoints",
        default="endpoints.yml",
        help="Rasa endpoints file in bot/ (endpoints.production.yml: PostgreSQL and Redis)",
    )
    args = parser.parse_args(argv)
    ports = Ports(args.rasa_port, args.actions_port, args.api_port)
    stack = Stack(ports, endpoints=args.endpoints)
    with _stop_on_signals(stack):
        try:
            stack.start()
            urls = f"Rasa {stack.rasa_url}, actions {stack.action_url}, API {stack.api_url}"
            print(f"Starting {urls}; the first start loads the model (about a minute).")
            stack.wait_until_ready()
            print(f"\n  Ready. Demo page: {stack.api_url}/  (Ctrl-C stops all)\n", flush=True)
            return _watch(stack)
        except KeyboardInterrupt:
            print("\nStopping Rasa, the action server and the API...", flush=True)
            return 0
        except (RuntimeError, TimeoutError, FileNotFoundError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
