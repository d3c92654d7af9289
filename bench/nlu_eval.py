"""Measure the assistant's understanding: held-out set, blind messy set, 5-fold cross-validation.

Usage (from the repository root, bot venv):
    PYTHONPATH=. .venv-bot/bin/python bench/nlu_eval.py [--train] [--messy] [--skip-heldout]
        [--skip-messy] [--skip-cv] [--folds 5] [--config config.yml] [--model PATH]

--train         time `rasa train` of --config (the process contract's command) into the folder
                of --model and report the model size
held-out        `rasa test nlu` on bot/tests/nlu_test.yml (never trained on) with the model
messy           the same on bot/tests/nlu_messy_test.yml: long, messy parent messages written
                before any errors were looked at (a blind set: never tune on it)
--messy         the messy set only (no held-out set, no cross-validation)
cross-val       `rasa test nlu --cross-validation` on bot/data/nlu with --config (trains a model
                per fold; slow: run it niced, in the background)

Each set reports intent macro-F1, its lowest intents, the intents below target and a confusion
summary (the most frequent true -> predicted pairs; nlu_fallback is the FallbackClassifier's "not
sure", which parents see as the not-understood reply). Rasa's reports and confusion matrices go
to bench/results/{heldout,messy,<label>}/; the figures are printed and written to
bench/results/nlu_eval[_<label>].md. To try a candidate configuration without touching
bot/models: `--train --config /tmp/x/candidate.yml --model /tmp/x/models/candidate.tar.gz`.
Targets (issue 10): held-out macro-F1 at least 0.95 and every intent at least 0.85; messy set
macro-F1 at least 0.90 and every intent at least 0.80; cross-validation test F1 at least 0.85.
The exit status is 1 if a set that ran missed its target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
RESULTS = ROOT / "bench" / "results"
RASA = ROOT / ".venv-bot" / "bin" / "rasa"
MODEL = BOT / "models" / "sen-guide.tar.gz"


@dataclass(frozen=True)
class TestSet:
    name: str
    path: str  # relative to bot/
    macro_target: float
    intent_target: float


HELD_OUT = TestSet("held-out", "tests/nlu_test.yml", 0.95, 0.85)
MESSY = TestSet("messy", "tests/nlu_messy_test.yml", 0.90, 0.80)
CV_TARGET = 0.85
CONFUSIONS_SHOWN = 8
NOT_INTENTS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def rasa(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [str(RASA), *args], cwd=BOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"rasa {' '.join(args)} failed with exit code {result.returncode}")
    return result


def intent_f1s(report_path: Path) -> tuple[float, dict[str, float]]:
    report = json.loads(report_path.read_text())
    per_intent = {
        name: float(scores["f1-score"])
        for name, scores in report.items()
        if name not in NOT_INTENTS and isinstance(scores, dict)
    }
    return float(report["macro avg"]["f1-score"]), per_intent


def train(config: str, model: Path) -> list[str]:
    start = time.perf_counter()
    rasa(
        "train", "--config", config, "--fixed-model-name", model.name.removesuffix(".tar.gz"),
        "--out", str(model.parent), "--force",
    )  # fmt: skip
    seconds = time.perf_counter() - start
    size_mb = model.stat().st_size / 1_000_000
    return [
        f"- training time (`rasa train --force`, {config}, {os.cpu_count()} cores): "
        f"{seconds:.0f} s",
        f"- model size: {size_mb:.1f} MB ({model})",
    ]


def confusion_summary(report_path: Path) -> list[str]:
    """The most frequent true -> predicted confusions, from Rasa's per-intent 'confused_with'."""
    report = json.loads(report_path.read_text())
    pairs = [
        (count, true, predicted)
        for true, scores in report.items()
        if true not in NOT_INTENTS and isinstance(scores, dict)
        for predicted, count in scores.get("confused_with", {}).items()
    ]
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    fallback = sum(count for count, _, predicted in pairs if predicted == "nlu_fallback")
    errors = sum(count for count, _, _ in pairs)
    shown = ", ".join(f"{t} -> {p} {n}" for n, t, p in pairs[:CONFUSIONS_SHOWN]) or "none"
    return [
        f"- misread messages: {errors} ({fallback} of them fell back to not-understood)",
        f"- most frequent confusions (true -> predicted, count): {shown}",
    ]


