"""How well the assistant finds a second worry in one message, and how often it imagines one.

Usage (from the repository root, bot venv):
    PYTHONPATH=. .venv-bot/bin/python bench/two_worries_eval.py [--model PATH] [--dev] [--file F]

evaluation  bot/tests/nlu_messy_two_worries.yml (`{text, first, second}`, written blind: never
            tune on it) and, for spurious offers, every message of bot/tests/nlu_test.yml and
            bot/tests/nlu_messy_test.yml that is not in the two-worries file. Each message is
            parsed by the trained model (--model, default bot/models/sen-guide.tar.gz), then
            the action's own check runs on it exactly as action_answer_topic does: the NLU's
            reading of each part (worries_from_parts), and for comparison the older check by
            meaning it falls back on (worries_in_order). --file names another two-worries
            file (bot/tests/nlu_messy_two_worries_b.yml: the second, run once at the end).
--dev       the development set the thresholds were chosen on, made only from the NLU training
            examples: single = each topic example of two parts or more; pairs = two examples
            of different topic intents joined as parents join them; each scored leaving its own
            examples out of the index (no DIET: the model has seen these examples).

A second worry counts as found when the pair {first answered, second offered} is the labelled
pair (DIET may answer the labelled second first; the other is then the right offer); wrong
when another topic is offered; missed when none is. Crisis: for two-worry messages with a
safeguarding part, whether the crisis contacts come first (DIET's intent, or the safety net
semantic.crisis.find_risk that the actions call). Figures are printed and written to
bench/results/two_worries.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
sys.path.insert(0, str(BOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from actions import worries  # noqa: E402
from actions.clarify import likely_topic_intents  # noqa: E402
from actions.nonsense import looks_like_nonsense  # noqa: E402
from knowledge import load_knowledge  # noqa: E402
from semantic.crisis import find_risk  # noqa: E402  (the safety net the actions call)

TWO_WORRIES = BOT / "tests" / "nlu_messy_two_worries.yml"
SINGLE_SETS = (BOT / "tests" / "nlu_test.yml", BOT / "tests" / "nlu_messy_test.yml")
MODEL = BOT / "models" / "sen-guide.tar.gz"
RESULTS = ROOT / "bench" / "results"
JOINERS = (". ", ", also ", " and also ", ". Another thing, ", " plus ", "? and ")
# Run-on: no punctuation and no joiner the splitter knows, only a plain conjunction.
RUN_ON_JOINERS = (" and ", " so ", " but ", " and i think ")
DEV_PAIRS = 600


def load_two_worries(path: Path = TWO_WORRIES) -> list[dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):  # a list under one key, such as `two_worries:`
        data = next(value for value in data.values() if isinstance(value, list))
    entries = data
    return [{k: str(e[k]) for k in ("text", "first", "second")} for e in entries]


def load_nlu_messages(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    for block in data.get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                plain = worries._ANNOTATION.sub(lambda m: m.group(1) or m.group(2) or "", line[2:])
                found.append((plain.strip(), str(block["intent"])))
    return found


def pair_found(first_read: str | None, offered: str | None, first: str, second: str) -> str:
    if offered is None:
        return "missed"
    if {first_read, offered} == {first, second}:
        return "found"
    return "wrong"


def dev(index: worries.ExampleIndex) -> list[str]:
    lines = ["## Development set (training examples, leave-one-out, no DIET)", ""]
    for label, joiners in (("punctuated or joined", JOINERS), ("run-on", RUN_ON_JOINERS)):
        lines += [f"### {label}", *dev_joined(index, joiners)]
    return lines


def dev_joined(index: worries.ExampleIndex, joiners: tuple[str, ...]) -> list[str]:
    rows_of: dict[str, list[int]] = {}
    for row, label in enumerate(index.labels):
        rows_of.setdefault(index.intents[label], []).append(row)
    lines = [""]
    rng = random.Random(2015)
    spurious = singles = 0
    # One worry in two sentences: two examples of the same intent, joined.
    for _ in range(DEV_PAIRS // 2):
        intent = rng.choice(list(rows_of))
        if len(rows_of[intent]) < 2:
            continue
        a, b = rng.sample(rows_of[intent], 2)
        text = index.texts[a].rstrip("?.!") + rng.choice(joiners) + index.texts[b]
        singles += 1
        if worries.second_worry(text, intent, index=index, leave_out=[a, b], use_diet=False):
            spurious += 1
    outcomes: Counter[str] = Counter()
    for _ in range(DEV_PAIRS):
        a, b = rng.sample(range(len(index.texts)), 2)
        first, second = index.intents[index.labels[a]], index.intents[index.labels[b]]
        if first == second:
            continue
        text = index.texts[a].rstrip("?.!") + rng.choice(joiners) + index.texts[b]
        offered = worries.second_worry(text, first, index=index, leave_out=[a, b], use_diet=False)
        outcomes[pair_found(first, offered, first, second)] += 1
    pairs = sum(outcomes.values())
    lines += [
        f"- pairs: second found {outcomes['found']}/{pairs} ({outcomes['found'] / pairs:.1%}), "
        f"wrong {outcomes['wrong']}, missed {outcomes['missed']}",
        f"- one intent in two sentences: spurious offer {spurious}/{singles} "
        f"({spurious / max(singles, 1):.1%})",
        "",
    ]
    return lines


def topic_answered_intents() -> set[str]:
    """The intents whose rule is action_answer_topic (the only path that offers a second)."""
    rules = yaml.safe_load((BOT / "data" / "rules" / "topics.yml").read_text(encoding="utf-8"))
    return {
        rule["steps"][0]["intent"]
        for rule in rules["rules"]
        if {"action": "action_answer_topic"} in rule["steps"]
    }


class Live:
    """What the actions do with one parsed message: what is answered, what is offered."""

    def __init__(self, index: worries.ExampleIndex) -> None:
        self.index = index
        self.kb = load_knowledge()
        self.answered_by_topic = topic_answered_intents()

    def __call__(
        self, text: str, parsed: dict[str, Any], how: str = "parts"
    ) -> tuple[str, str | None, str | None, list[str]]:
        """(path, answered, offered, guesses) as action_answer_topic / action_kind_fallback.

        ``how``: "parts", the NLU's reading of each part, as the actions do now; "meaning" and
        "meaning alone", the comparison by meaning they fall back on (with and without the
        whole message's ranking), for the figures before."""
        read = parsed["intent"].get("name")
        use_diet = how != "meaning alone"
        if how != "parts":
            parsed = {key: value for key, value in parsed.items() if key != "worry_parts"}
        if read == "nlu_fallback":
            if looks_like_nonsense(text):
                return "not understood", None, None, []
            both = worries.two_worries_when_unsure(text, parsed, self.index)
            if both and self.kb.topic_for_intent(both[0]):
                return "unsure: two worries", both[0], both[1], []
            return "did you mean", None, None, likely_topic_intents(parsed, self.kb)
        if read in self.answered_by_topic:
            ranking = parsed.get("intent_ranking") or []
            parts = parsed.get("worry_parts")
            if isinstance(parts, list):
                both = worries.worries_from_parts(parts, read)
            else:
                both = worries.worries_in_order(text, read, ranking, self.index, use_diet=use_diet)
            if both is None:
                return "topic answer", read, None, []
            # as action_answer_topic: the first raised is answered unless it has a form
            if both.first != read and both.first in self.answered_by_topic:
                return "topic answer", both.first, read, []
            offered = both.second if both.first == read else both.first
            return "topic answer", read, offered, []
        return f"other path ({read})", read, None, []


NOW = "each part read by the NLU (now)"


def evaluate(model: Path, index: worries.ExampleIndex, two_worries_file: Path) -> list[str]:
    from rasa.core.agent import Agent

    kb = load_knowledge()
    live = Live(index)
    os.chdir(BOT)  # the pipeline's spaCy model path is relative to bot/
    agent = Agent.load(str(model))

    def parse(text: str) -> dict[str, Any]:
        return asyncio.run(agent.parse_message(text))

    two = load_two_worries(two_worries_file)
    variants = {
        "each part read by the NLU (now)": "parts",
        "by meaning, with the ranking (before)": "meaning",
        "by meaning alone": "meaning alone",
    }
    outcomes: dict[str, Counter[str]] = {label: Counter() for label in variants}
    paths: Counter[str] = Counter()
    details: list[str] = []
    crisis_total = crisis_first = 0
    seconds: list[float] = []
    for entry in two:
        text, pair = entry["text"], {entry["first"], entry["second"]}
        parsed = parse(text)
        if "safeguarding_risk" in pair:
            crisis_total += 1
            read = parsed["intent"].get("name")
            if read == "safeguarding_risk" or find_risk(text, kb):
                crisis_first += 1
            continue
        for label, how in variants.items():
            started = time.perf_counter()
            path, answered, offered, guesses = live(text, parsed, how)
            seconds.append(time.perf_counter() - started)
            if offered is not None:
                outcome = "found" if {answered, offered} == pair else "wrong"
                if outcome == "found" and answered == entry["first"]:
                    outcomes[label]["first raised answered first"] += 1
            elif path == "did you mean":
                outcome = "did you mean, both" if pair <= set(guesses) else "did you mean, not both"
            else:
                outcome = "missed"
            outcomes[label][outcome] += 1
            if how == "parts":
                paths[path.split(" (")[0]] += 1
                if outcome != "found":
                    details.append(
                        f"{outcome}: labelled {entry['first']} + {entry['second']}; {path}, "
                        f"answered {answered}, offered {offered}"
                        + (f", guesses {guesses}" if guesses else "")
                    )
    in_two = {entry["text"].strip() for entry in two}
    singles = [
        (text, intent)
        for path in SINGLE_SETS
        for text, intent in load_nlu_messages(path)
        if text not in in_two
    ]
    spurious: dict[str, Counter[str]] = {label: Counter() for label in variants}
    for text, intent in singles:
        parsed = parse(text)
        for label, how in variants.items():
            path, answered, offered, _ = live(text, parsed, how)
            spurious[label]["messages"] += 1
            if offered:
                spurious[label]["spurious"] += 1
                spurious[label][f"{intent} -> answered {answered}, offered {offered} ({path})"] += 1
    n = len(two) - crisis_total
    lines = [
        f"## Evaluation (model {model.name})",
        "",
        f"{n} two-worry messages ({two_worries_file.relative_to(ROOT)}, {crisis_total} more with "
        f"a crisis part), {spurious[NOW]['messages']} single-worry messages.",
        "",
        "| check | second worry offered, right pair | of which the first raised answered "
        "first | wrong topic offered | not offered "
        "after an answer | 'did you mean' with both topics | 'did you mean' without both "
        "| spurious offer, single-worry messages |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label in variants:
        got, bad = outcomes[label], spurious[label]
        rate = bad["spurious"] / max(bad["messages"], 1)
        lines.append(
            f"| {label} | {got['found']}/{n} ({got['found'] / max(n, 1):.0%}) "
            f"| {got['first raised answered first']} | {got['wrong']} "
            f"| {got['missed']} | {got['did you mean, both']} | {got['did you mean, not both']} "
            f"| {bad['spurious']}/{bad['messages']} ({rate:.1%}) |"
        )
    per_message = sorted(seconds)[len(seconds) // 2] * 1000 if seconds else 0.0
    lines += [
        "",
        "How the two-worry messages were read (with DIET): "
        + ", ".join(f"{path} {count}" for path, count in paths.most_common()),
        f"- two-worry messages with a crisis part: crisis contacts first {crisis_first}/"
        f"{crisis_total}",
        f"- the check's own time, median per message: {per_message:.0f} ms",
        "",
        "Two-worry messages not found (with DIET):",
        *[f"- {line}" for line in details],
        "",
        "Spurious offers (with DIET):",
        *[f"- {key}: {count}" for key, count in spurious[NOW].most_common() if "->" in key],
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--dev", action="store_true", help="the development set only")
    parser.add_argument(
        "--file", type=Path, default=TWO_WORRIES, help="the two-worry messages to evaluate"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    index = worries.example_index()
    print(f"example index: {len(index.texts)} examples in {time.perf_counter() - started:.1f} s")
    lines = dev(index) if args.dev else evaluate(args.model.resolve(), index, args.file.resolve())
    report = "\n".join(lines)
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "two_worries_dev.md" if args.dev else "two_worries.md"
    (RESULTS / name).write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
