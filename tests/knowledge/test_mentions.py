"""Words a parent used are explained in plain English, with where the meaning comes from."""

from __future__ import annotations

import pytest

from knowledge import (
    EHC_PLAN_TOPIC,
    Knowledge,
    explain_mentions,
    find_mentions,
    places_outside_england,
    says_child_has_ehc_plan,
)


def entity(label: str, typed: str, value: str | None = None) -> dict[str, object]:
    return {"entity": label, "text": typed, "value": value or typed}


def test_an_abbreviation_is_spelled_out_with_its_meaning(knowledge: Knowledge) -> None:
    mentions = find_mentions(knowledge.glossary, [entity("professional", "EP")])
    words = explain_mentions(mentions, knowledge.topics, answering="meeting_frequency")

    assert words is not None
    assert "**EP** (educational psychologist)" in words
    assert "how a child learns" in words
    assert "\n\nSource: " in words


def test_a_diagnosis_is_placed_in_its_broad_area_of_need(knowledge: Knowledge) -> None:
    mentions = find_mentions(
        knowledge.glossary, [entity("area_of_need", "dyslexia", "cognition and learning")]
    )
    words = explain_mentions(mentions, knowledge.topics, answering="complain")

    assert words is not None
    assert "**dyslexia**" in words
    assert "broad area of need **cognition and learning**" in words
    assert "not only a diagnosis" in words
    assert "SEND Code of Practice 2015, 6.28 to 6.35" in words


def test_a_misspelling_is_never_repeated_back(knowledge: Knowledge) -> None:
    mentions = find_mentions(
        knowledge.glossary,
        [entity("area_of_need", "dislexia"), entity("professional", "educational phycologist")],
    )
    words = explain_mentions(mentions, knowledge.topics, answering="complain")

    assert words is not None
    assert "dislexia" not in words
    assert "phycologist" not in words
    assert "**cognition and learning**" in words
    assert "**educational psychologist**" in words


def test_the_term_the_answer_is_about_is_not_explained_twice(knowledge: Knowledge) -> None:
    mentions = find_mentions(knowledge.glossary, [entity("professional", "SENDCo")])

    assert explain_mentions(mentions, knowledge.topics, answering="senco") is None
    assert explain_mentions(mentions, knowledge.topics, answering="complain") is not None


def test_naming_the_area_itself_needs_no_explaining(knowledge: Knowledge) -> None:
    mentions = find_mentions(
        knowledge.glossary, [entity("area_of_need", "Communication and Interaction")]
    )

    assert explain_mentions(mentions, knowledge.topics, answering="complain") is None


@pytest.mark.parametrize(
    ("label", "typed"),
    [("age", "7 years old"), ("school_stage", "year 6"), ("professional", "the dentist")],
)
def test_ages_stages_and_unknown_words_are_not_glossed(
    knowledge: Knowledge, label: str, typed: str
) -> None:
    assert find_mentions(knowledge.glossary, [entity(label, typed)]) == []


def test_a_value_labelled_as_another_entity_is_ignored(knowledge: Knowledge) -> None:
    assert find_mentions(knowledge.glossary, [entity("area_of_need", "SENCO")]) == []


def test_each_term_once_and_at_most_three(knowledge: Knowledge) -> None:
    typed = [
        entity("professional", "SALT"),
        entity("professional", "speech therapist"),
        entity("support_level", "EHCP"),
        entity("support_level", "IEP"),
        entity("area_of_need", "ADHD"),
    ]
    mentions = find_mentions(knowledge.glossary, typed)
    words = explain_mentions(mentions, knowledge.topics, answering="complain")

    assert [m.term.id for m in mentions] == [
        "speech_and_language_therapist",
        "ehc_plan",
        "support_plan",
        "semh",
    ]
    assert words is not None
    assert words.count("\n- ") == 3


def test_every_explainable_term_traces_to_a_source(knowledge: Knowledge) -> None:
    for term in knowledge.glossary.terms:
        if term.label not in ("professional", "support_level", "area_of_need"):
            continue
        written = next(s for s in term.synonyms if s.lower() != term.canonical.lower())
        words = explain_mentions(
            find_mentions(knowledge.glossary, [entity(term.label, written)]),
            knowledge.topics,
            answering=None,
        )
        if term.topic is None:
            assert words is None, f"{term.id} has no topic to trace its meaning to"
        else:
            assert words is not None, term.id
            assert "Source: " in words, term.id


@pytest.mark.parametrize(
    "text",
    [
        "my son has an EHCP but the school isn't doing what it says",
        "she's on an EHC plan",
        "My daughter has had an EHCP since year 2",
        "we've got an ehcp for him",
        "what can a child with an EHCP expect at secondary",
        "his EHCP says he should get 1:1 every morning",
        "DS has a statement of SEN",
        "He has an Education, Health and Care Plan",
        "my child\u2019s got an EHCP",
    ],
)
def test_a_parent_saying_their_child_has_a_plan_is_heard(knowledge: Knowledge, text: str) -> None:
    assert says_child_has_ehc_plan(text, knowledge.glossary)


@pytest.mark.parametrize(
    "text",
    [
        "should we apply for an ehcp",
        "do we have to have an EHCP first",
        "he doesn't have an EHCP",
        "my son has no EHCP",
        "we want an EHCP",
        "he has an EHC assessment next week",
        "can you help with EHCP application",
        "has an ehcp request been made",
        "if he has an EHCP can he go to college",
        "I have a statement from the school",
        "information on EHC plans",
        "what is an ehcp",
    ],
)
def test_asking_about_a_plan_is_not_having_one(knowledge: Knowledge, text: str) -> None:
    assert not says_child_has_ehc_plan(text, knowledge.glossary)


def test_the_plan_topic_says_the_council_must_secure_the_help(knowledge: Knowledge) -> None:
    topic = knowledge.topics[EHC_PLAN_TOPIC]

    assert "the council must make sure" in topic.short
    assert "at least once every 12 months" in topic.short
    labels = [source.label for source in topic.sources]
    assert any("section 42" in label for label in labels)
    assert any("section 44" in label for label in labels)


@pytest.mark.parametrize(
    ("text", "nation"),
    [
        ("we live in Cardiff", "wales"),
        ("he goes to a welsh-medium school", "wales"),
        ("we just moved to lisburn, what do i do", "northern_ireland"),
        ("im in dundee is this relevant to me", "scotland"),
        ("our school is in Scotland", "scotland"),
    ],
)
def test_a_place_outside_england_is_recognised(
    knowledge: Knowledge, text: str, nation: str
) -> None:
    assert [term.id for term in places_outside_england(text, knowledge.glossary)] == [nation]


@pytest.mark.parametrize(
    "text",
    [
        "we live in Kent",
        "my son Barry has dyslexia",
        "what is my NI number for",
        "we moved from New South Wales last year",
        "my daughter is at secondary in Newport",  # there are Newports in England too
    ],
)
def test_england_and_lookalikes_are_not_outside_england(knowledge: Knowledge, text: str) -> None:
    assert places_outside_england(text, knowledge.glossary) == []