def evaluate(test_set: TestSet, model: Path) -> tuple[list[str], bool]:
    out = RESULTS / test_set.name
    rasa("test", "nlu", "--nlu", test_set.path, "--model", str(model), "--out", str(out))
    report = out / "intent_report.json"
    macro, per_intent = intent_f1s(report)
    messages = int(json.loads(report.read_text())["macro avg"]["support"])
    lowest = sorted(per_intent.items(), key=lambda item: item[1])[:5]
    below = {name: f1 for name, f1 in per_intent.items() if f1 < test_set.intent_target}
    passed = macro >= test_set.macro_target and not below
    lines = [
        f"- {test_set.name} ({test_set.path}, {messages} messages) intent macro-F1: "
        f"{macro:.3f} (target {test_set.macro_target})",
        "  - lowest per-intent F1: " + ", ".join(f"{n} {f:.3f}" for n, f in lowest),
        f"  - intents below {test_set.intent_target}: "
        + (", ".join(f"{n} {f:.3f}" for n, f in sorted(below.items())) or "none"),
        *("  " + line for line in confusion_summary(report)),
        f"  - report and confusion matrix: {out.relative_to(ROOT)}/intent_report.json, "
        "intent_confusion_matrix.png, intent_errors.json",
    ]
    return lines, passed


def cross_validation(folds: int, config: str, label: str) -> tuple[list[str], bool]:
    out = RESULTS / label
    result = rasa(
        "test", "nlu", "--nlu", "data/nlu", "--config", config,
        "--cross-validation", "--folds", str(folds), "--out", str(out),
    )  # fmt: skip
    log = result.stdout + result.stderr
    # Rasa logs e.g. "test F1-score: 0.962 (0.011)" per task, intent evaluation first
    found = re.findall(r"(train|test) (Accuracy|F1-score|Precision): ([\d.]+) \(([\d.]+)\)", log)
    lines = [f"- {folds}-fold cross-validation of {config} (mean and standard deviation):"]
    seen = set()
    test_f1 = 0.0
    for split, metric, mean, std in found:
        if (split, metric) in seen:
            continue  # later matches are entity results
        seen.add((split, metric))
        if (split, metric) == ("test", "F1-score"):
            test_f1 = float(mean)
        lines.append(f"  - {split} intent {metric}: {float(mean):.3f} ({float(std):.3f})")
    lines.append(f"  - target: test intent F1 at least {CV_TARGET}")
    report = out / "intent_report.json"
    if report.exists():
        macro, per_intent = intent_f1s(report)
        lowest = sorted(per_intent.items(), key=lambda item: item[1])[:5]
        lines.append(
            f"  - pooled test-fold macro-F1: {macro:.3f}; lowest "
            + ", ".join(f"{n} {f:.3f}" for n, f in lowest)
        )
        lines += ["  " + line for line in confusion_summary(report)]
    return lines, test_f1 >= CV_TARGET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate the assistant's NLU.")
    parser.add_argument("--train", action="store_true", help="train --config into --model first")
    parser.add_argument("--messy", action="store_true", help="only the blind messy set")
    parser.add_argument("--skip-heldout", action="store_true")
    parser.add_argument("--skip-messy", action="store_true")
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--config", default="config.yml", help="Rasa config to train or cross-validate (from bot/)"
    )
    parser.add_argument(
        "--model", type=Path, default=MODEL, help=f"model to test (default {MODEL})"
    )
    parser.add_argument("--label", default=None, help="name of this run's results (default cv)")
    args = parser.parse_args(argv)
    if args.messy:
        args.skip_heldout = args.skip_cv = True
        args.skip_messy = False
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = ["# NLU evaluation", ""]
    passed = True
    if args.train:
        lines += train(args.config, args.model.resolve())
    for test_set, skip in ((HELD_OUT, args.skip_heldout), (MESSY, args.skip_messy)):
        if not skip:
            set_lines, set_passed = evaluate(test_set, args.model.resolve())
            lines += set_lines
            passed = passed and set_passed
    if not args.skip_cv:
        cv_lines, cv_passed = cross_validation(args.folds, args.config, args.label or "cv")
        lines += cv_lines
        passed = passed and cv_passed
    text = "\n".join(lines) + "\n"
    suffix = f"_{args.label}" if args.label else ""
    (RESULTS / f"nlu_eval{suffix}.md").write_text(text)
    print(text)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
