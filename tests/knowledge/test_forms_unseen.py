"""The blind set of typed form answers (tests/knowledge/form_answers_unseen.yml), written by
someone else before looking at the reader and never tuned on: at least 90% right per question.

"unclear" in the set means the words answer nothing; the reader must then say None, so the
form asks once more in plain words rather than guessing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge import Knowledge, interpret_answer

BLIND_SET = Path(__file__).with_name("form_answers_unseen.yml")
FLOOR = 0.90


def _sections() -> dict[str, list[dict[str, object]]]:
    data = yaml.safe_load(BLIND_SET.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def expected_value(expect: object) -> str | None:
    # the set writes yes and no unquoted, which YAML reads as true and false
    if isinstance(expect, bool):
        return "yes" if expect else "no"
    return None if expect == "unclear" else str(expect)


def accuracy(
    knowledge: Knowledge, slot: str, cases: list[dict[str, object]]
) -> tuple[float, list[tuple[object, str | None, str | None]]]:
    """The share read right, and what was read wrong (text, expected, read)."""
    question = knowledge.forms.question(slot)
    wrong: list[tuple[object, str | None, str | None]] = []
    for case in cases:
        expected = expected_value(case["expect"])
        got = interpret_answer(question, str(case["text"]), knowledge.forms)
        if got != expected:
            wrong.append((case["text"], expected, got))
    return 1 - len(wrong) / len(cases), wrong


@pytest.mark.parametrize("slot", list(_sections()))
def test_the_blind_set_is_read_right_at_least_90_percent_per_question(
    knowledge: Knowledge, slot: str
) -> None:
    cases = _sections()[slot]
    share, wrong = accuracy(knowledge, slot, cases)
    assert share >= FLOOR, f"{slot}: {share:.1%} of {len(cases)}; wrong: {wrong}"
