"""Measure redaction (api/core/privacy.py) on the labelled set written before its patterns.

Usage (from the repository root, API venv):
    PYTHONPATH=. .venv/bin/python bench/redaction_eval.py [--show-misses] [--show-changed]

Prints recall per identifier kind on tests/api/redaction_labelled.yml (an identifier counts as
caught when none of its own words or digit groups is left in the redacted text), the share of
ordinary messages redaction changes at all, and how many messages of the held-out NLU set
(bot/tests/nlu_test.yml) it changes. Targets (issue 11): recall at least 95% for every kind, at
most 3% of ordinary messages changed. The exit status is 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from api.core.privacy import redact

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "api" / "redaction_labelled.yml"
NLU_HELD_OUT = ROOT / "bot" / "tests" / "nlu_test.yml"
RECALL_TARGET = 0.95
ORDINARY_CHANGED_TARGET = 0.03
# Words an identifier may share with the sentence around it: finding them afterwards says
# nothing about whether the identifier itself is gone.
GENERIC = frozenset(
    str.split(
        """st the of and at dot co uk com org net school primary academy college nursery infant
    infants junior high secondary grammar centre road rd street lane avenue close drive grove
    crescent way court gardens place terrace walk rise square row view flat number"""
    )
)


@dataclass(frozen=True)
class Identifier:
    text: str
    kind: str


def load_labelled(path: Path = LABELLED) -> tuple[list[tuple[str, list[Identifier]]], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    with_identifiers = [
        (item["text"], [Identifier(i["text"], i["kind"]) for i in item["identifiers"]])
        for item in data["with_identifiers"]
    ]
    return with_identifiers, list(data["ordinary"])


def telling_parts(identifier: str) -> list[str]:
    """The words and digit groups that would give the identifier away if left behind."""
    parts = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d+", identifier)
    return [p for p in parts if p.lower() not in GENERIC and (len(p) > 1 or p.isdigit())]


def caught(original: str, redacted: str, identifier: str) -> bool:
    """True when nothing telling of `identifier` is left in `redacted`.

    A part that also occurs in the message outside the identifier ("Jack" in "Jack's mum, Jack
    Smith") is only counted when it is left more often than it occurs there.
    """
    outside = original.replace(identifier, " ")
    for part in telling_parts(identifier):
        pattern = re.compile(rf"(?<![\w]){re.escape(part)}(?![\w])", re.IGNORECASE)
        if len(pattern.findall(redacted)) > len(pattern.findall(outside)):
            return False
    return True


def nlu_messages(path: Path = NLU_HELD_OUT) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    messages: list[str] = []
    for block in data.get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                # Rasa's entity markup: [text](entity) -> text
                messages.append(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line[2:]))
    return messages


def other_sets() -> list[str]:
    """Every line of the team's other parent-message sets (safeguarding, forms, NLU tests):
    written by others, for other purposes, so a fair look at what redaction changes."""
    lines: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            for line in value.splitlines():
                line = line.strip().removeprefix("- ").strip()
                if line:
                    lines.append(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted([*ROOT.glob("tests/knowledge/*.yml"), *ROOT.glob("bot/tests/*.yml")]):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--show-misses", action="store_true", help="print every missed identifier")
    parser.add_argument("--show-changed", action="store_true", help="print changed messages")
    args = parser.parse_args(argv)

    with_identifiers, ordinary = load_labelled()
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for text, identifiers in with_identifiers:
        redacted = redact(text)
        for identifier in identifiers:
            total[identifier.kind] += 1
            if caught(text, redacted, identifier.text):
                found[identifier.kind] += 1
            else:
                misses.append(f"  {identifier.kind}: {identifier.text!r} in {redacted!r}")

    changed = [(text, redact(text)) for text in ordinary]
    changed = [(before, after) for before, after in changed if before != after]
    held_out = nlu_messages()
    held_out_changed = [(m, redact(m)) for m in held_out if redact(m) != m]

    print(f"Redaction on {LABELLED.relative_to(ROOT)}: {len(with_identifiers)} messages with "
          f"{sum(total.values())} identifiers, {len(ordinary)} ordinary messages")  # fmt: skip
    print("\n| kind | identifiers | caught | recall |\n|---|---|---|---|")
    failed = False
    for kind in sorted(total):
        recall = found[kind] / total[kind]
        failed |= recall < RECALL_TARGET
        mark = "" if recall >= RECALL_TARGET else " (below target)"
        print(f"| {kind} | {total[kind]} | {found[kind]} | {recall:.1%}{mark} |")
    all_recall = sum(found.values()) / sum(total.values())
    print(f"| all | {sum(total.values())} | {sum(found.values())} | {all_recall:.1%} |")
    share = len(changed) / len(ordinary)
    failed |= share > ORDINARY_CHANGED_TARGET
    print(f"\nOrdinary messages changed: {len(changed)} of {len(ordinary)} ({share:.1%}; "
          f"target at most {ORDINARY_CHANGED_TARGET:.0%})")  # fmt: skip
    print(f"Held-out NLU messages ({NLU_HELD_OUT.relative_to(ROOT)}) changed: "
          f"{len(held_out_changed)} of {len(held_out)}")  # fmt: skip
    others = other_sets()
    others_changed = [(m, redact(m)) for m in others if redact(m) != m]
    print(f"Lines of the other test sets (tests/knowledge/*.yml, bot/tests/*.yml) changed: "
          f"{len(others_changed)} of {len(others)}")  # fmt: skip
    if args.show_misses and misses:
        print("\nMissed:\n" + "\n".join(misses))
    if args.show_changed:
        for before, after in [*changed, *held_out_changed, *others_changed]:
            print(f"  {before!r}\n    -> {after!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
