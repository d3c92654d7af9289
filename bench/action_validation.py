"""What the Rasa server spends checking one action-server reply, with jsonschema's own
`validate` (a schema check and a new validator at every reply) and with the validator built once
(bot/action_reply_validation.py).

Times Rasa's own `RemoteAction._validate_action_result` on a typical reply of our action server
(three events; an answer with two buttons and a turn outcome, as rasa-sdk's dispatcher writes
it), in rounds that alternate the two so both see the same load on the machine. Prints the
median, p95 and mean per call, and the load average.

    PYTHONPATH=. .venv-bot/bin/python bench/action_validation.py [--rounds 30] [--calls 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bot"))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import jsonschema  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa_sdk.events import ActiveLoop, SlotSet  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

import action_reply_validation  # noqa: E402


def typical_reply() -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(
        text=(
            "**Next step: talk to the SENCO**\n\nAsk to speak to the SENCO, the teacher who "
            "leads on special educational needs.\n\nSource: Council guide"
        ),
        buttons=[
            {"title": "Yes", "payload": "/affirm"},
            {"title": "Something else", "payload": "/something_else"},
        ],
        json_message={"outcome": {"topic": "senco", "answered": True}},
    )
    events = [SlotSet("topic", "senco"), SlotSet("school_stage", "primary"), ActiveLoop(None)]
    return {"events": events, "responses": dispatcher.messages}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def time_calls(action: RemoteAction, reply: dict[str, Any], calls: int) -> list[float]:
    timings = []
    for _ in range(calls):
        started = time.perf_counter()
        action._validate_action_result(reply)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=30, help="rounds of before, then after")
    parser.add_argument("--calls", type=int, default=10, help="calls each way per round")
    args = parser.parse_args(argv)

    action = RemoteAction("action_answer_question", None)
    reply = typical_reply()
    # Rasa imports `validate` from jsonschema at each call: swapping it swaps what Rasa uses.
    each_way = {"before": jsonschema.validate, "after": action_reply_validation.validate}
    timings: dict[str, list[float]] = {name: [] for name in each_way}
    for validate in each_way.values():  # jsonschema's meta-schemas loaded, our validator built
        jsonschema.validate = validate
        action._validate_action_result(reply)
    try:
        for _ in range(args.rounds):
            for name, validate in each_way.items():
                jsonschema.validate = validate
                timings[name] += time_calls(action, reply, args.calls)
    finally:
        jsonschema.validate = each_way["before"]

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"RemoteAction._validate_action_result, {args.rounds * args.calls} calls each way")
    print(f"load average (1, 5, 15 min): {load}")
    for name, values in timings.items():
        print(
            f"{name:>6}: median {statistics.median(values):7.2f} ms   "
            f"p95 {percentile(values, 0.95):7.2f} ms   mean {statistics.mean(values):7.2f} ms"
        )
    ratio = statistics.median(timings["before"]) / statistics.median(timings["after"])
    print(f"median before / after: {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
