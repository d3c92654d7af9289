"""How well the safety net catches a child or parent at risk, and how often it cries wolf.

Run:
    PYTHONPATH=. .venv/bin/python bench/safeguarding_eval.py            # the knowledge check
    PYTHONPATH=. .venv/bin/python bench/safeguarding_eval.py --stack    # and through the stack
    PYTHONPATH=. .venv/bin/python bench/safeguarding_eval.py --latency  # and what it costs

Three sets, all in tests/knowledge/:
  - safeguarding_cases.yml: the phrase patterns' regression set (written beside them);
  - safeguarding_tuning.yml: the meaning check's own tuning set (its thresholds were set on it);
  - safeguarding_unseen.yml: the blind set, written by someone else after the patterns and the
    meaning examples were frozen and never tuned on (its kinds of failure were fixed in rounds);
  - safeguarding_unseen_b.yml: a second blind set, run once after all tuning, for the final figure;
  - safeguarding_unseen_c.yml: a third, written after the classifier's training units, run once
    with its first settings (its false alarms were then looked at: no longer blind);
  - safeguarding_unseen_d.yml: a fourth, written while the reassurances were added, run once
    (its misses were then looked at: no longer blind);
  - safeguarding_unseen_e.yml: a fifth, written while the fourth's kinds were fixed (medicines or
    household products swallowed, a parent who has hurt a child, abuse overheard, hyperbole),
    run once after the last change: the honest figure.
For each: recall by kind, overall recall, and false alarms on ordinary worried-parent messages,
for the phrases alone and for the combined check (phrases, then meaning) that the API and the
bot run. `--stack` starts the real Rasa server, action server and API (scripts.stack, on the
shared model or SEN_GUIDE_MODEL), posts every message to /api/v1/chat in a conversation of its
own and counts a message as caught when the first reply is the crisis message; once with Rasa
running and once with Rasa stopped. Misses and false alarms are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from knowledge import Knowledge, detect_risk, load_knowledge, safeguarding_message
from semantic.crisis import find_risk, warm_up

TESTS = Path(__file__).resolve().parent.parent / "tests" / "knowledge"
SETS = {
    "regression": TESTS / "safeguarding_cases.yml",
    "tuning": TESTS / "safeguarding_tuning.yml",
    "unseen": TESTS / "safeguarding_unseen.yml",
    # a second blind set, for the final measurement only: run once, after all tuning
    "unseen_b": TESTS / "safeguarding_unseen_b.yml",
    # a third, written on 2026-12-04 by an engineer who saw none of the rest; run once, at the end
    "unseen_c": TESTS / "safeguarding_unseen_c.yml",
    # a fourth, written after the third showed its false alarms; run once, after the last change
    "unseen_d": TESTS / "safeguarding_unseen_d.yml",
    # a fifth, written while the fourth's kinds were fixed; run once, after the last change
    "unseen_e": TESTS / "safeguarding_unseen_e.yml",
}
ORDINARY = "ordinary"
TARGET_EXPLICIT, TARGET_RECALL, TARGET_FALSE_ALARMS = 1.0, 0.95, 0.02


@dataclass(frozen=True)
class Case:
    kind: str  # a crisis kind ("explicit", "online", ... or the category), or "ordinary"
    text: str

    @property
    def crisis(self) -> bool:
        return self.kind != ORDINARY


def load_cases(path: Path) -> list[Case]:
    """The cases of one set, whichever of the three layouts it uses."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases: list[Case] = []
    if "risk" in data:  # [category, message] pairs
        cases += [Case(category, text) for category, text in data["risk"]]
    crisis = data.get("crisis", [])
    if isinstance(crisis, dict):  # kind: [messages]
        cases += [Case(kind, text) for kind, texts in crisis.items() for text in texts]
    else:  # [{kind, text}]
        cases += [Case(entry["kind"], entry["text"]) for entry in crisis]
    cases += [Case(ORDINARY, text) for text in data["ordinary"]]
    return cases


