"""How well detect_risk does on the regression set in tests/knowledge/safeguarding_cases.yml.

Run: PYTHONPATH=. .venv/bin/python bench/safeguarding_eval.py

Prints recall on the explicit risk messages (caught at all, and caught with the expected
category), the false-positive rate on ordinary worried-parent messages, and each miss.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge import detect_risk, load_knowledge

CASES = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "safeguarding_cases.yml"


def main() -> None:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    knowledge = load_knowledge()
    risk: list[list[str]] = cases["risk"]
    ordinary: list[str] = cases["ordinary"]

    caught = right_category = 0
    for category, message in risk:
        match = detect_risk(message, knowledge)
        if match is None:
            print(f"MISSED   [{category}] {message}")
            continue
        caught += 1
        if match.category == category:
            right_category += 1
        else:
            print(f"CATEGORY [{category} -> {match.category}] {message}")
    false_alarms = 0
    for message in ordinary:
        match = detect_risk(message, knowledge)
        if match is not None:
            false_alarms += 1
            print(f"FALSE    [{match.category}: {match.phrase!r}] {message}")

    print(
        f"recall on risk messages: {caught}/{len(risk)} = {caught / len(risk):.1%} "
        f"(right category {right_category}/{len(risk)} = {right_category / len(risk):.1%})"
    )
    print(
        f"false-positive rate on ordinary messages: {false_alarms}/{len(ordinary)} = "
        f"{false_alarms / len(ordinary):.1%}"
    )


if __name__ == "__main__":
    main()
