"""The complaint ladder: teacher, SENCO, the school's formal complaint, then the DfE."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from knowledge._fields import Fields
from knowledge.errors import ContentError
from knowledge.model import ComplaintStep, Service, Source
from knowledge.sources import resolve_sources

STEP_IDS = ("teacher", "senco", "formal_complaint", "dfe")
# What a parent can say they have tried so far: nothing yet, a rung of the ladder (the highest
# one reached), or not sure. The bot's form and the adviser console offer these answers.
COMPLAINT_TRIED = ("nothing", *STEP_IDS, "not_sure")


def parse_ladder(
    root: Fields, sources: Mapping[str, Source], advice_service: Service
) -> tuple[ComplaintStep, ...]:
    entries = list(root.items("steps"))
    steps = tuple(
        ComplaintStep(
            id=entry.text("id"),
            title=entry.text("title"),
            what_to_do=entry.text("what_to_do"),
            prepare=entry.text_list("prepare", required=True),
            sources=resolve_sources(entry, sources),
            help_from=advice_service,
            is_last=index == len(entries) - 1,
        )
        for index, entry in enumerate(entries)
    )
    if tuple(step.id for step in steps) != STEP_IDS:
        raise ContentError(f"{root.file}: steps must be, in order: {', '.join(STEP_IDS)}")
    return steps


def next_complaint_step(tried: Iterable[str], ladder: Sequence[ComplaintStep]) -> ComplaintStep:
    """The rung of ``ladder`` (``Knowledge.complaint_ladder``) above the highest one tried.

    The first rung if nothing was tried.
    Once every rung has been tried the last rung (the DfE) is returned again: its
    ``is_last`` flag tells the caller there is no further step on the ladder.
    """
    ids = [step.id for step in ladder]
    highest = -1
    for step_id in tried:
        if step_id not in ids:
            raise ValueError(
                f"unknown complaint step {step_id!r}; expected one of {', '.join(ids)}"
            )
        highest = max(highest, ids.index(step_id))
    return ladder[min(highest + 1, len(ladder) - 1)]