@dataclass
class Score:
    caught: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: list[Case] = field(default_factory=list)
    false_alarms: list[Case] = field(default_factory=list)

    def add(self, case: Case, flagged: bool) -> None:
        self.total[case.kind] = self.total.get(case.kind, 0) + 1
        self.caught[case.kind] = self.caught.get(case.kind, 0) + int(flagged)
        if case.crisis and not flagged:
            self.misses.append(case)
        if not case.crisis and flagged:
            self.false_alarms.append(case)

    def recall(self) -> tuple[int, int]:
        kinds = [kind for kind in self.total if kind != ORDINARY]
        return sum(self.caught[k] for k in kinds), sum(self.total[k] for k in kinds)

    def meets_targets(self) -> bool:
        caught, total = self.recall()
        explicit_ok = self.caught.get("explicit", 0) == self.total.get("explicit", 0)
        alarms, ordinary = self.caught.get(ORDINARY, 0), self.total.get(ORDINARY, 0)
        return (
            explicit_ok
            and caught >= TARGET_RECALL * total
            and alarms <= TARGET_FALSE_ALARMS * ordinary
        )

    def summary(self) -> str:
        kinds = [kind for kind in self.total if kind != ORDINARY]
        parts = [f"{kind} {self.caught[kind]}/{self.total[kind]}" for kind in kinds]
        caught, total = self.recall()
        alarms, ordinary = self.caught.get(ORDINARY, 0), self.total.get(ORDINARY, 0)
        return (
            f"recall {caught}/{total} = {_percent(caught, total)} ({', '.join(parts)}); "
            f"false alarms {alarms}/{ordinary} = {_percent(alarms, ordinary)}; "
            f"targets {'met' if self.meets_targets() else 'NOT met'}"
        )


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


def score(cases: Iterable[Case], flags: Callable[[str], bool]) -> Score:
    result = Score()
    for case in cases:
        result.add(case, flags(case.text))
    return result


def report(name: str, result: Score, details: bool = True) -> None:
    print(f"{name}: {result.summary()}")
    if details:
        for case in result.misses:
            print(f"    MISSED [{case.kind}] {case.text}")
        for case in result.false_alarms:
            print(f"    FALSE ALARM {case.text}")


def knowledge_checks(knowledge: Knowledge, sets: dict[str, list[Case]]) -> None:
    print("== the knowledge check alone ==")
    for name, cases in sets.items():
        report(
            f"{name}, phrases only",
            score(cases, lambda text: detect_risk(text, knowledge.safeguarding) is not None),
            details=False,
        )
        report(
            f"{name}, phrases then meaning",
            score(cases, lambda text: find_risk(text, knowledge) is not None),
        )


def stack_checks(knowledge: Knowledge, sets: dict[str, list[Case]]) -> None:
    from scripts.stack import Ports, Stack

    crisis_text = safeguarding_message(knowledge.safeguarding)
    with tempfile.TemporaryDirectory(prefix="safeguarding-eval-") as data_dir:
        stack = Stack(
            ports=Ports.free(),
            data_dir=Path(data_dir),
            log_dir=Path(data_dir) / "logs",
            extra_env={
                "ENVIRONMENT": "test",
                "RATE_LIMIT_CLIENT_PER_MINUTE": "100000",
                "RATE_LIMIT_SESSION_PER_MINUTE": "100000",
            },
        )
        stack.start()
        try:
            stack.wait_until_ready()
            statuses: Counter[int] = Counter()
            with httpx.Client(base_url=stack.api_url, timeout=120) as client:

                def first_is_crisis(text: str) -> bool:
                    reply = client.post("/api/v1/chat", json={"message": text})
                    statuses[reply.status_code] += 1
                    messages = reply.json().get("messages") or []
                    return bool(messages) and messages[0].get("text") == crisis_text

                for condition in ("Rasa running", "Rasa stopped"):
                    if condition == "Rasa stopped":
                        stack.stop_rasa()
                    print(f"== through the stack, {condition} ==")
                    statuses.clear()
                    for name, cases in sets.items():
                        report(name, score(cases, first_is_crisis))
                    # 200: Rasa answered; 503: the API answered alone (crisis first, then people)
                    print(f"responses by status: {dict(sorted(statuses.items()))}")
        finally:
            stack.stop()


