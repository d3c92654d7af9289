"""The question bank: questions a parent can ask the school, chosen by stage and concern."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

from knowledge._fields import Fields
from knowledge.errors import ContentError
from knowledge.model import Question, Source
from knowledge.sources import resolve_sources

Stage = Literal["early", "on_support", "moving_to_secondary", "ehc"]
STAGES: tuple[Stage, ...] = get_args(Stage)


@dataclass(frozen=True)
class QuestionBank:
    """Every question, with the names of the stages and concerns they are tagged with."""

    questions: tuple[Question, ...]
    stages: Mapping[str, str]
    concerns: Mapping[str, str]


def parse_questions(root: Fields, sources: Mapping[str, Source]) -> QuestionBank:
    stages = {stage_id: entry.text("label") for stage_id, entry in root.entries("stages")}
    if tuple(stages) != STAGES:
        raise ContentError(f"{root.file}: stages must be, in order: {', '.join(STAGES)}")
    concerns = {concern: entry.text("label") for concern, entry in root.entries("concerns")}
    questions: list[Question] = []
    for entry in root.items("questions"):
        question = Question(
            id=entry.text("id"),
            text=entry.text("text"),
            stages=entry.text_list("stages", required=True),
            concerns=entry.text_list("concerns", required=True),
            sources=resolve_sources(entry, sources),
        )
        for stage in question.stages:
            if stage not in stages:
                entry.fail("stages", f"unknown stage {stage!r}")
        for concern in question.concerns:
            if concern not in concerns:
                entry.fail("concerns", f"unknown concern {concern!r}")
        if any(q.id == question.id for q in questions):
            entry.fail("id", f"{question.id!r} is used by more than one question")
        questions.append(question)
    return QuestionBank(
        questions=tuple(questions),
        stages=MappingProxyType(stages),
        concerns=MappingProxyType(concerns),
    )


def suggest_questions(
    bank: QuestionBank, stage: Stage, concerns: Iterable[str] = (), limit: int = 6
) -> list[Question]:
    """Up to ``limit`` questions for ``stage``, those matching most concerns first.

    Ties keep the order of the bank, which puts the questions parents most often need first.
    """
    if stage not in bank.stages:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(bank.stages)}")
    wanted = set(concerns)
    unknown = wanted - set(bank.concerns)
    if unknown:
        raise ValueError(
            f"unknown concern(s) {', '.join(sorted(unknown))}; "
            f"expected any of {', '.join(bank.concerns)}"
        )
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    fitting = [q for q in bank.questions if stage in q.stages]
    ranked = sorted(
        enumerate(fitting), key=lambda pair: (-len(wanted.intersection(pair[1].concerns)), pair[0])
    )
    return [question for _, question in ranked[:limit]]
