"""How long a warm `make run` takes: the set-up check (nothing to rebuild), then the three
processes from launch to /readyz 200. Run after one `make run` or `make setup`:

    .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from scripts.stack import ROOT, Ports, Stack


def main() -> None:
    started = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "setup"], cwd=ROOT, check=True)
    setup_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as data_dir:
        stack = Stack(Ports.free(), data_dir=Path(data_dir), log_dir=Path(data_dir) / "logs")
        launched = time.perf_counter()
        stack.start()
        try:
            stack.wait_until_ready()
            ready_seconds = time.perf_counter() - launched
        finally:
            stack.stop()

    print(f"set-up check (nothing to rebuild): {setup_seconds:6.1f} s")
    print(f"launch to /readyz 200:             {ready_seconds:6.1f} s")
    print(f"warm `make run` until ready:       {setup_seconds + ready_seconds:6.1f} s")


if __name__ == "__main__":
    main()
