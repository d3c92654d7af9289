"""Measure the assistant's understanding: held-out test set, 5-fold cross-validation, training.

Usage (from the repository root, bot venv):
    PYTHONPATH=. .venv-bot/bin/python bench/nlu_eval.py [--train] [--skip-heldout] [--skip-cv]
        [--folds 5]

--train         time `rasa train` (the process contract's command) and report the model size
held-out        `rasa test nlu` on bot/tests/nlu_test.yml (never trained on) with the trained model
cross-val       `rasa test nlu --cross-validation` on bot/data/nlu (trains a model per fold; slow)

Rasa's reports and confusion matrices go to bench/results/{heldout,cv}/; the figures are printed
and written to bench/results/nlu_eval[_<label>].md. To compare configurations, cross-validate a
candidate: `--skip-heldout --config /path/to/candidate.yml --label cv-candidate --folds 3`.
The targets are the issue's: held-out intent macro-F1 of at least 0.95 and every intent's F1
at least 0.85.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
RESULTS = ROOT / "bench" / "results"
RASA = ROOT / ".venv-bot" / "bin" / "rasa"
MODEL = BOT / "models" / "sen-guide.tar.gz"
MACRO_F1_TARGET = 0.95
INTENT_F1_TARGET = 0.85
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


def train() -> list[str]:
    start = time.perf_counter()
    rasa("train", "--fixed-model-name", "sen-guide", "--out", "models", "--force")
    seconds = time.perf_counter() - start
    size_mb = MODEL.stat().st_size / 1_000_000
    return [
        f"- training time (`rasa train --force`, {os.cpu_count()} cores): {seconds:.0f} s",
        f"- model size: {size_mb:.1f} MB ({MODEL.relative_to(ROOT)})",
    ]


def held_out() -> tuple[list[str], bool]:
    out = RESULTS / "heldout"
    rasa("test", "nlu", "--nlu", "tests/nlu_test.yml", "--model", str(MODEL), "--out", str(out))
    macro, per_intent = intent_f1s(out / "intent_report.json")
    lowest = sorted(per_intent.items(), key=lambda item: item[1])[:5]
    below = {name: f1 for name, f1 in per_intent.items() if f1 < INTENT_F1_TARGET}
    passed = macro >= MACRO_F1_TARGET and not below
    lines = [
        f"- held-out intent macro-F1: {macro:.3f} (target {MACRO_F1_TARGET})",
        "- lowest per-intent F1: " + ", ".join(f"{n} {f:.3f}" for n, f in lowest),
        f"- intents below {INTENT_F1_TARGET}: " + (", ".join(sorted(below)) or "none"),
        f"- report and confusion matrix: {out.relative_to(ROOT)}/intent_report.json, "
        "intent_confusion_matrix.png",
    ]
    return lines, passed


def cross_validation(folds: int, config: str, label: str) -> list[str]:
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
    for split, metric, mean, std in found:
        if (split, metric) in seen:
            continue  # later matches are entity results
        seen.add((split, metric))
        lines.append(f"  - {split} intent {metric}: {float(mean):.3f} ({float(std):.3f})")
    report = out / "intent_report.json"
    if report.exists():
        macro, per_intent = intent_f1s(report)
        lowest = min(per_intent.items(), key=lambda item: item[1])
        lines.append(
            f"  - pooled test-fold macro-F1: {macro:.3f}; lowest {lowest[0]} {lowest[1]:.3f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate the assistant's NLU.")
    parser.add_argument("--train", action="store_true", help="retrain and time it first")
    parser.add_argument("--skip-heldout", action="store_true")
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--config", default="config.yml", help="Rasa config to cross-validate (relative to bot/)"
    )
    parser.add_argument("--label", default=None, help="name of this run's results (default cv)")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = ["# NLU evaluation", ""]
    passed = True
    if args.train:
        lines += train()
    if not args.skip_heldout:
        heldout_lines, passed = held_out()
        lines += heldout_lines
    if not args.skip_cv:
        lines += cross_validation(args.folds, args.config, args.label or "cv")
    text = "\n".join(lines) + "\n"
    suffix = f"_{args.label}" if args.label else ""
    (RESULTS / f"nlu_eval{suffix}.md").write_text(text)
    print(text)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
