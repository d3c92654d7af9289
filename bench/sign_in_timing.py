"""Measure that an adviser sign-in takes as long whatever the answer: right password, wrong
password, an e-mail no adviser has, or an account or address that must wait.

Usage (from the repository root, API venv):
    PYTHONPATH=. .venv/bin/python bench/sign_in_timing.py [--rounds 15]

Each case runs `api.adviser.accounts.sign_in` on a fresh SQLite database in a temporary folder,
`--rounds` times, and prints the median and the spread. Every case costs one argon2 check, so the
medians should agree within a few per cent; the exit status is 1 if one is more than 25% away
from the others' median.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from api.adviser.accounts import FREE_FAILURES_PER_ADDRESS, SlowDown, create_adviser, sign_in
from api.core.db import Database
from api.models import utcnow

EMAIL = "timing@iask.example"
PASSWORD = "a long enough password"  # noqa: S105 (a throwaway account in a temporary database)
SECRET = "bench-secret"  # noqa: S105
TOLERANCE = 0.25


def _timed(attempt: Callable[[], object]) -> float:
    started = time.perf_counter()
    with contextlib.suppress(SlowDown):
        attempt()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'api.db'}")
        database.migrate()
        with database.session() as db:
            create_adviser(db, EMAIL, "Timing", PASSWORD)
        start = utcnow()
        step = iter(range(1_000_000))

        def at() -> object:
            # Far apart, so no wait is on unless a case sets one up.
            return start + timedelta(hours=next(step))

        def attempt(email: str, password: str, client: str, when: object | None = None) -> object:
            with database.session() as db:
                return sign_in(db, email, password, SECRET, when or at(), client)  # type: ignore[arg-type]

        slowed = "slowed-address"
        held_at = start - timedelta(seconds=1)
        for n in range(FREE_FAILURES_PER_ADDRESS):
            attempt(f"x{n}@iask.example", "wrong", slowed, held_at)
        cases: dict[str, Callable[[], object]] = {
            "right password": lambda: attempt(EMAIL, PASSWORD, "office"),
            "wrong password": lambda: attempt(EMAIL, "wrong password", "elsewhere"),
            "unknown e-mail": lambda: attempt("nobody@iask.example", PASSWORD, "elsewhere"),
            "address must wait": lambda: attempt(EMAIL, PASSWORD, slowed, held_at),
        }
        for case in cases.values():
            _timed(case)  # warm up
        # Round-robin, so a machine that gets busier part-way slows every case alike.
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, case in cases.items():
                times[name].append(_timed(case))
        medians = {name: statistics.median(found) for name, found in times.items()}
        print(f"| case | median ms | min ms | max ms |  ({args.rounds} rounds each)")
        print("|---|---|---|---|")
        for name, found in times.items():
            print(
                f"| {name} | {medians[name] * 1000:.1f} | {min(found) * 1000:.1f} | "
                f"{max(found) * 1000:.1f} |"
            )
        database.dispose()
    overall = statistics.median(medians.values())
    off = {name: m for name, m in medians.items() if abs(m - overall) > TOLERANCE * overall}
    print(f"\nmedian of medians {overall * 1000:.1f} ms; outside ±{TOLERANCE:.0%}: {off or 'none'}")
    return 1 if off else 0


if __name__ == "__main__":
    sys.exit(main())
