"""Encode the example sentences the assistant compares messages with, before anything serves.

The safety net (semantic/crisis.py) and the second-worry check (bot/actions/worries.py) keep
their examples' vectors in var/cache under a hash of the words. Encoding them takes 20 s or more
on two busy cores, which a fresh clone would otherwise spend inside the first parent's turn (the
action server answers from one event loop). `make setup` runs this, so `make run` and the tests
start warm; with nothing changed it only reads the files back (about a second).

Run with the bot's environment, which imports both:
`.venv-bot/bin/python -m scripts.warm_caches`.
"""

from __future__ import annotations

import sys
import time

from scripts.stack import BOT_DIR


def main() -> int:
    started = time.perf_counter()
    from knowledge import load_knowledge
    from semantic.crisis import warm_up

    warm_up(load_knowledge())  # the council named by COUNCIL_CONFIG, as the processes use
    sys.path.insert(0, str(BOT_DIR))  # the actions package, as `rasa run actions` finds it
    from actions.worries import example_index

    example_index()
    print(f"==> Example vectors ready in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
