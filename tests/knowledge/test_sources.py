"""Traceability: the seed files we cite exist, and key statements are really in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import Knowledge
from knowledge.sources import SEEDS

SEEDS_DIR = Path(__file__).resolve().parents[2] / "docs" / "sources" / "seeds"


def seed_text(name: str) -> str:
    path = SEEDS_DIR / name
    if not path.exists():
        pytest.fail(f"{path} is missing: the seed pages are kept in docs/sources/seeds")
    return " ".join(path.read_text(encoding="utf-8").split())


def test_every_cited_seed_exists(knowledge: Knowledge) -> None:
    cited = {s.seed for s in knowledge.sources.values() if s.seed}
    assert cited == set(SEEDS)
    for name in SEEDS:
        assert seed_text(name)


# (topic or reason, what we say, seed file, the seed's own words that back it)
CLAIMS = [
    ("meeting_frequency", "at least three times a year", SEEDS[1], "at least three times a year"),
    ("meeting_frequency", "at least once a year", SEEDS[1], "report at least once a year"),
    ("support_plan", "at least once a term", SEEDS[0], "at least a termly basis"),
    ("sen_register", "record of every child", SEEDS[0], "keep a record of all pupils with SEN"),
    ("complaint_dfe", "cannot normally change", SEEDS[0], "cannot normally change the decision"),
    ("ehc_who_can_request", "over 16 and under 25", SEEDS[0], "over the age of 16 but under 25"),
    ("ehc_assessment", "ages 0 to 25", SEEDS[2], "from ages 0 to 25"),
    ("areas_of_need", "sensory and/or physical needs", SEEDS[3], "sensory and/or physical needs"),
    ("sen_support", "own money and staff", SEEDS[3], "support from their own resources"),
    ("apdr_plan", "it must tell you", SEEDS[1], "it must tell you or your young person"),
    ("outside_agencies", "ask for your consent", SEEDS[3], "your school will ask for your consent"),
    ("masking", "masking", SEEDS[4], "my child is masking at school"),
    ("what_is_sen", "take your worries seriously", SEEDS[3], "take any concerns from a parent"),
]


@pytest.mark.parametrize(("topic_id", "ours", "seed", "theirs"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_statement_is_backed_by_the_seed_it_cites(
    topic_id: str, ours: str, seed: str, theirs: str, knowledge: Knowledge
) -> None:
    topic = knowledge.topics[topic_id]
    assert ours in topic.short
    assert seed in {source.seed for source in topic.sources}
    assert theirs in seed_text(seed)


def test_seed_question_lists_are_offered_at_their_stage(knowledge: Knowledge) -> None:
    # the 20 questions of seed 004 are all offered at the stage the seed gives them
    bank = knowledge.questions.questions
    seed_sourced = [q for q in bank if any(s.seed == SEEDS[4] for s in q.sources)]
    assert len([q for q in seed_sourced if "early" in q.stages]) >= 10
    assert len([q for q in seed_sourced if "on_support" in q.stages]) >= 10
