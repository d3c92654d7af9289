"""Content checks: every intent answered, every topic sourced and dated, nothing dangling, and
the things the issue says the content must say."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest

from knowledge import Knowledge, Topic, load_knowledge, topic_reply
from knowledge.check import CONTENT_INTENTS, find_problems, overdue_reviews
from knowledge.errors import ContentError
from knowledge.loader import CONTENT_DIR
from knowledge.render import local_services_reply
from knowledge.sources import SEEDS

# the product spec, kept with the code (docs/SPEC.md)
SPEC = Path(__file__).resolve().parents[2] / "docs" / "SPEC.md"


def test_shipped_content_has_no_problems(knowledge: Knowledge) -> None:
    assert find_problems(knowledge) == []


def test_content_intents_are_spec_intents() -> None:
    # every content intent must still be in SPEC's fixed intent contract (names never change)
    if not SPEC.exists():
        pytest.fail(f"{SPEC} is missing: the intent contract cannot be compared")
    spec = SPEC.read_text(encoding="utf-8")
    for intent in CONTENT_INTENTS:
        assert f"| {intent} |" in spec


@pytest.mark.parametrize("intent", CONTENT_INTENTS)
def test_every_informational_intent_has_a_topic(intent: str, knowledge: Knowledge) -> None:
    topic = knowledge.topic_for_intent(intent)
    assert topic is not None
    assert topic.sources
    assert topic.last_reviewed


def test_small_talk_has_no_topic(knowledge: Knowledge) -> None:
    assert knowledge.topic_for_intent("greet") is None


def test_every_source_is_a_seed_or_a_public_address(knowledge: Knowledge) -> None:
    for source in knowledge.sources.values():
        assert source.seed in SEEDS or (source.url or "").startswith("https://")


def _with_topic(knowledge: Knowledge, topic: Topic) -> Knowledge:
    topics = {**knowledge.topics, topic.id: topic}
    return dataclasses.replace(knowledge, topics=MappingProxyType(topics))


def test_check_reports_a_missing_intent_a_clash_and_a_future_date(knowledge: Knowledge) -> None:
    senco = knowledge.topics["senco"]
    without = dataclasses.replace(
        knowledge,
        topics=MappingProxyType({k: v for k, v in knowledge.topics.items() if k != "senco"}),
    )
    assert find_problems(without) == [
        "intent 'ask_senco': no topic answers it",
        "glossary term 'senco': topic 'senco' does not exist",
    ]
    clash = _with_topic(knowledge, dataclasses.replace(senco, id="senco_copy"))
    assert (
        "topic 'senco_copy': intent 'ask_senco' is already answered by topic 'senco'"
        in find_problems(clash)
    )
    future = _with_topic(knowledge, dataclasses.replace(senco, last_reviewed=dt.date(2999, 1, 1)))
    assert find_problems(future) == ["topic 'senco': last_reviewed 2999-01-01 is in the future"]
    unsourced = _with_topic(knowledge, dataclasses.replace(senco, sources=()))
    assert find_problems(unsourced) == ["topic 'senco': has no sources"]


def test_reviews_due_after_a_year_are_reminders(knowledge: Knowledge) -> None:
    latest = max(t.last_reviewed for t in knowledge.topics.values())
    assert overdue_reviews(knowledge, today=latest) == []
    assert len(overdue_reviews(knowledge, today=latest + dt.timedelta(days=400))) == len(
        knowledge.topics
    )


def test_a_dangling_topic_reference_stops_loading(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    broken = content / "topics" / "1_sen_support.yml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("related: [areas_of_need, sen_support]", "related: [nowhere]", 1),
        encoding="utf-8",
    )
    with pytest.raises(
        ContentError, match="topic 'what_is_sen': related topic 'nowhere' does not exist"
    ):
        load_knowledge(content_dir=content)


def test_a_content_file_with_an_unknown_source_names_file_and_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    triage = content / "triage.yml"
    triage.write_text(
        triage.read_text(encoding="utf-8").replace("[seed_reviewing]", "[seed_nowhere]", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        load_knowledge(content_dir=content)
    assert str(raised.value).startswith(f"{triage}: reasons.")
    assert "sources: unknown source 'seed_nowhere'" in str(raised.value)


# What the issue requires the content to say, phrase by phrase.
MUST_SAY = [
    ("meeting_frequency", ["at least three times a year", "at least once a year"]),
    (
        "areas_of_need",
        [
            "communication and interaction",
            "cognition and learning",
            "social, emotional and mental health",
            "sensory and/or physical needs",
        ],
    ),
    (
        "ehc_who_can_request",
        ["parent or carer", "over 16 and under 25", "agreement", "health or social care"],
    ),
    ("ehc_timeline", ["6 weeks", "16 weeks", "20 weeks", "mediation and appeal"]),
    (
        "ehc_should_request",
        ["at any time", "**not** legal rules", "three review cycles", "educational psychologist"],
    ),
    ("complaint_dfe", ["cannot normally change the decision", "**how**"]),
    ("where_guide_applies", ["**England**", "Wales", "Scotland", "Northern Ireland"]),
    ("senco", ["SENDCo", "SENCo"]),
    ("support_plan", ["IEP", "ISP"]),
    ("graduated_approach", ["**Assess**", "**Plan**", "**Do**", "**Review**"]),
]


@pytest.mark.parametrize(("topic_id", "phrases"), MUST_SAY, ids=[m[0] for m in MUST_SAY])
def test_topic_says_what_parents_need(
    topic_id: str, phrases: list[str], knowledge: Knowledge
) -> None:
    for phrase in phrases:
        assert phrase in knowledge.topics[topic_id].short


def test_timescales_cite_the_regulations_and_refusal_cites_the_act(knowledge: Knowledge) -> None:
    assert any("SEND Regulations 2014" in s.label for s in knowledge.topics["ehc_timeline"].sources)
    assert any(
        "Children and Families Act 2014" in s.label for s in knowledge.topics["ehc_refusal"].sources
    )
    assert any("36(8)" in s.label for s in knowledge.topics["ehc_should_request"].sources)


def test_topic_reply_is_the_short_answer_then_its_sources(knowledge: Knowledge) -> None:
    topic = knowledge.topics["sen_register"]
    reply = topic_reply(topic)
    assert reply.startswith(topic.short)
    assert reply.endswith(
        "Source: Council guide: I'm concerned about my child's progress; "
        "Council guide: SEND support and the four steps; Council guide: reviewing SEN support"
    )
    assert topic.detail is None or topic.detail not in reply


def test_topic_reply_can_include_the_detail(knowledge: Knowledge) -> None:
    topic = knowledge.topics["sen_support"]
    assert topic.detail is not None
    assert topic.detail in topic_reply(topic, with_detail=True)


def test_local_services_reply_lists_the_council_services(knowledge: Knowledge) -> None:
    topic = knowledge.topic_for_intent("ask_local_support")
    assert topic is not None
    reply = local_services_reply(topic, knowledge.council)
    for service in knowledge.council.services:
        assert f"**{service.short_name}**" in reply
    assert "Call **01632 960001**, email iask@example.org" in reply
    assert "Hours: Monday to Friday, 9am to 5pm." in reply


def test_short_answers_are_plain_text_with_light_markdown(knowledge: Knowledge) -> None:
    for topic in knowledge.topics.values():
        assert "<" not in topic.short
        assert "#" not in topic.short
        assert topic.short.count("**") % 2 == 0


def test_unquoted_yes_in_a_content_key_is_explained(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    triage = content / "triage.yml"
    triage.write_text(
        triage.read_text(encoding="utf-8").replace('{"yes": "Yes"', '{yes: "Yes"', 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="put quotes around yes, no, on or off"):
        load_knowledge(content_dir=content)


def test_check_reports_a_misspelt_token_attribute(knowledge: Knowledge) -> None:
    glossary = dataclasses.replace(
        knowledge.glossary,
        raw_patterns=({"label": "age", "id": "age", "pattern": [{"LOWR": "aged"}]},),
    )
    broken = dataclasses.replace(knowledge, glossary=glossary)
    assert find_problems(broken) == ["entity pattern 'age': unknown token attribute(s) LOWR"]
