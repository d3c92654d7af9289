"""How well the typed-answer reader reads a blind set of what parents type in the guided forms.

Run: PYTHONPATH=. .venv/bin/python bench/forms_eval.py [tests/knowledge/form_answers_unseen_b.yml]

Prints the share read right per question and overall, and each answer read wrong with what was
expected and what was read ("unclear" in a set means the words answer nothing: None).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from knowledge import interpret_answer, load_knowledge

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "form_answers_unseen.yml"


def expected_value(expect: object) -> str | None:
    # the sets write yes and no unquoted, which YAML reads as true and false
    if isinstance(expect, bool):
        return "yes" if expect else "no"
    return None if expect == "unclear" else str(expect)


def main(path: Path) -> None:
    knowledge = load_knowledge()
    sections = yaml.safe_load(path.read_text(encoding="utf-8"))
    right = total = 0
    for slot, cases in sections.items():
        question = knowledge.forms.question(slot)
        wrong = []
        for case in cases:
            expected = expected_value(case["expect"])
            read = interpret_answer(question, str(case["text"]), knowledge.forms)
            if read != expected:
                wrong.append((case["text"], expected, read))
        right += len(cases) - len(wrong)
        total += len(cases)
        print(f"{slot}: {1 - len(wrong) / len(cases):.1%} ({len(cases) - len(wrong)}/{len(cases)})")
        for text, expected, read in wrong:
            print(f"    WRONG {text!r}: expected {expected}, read {read}")
    print(f"overall: {right / total:.1%} ({right}/{total}) in {path.name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