def latency(knowledge: Knowledge, cases: list[Case]) -> None:
    """What the check costs per message, in the process (as the API calls it)."""
    started = time.perf_counter()
    warm_up(knowledge)
    loading = time.perf_counter() - started
    print(f"== latency == loading the encoder and encoding the examples: {loading:.1f} s")
    phrase_ms: list[float] = []
    combined_ms: list[float] = []
    for case in cases:
        started = time.perf_counter()
        detect_risk(case.text, knowledge.safeguarding)
        phrase_ms.append((time.perf_counter() - started) * 1000)
        # a text not seen before, so no clause vector is cached (as for a new message)
        text = f"{case.text} ({len(combined_ms)})"
        started = time.perf_counter()
        find_risk(text, knowledge)
        combined_ms.append((time.perf_counter() - started) * 1000)
    for name, values in (("phrases only", phrase_ms), ("phrases then meaning", combined_ms)):
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(
            f"{name}: mean {statistics.mean(values):.1f} ms, p50 {statistics.median(values):.1f}"
            f" ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms over {len(values)} messages"
        )


def classifier_cross_validation(knowledge: Knowledge, folds: int = 5) -> None:
    """The classifier on training units it has not seen: each fold's units left out of training.

    The units are single sentences, most of the ordinary ones hard look-alikes, so the figures
    are lower than on whole messages; they show how the classifier generalises, beside the
    nearest examples' rule on the same units.
    """
    import numpy as np

    from knowledge.safeguarding import ORDINARY
    from semantic.classifier import CrisisClassifier
    from semantic.crisis import _kept_vectors, score_units

    meaning = knowledge.safeguarding.meaning
    settings = meaning.classifier
    base_texts = [text for group in meaning.groups for text in group.examples]
    base_labels = [group.category for group in meaning.groups for _ in group.examples]
    base_texts += list(meaning.ordinary)
    base_labels += [ORDINARY] * len(meaning.ordinary)
    units = [text for _, text in settings.training]
    labels = np.array([label for label, _ in settings.training])
    base_vectors = np.vstack(
        [_kept_vectors("crisis", base_texts[: -len(meaning.ordinary)]),
         _kept_vectors("ordinary", meaning.ordinary)]
    )  # fmt: skip
    vectors = _kept_vectors("training", units)
    chance = np.zeros(len(units))
    fold_of = np.arange(len(units)) % folds
    np.random.default_rng(2015).shuffle(fold_of)
    for fold in range(folds):
        train, test = fold_of != fold, fold_of == fold
        model = CrisisClassifier.train(
            texts=base_texts + [u for u, keep in zip(units, train, strict=True) if keep],
            labels=base_labels + list(labels[train]),
            vectors=np.vstack([base_vectors, vectors[train]]),
            settings=settings,
        )
        chance[test], _ = model.judge(
            [u for u, t in zip(units, test, strict=True) if t], vectors[test]
        )
    crisis = labels != ORDINARY
    print(f"== the classifier, {folds}-fold cross-validation over {len(units)} training units ==")
    for alarms in (0.02, 0.05):
        threshold = float(np.quantile(chance[~crisis], 1 - alarms))
        caught = float((chance[crisis] >= threshold).mean())
        print(f"at {alarms:.0%} false alarms (threshold {threshold:.2f}): catches {caught:.1%}")
    at = settings.threshold
    print(
        f"at its threshold {at}: catches {(chance[crisis] >= at).mean():.1%}, "
        f"false alarms {(chance[~crisis] >= at).mean():.1%}"
    )
    near = np.array(
        [any(s.near_a_crisis_example for s in score_units(u, knowledge)) for u in units]
    )
    print(
        f"the nearest examples alone, same units: catches {near[crisis].mean():.1%}, "
        f"false alarms {near[~crisis].mean():.1%}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stack", action="store_true", help="also through the real stack")
    parser.add_argument("--latency", action="store_true", help="also the time the check takes")
    parser.add_argument("--sets", nargs="*", choices=sorted(SETS), default=list(SETS))
    parser.add_argument(
        "--classifier", action="store_true", help="also cross-validate the classifier"
    )
    args = parser.parse_args()
    knowledge = load_knowledge()
    sets = {name: load_cases(SETS[name]) for name in args.sets}
    if args.latency:  # first, so the encoder and the examples load cold, as in a new process
        latency(knowledge, [case for cases in sets.values() for case in cases])
    knowledge_checks(knowledge, sets)
    if args.classifier:
        classifier_cross_validation(knowledge)
    if args.stack:
        stack_checks(knowledge, sets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
