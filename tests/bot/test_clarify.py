""" "Did you mean...?" and two worries in one message: what a parent sees, from the real actions,
the real domain and the real sentence encoder."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from bot_support import BOT, TrackerFactory, responses, texts
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import NOT_A_TOPIC, SOMETHING_ELSE
from actions.fallback import ActionAnythingElse, ActionKindFallback, ActionSomethingElse
from actions.topics import ActionAnswerTopic
from actions.worries import example_index, ready_index, second_worry, split_parts
from knowledge import Knowledge, load_knowledge, safeguarding_message, topic_reply

# Our own wording: none of these sentences comes from an evaluation file.
VAGUE = "its the thing with the school and the plan they talked about"
SENCO_AND_FRIENDS = (
    "who is the senco and how do i get hold of them. also she has no friends at break time "
    "and plays on her own every day"
)
ONE_WORRY_TWO_SENTENCES = (
    "who is the senco at a primary school and what do they actually do. "
    "i have never met ours and i dont know if i should email them or the teacher"
)


@pytest.fixture(autouse=True, scope="module")
def examples_encoded() -> None:
    """The actions skip the second-worry check until the examples are encoded (in the
    background, at first use); these tests need it, so they wait for it once."""
    example_index()
    assert ready_index() is not None


KB_TITLES = {topic.id: topic.title for topic in load_knowledge().topics.values()}


def ranked(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def unsure(
    make_tracker: TrackerFactory,
    text: str,
    ranking: list[dict[str, Any]],
    events_before: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A message the FallbackClassifier turned into nlu_fallback, DIET's ranking under it."""
    tracker = make_tracker(text, "nlu_fallback")
    tracker.latest_message["intent"]["confidence"] = 0.45
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        *ranking,
    ]
    tracker.events = [
        *(events_before or []),
        {"event": "user", "parse_data": tracker.latest_message},
    ]
    return tracker


def user_event(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def test_an_unsure_reading_offers_the_likeliest_topics_in_plain_words(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    ranking = ranked(
        ("ask_support_plan", 0.31),
        ("affirm", 0.2),  # not a topic: never a button
        ("ask_meeting_frequency", 0.18),
        ("inform", 0.1),
        ("ask_senco", 0.07),
        ("ask_sen_register", 0.04),  # too unsure to be worth a button
    )
    events = ActionKindFallback().run(dispatcher, unsure(make_tracker, VAGUE, ranking), domain)

    assert events == []
    assert responses(dispatcher) == ["utter_did_you_mean"]
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["title"] for b in buttons] == [
        kb.topics["support_plan"].title,
        kb.topics["meeting_frequency"].title,
        kb.topics["senco"].title,
        "Something else",
        "Talk to a person",
    ]
    assert [b["payload"] for b in buttons] == [
        "/ask_support_plan",
        "/ask_meeting_frequency",
        "/ask_senco",
        f"/{SOMETHING_ELSE}",
        "/ask_local_support",
    ]
    for button in buttons:
        assert button["payload"].lstrip("/") in domain["intents"]
    said = domain["responses"]["utter_did_you_mean"][0]["text"]
    assert said.startswith("I'm not sure I understood")
    assert "I can help with" not in said


def test_at_most_three_guesses_and_only_intents_that_are_topics(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    ranking = ranked(
        ("greet", 0.3),
        ("safeguarding_risk", 0.2),
        ("ask_masking", 0.15),
        ("ask_friendships", 0.12),
        ("out_of_scope", 0.1),
        ("ask_sen_funding", 0.09),
        ("ask_complaint_dfe", 0.08),
    )
    ActionKindFallback().run(dispatcher, unsure(make_tracker, VAGUE, ranking), domain)

    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads[:3] == ["/ask_masking", "/ask_friendships", "/ask_sen_funding"]
    assert len(payloads) == 5


def test_no_topic_to_guess_gets_the_honest_reply(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ranking = ranked(("greet", 0.4), ("thank", 0.3), ("deny", 0.2))
    ActionKindFallback().run(dispatcher, unsure(make_tracker, "ok hmm", ranking), domain)

    assert responses(dispatcher) == ["utter_not_understood"]


def test_a_statement_read_as_an_answer_to_nothing_gets_did_you_mean(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    # DIET can be sure of "inform" for a vague statement and rank no topic at all
    tracker = make_tracker("we had that meeting about the plan stuff", "inform")
    tracker.latest_message["intent_ranking"] = ranked(("inform", 0.97), ("affirm", 0.02))

    ActionAnythingElse().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_did_you_mean"]
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
    assert len(payloads) >= 4, payloads  # two or three topics, Something else, a person
    assert payloads[-2] == f"/{SOMETHING_ELSE}"


def test_a_short_answer_to_nothing_still_gets_anything_else(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("yes ok then", "inform")
    tracker.latest_message["intent_ranking"] = ranked(("inform", 0.97))

    ActionAnythingElse().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_anything_else"]


def test_letters_at_random_are_not_given_guesses(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ranking = ranked(("ask_senco", 0.4), ("ask_masking", 0.3))
    ActionKindFallback().run(dispatcher, unsure(make_tracker, "sdfkjh qwpoe", ranking), domain)

    assert responses(dispatcher) == ["utter_not_understood"]


def test_out_of_scope_keeps_the_honest_cant_help_reply(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("how do i renew my passport", "out_of_scope")
    tracker.latest_message["intent_ranking"] = ranked(("out_of_scope", 0.9), ("ask_senco", 0.05))
    ActionKindFallback().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_not_understood"]
    assert "can't help with that" in domain["responses"]["utter_not_understood"][0]["text"]


def test_a_second_miss_in_a_row_offers_a_person_not_more_guesses(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    before = [user_event("the thing with the plan", "nlu_fallback")]
    ranking = ranked(("ask_support_plan", 0.3), ("ask_senco", 0.2))
    ActionKindFallback().run(dispatcher, unsure(make_tracker, VAGUE, ranking, before), domain)

    assert responses(dispatcher) == ["utter_offer_human"]
    assert kb.council.advice_service.name in texts(dispatcher)[0]


def test_something_else_asks_for_other_words_kindly_with_a_person_in_reach(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker(f"/{SOMETHING_ELSE}", SOMETHING_ELSE)
    assert ActionSomethingElse().run(dispatcher, tracker, domain) == []

    assert responses(dispatcher) == ["utter_something_else"]
    assert dispatcher.messages[0]["advice_service"] == kb.council.advice_service.short_name
    reply = domain["responses"]["utter_something_else"][0]
    assert "other words" in reply["text"]
    assert "{advice_service}" in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == ["/ask_local_support"]


def test_a_miss_after_something_else_is_the_second_and_offers_a_person(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    before = [
        user_event("the thing with the plan", "nlu_fallback"),
        user_event(f"/{SOMETHING_ELSE}", SOMETHING_ELSE),
    ]
    ranking = ranked(("ask_support_plan", 0.3))
    ActionKindFallback().run(dispatcher, unsure(make_tracker, VAGUE, ranking, before), domain)

    assert responses(dispatcher) == ["utter_offer_human"]


def test_something_else_is_an_intent_with_its_own_examples_and_rule(domain: dict[str, Any]) -> None:
    assert SOMETHING_ELSE in domain["intents"]
    assert "action_something_else" in domain["actions"]
    nlu = yaml.safe_load((BOT / "data" / "nlu" / "clarify.yml").read_text(encoding="utf-8"))
    blocks = {block["intent"]: block["examples"] for block in nlu["nlu"]}
    assert len(blocks[SOMETHING_ELSE].splitlines()) >= 15
    rules = yaml.safe_load(
        (BOT / "data" / "rules" / "safety_and_fallback.yml").read_text(encoding="utf-8")
    )["rules"]
    assert any(
        rule["steps"] == [{"intent": SOMETHING_ELSE}, {"action": "action_something_else"}]
        for rule in rules
    )


def test_not_a_topic_covers_every_reply_and_small_talk_intent(domain: dict[str, Any]) -> None:
    for intent in ("affirm", "deny", "inform", "greet", "goodbye", "thank", "out_of_scope"):
        assert intent in NOT_A_TOPIC
        assert intent in domain["intents"]
    assert {"nlu_fallback", "safeguarding_risk"} <= NOT_A_TOPIC


# Two worries in one message


def answer(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    text: str,
    intent: str,
    ranking: list[dict[str, Any]],
) -> None:
    tracker = make_tracker(text, intent)
    tracker.latest_message["intent_ranking"] = ranking
    ActionAnswerTopic().run(dispatcher, tracker, domain)


def test_two_worries_answer_the_first_and_offer_the_second(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    ranking = ranked(("ask_senco", 0.71), ("ask_friendships", 0.12), ("concern_progress", 0.05))
    answer(make_tracker, dispatcher, domain, SENCO_AND_FRIENDS, "ask_senco", ranking)

    assert texts(dispatcher)[0] == topic_reply(kb.topics["senco"])
    offer = dispatcher.messages[-1]
    assert offer["response"] == "utter_also_mentioned"
    assert offer["topic"] == kb.topics["friendships"].title
    assert offer["buttons"] == [
        {"title": kb.topics["friendships"].title, "payload": "/ask_friendships"}
    ]
    assert domain["responses"]["utter_also_mentioned"][0]["text"].startswith(
        "You also mentioned: {topic}."
    )


def test_a_second_topic_diet_barely_ranks_is_still_offered_when_its_sentence_is_clear(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    # a confident DIET gives the second topic almost nothing; the sentence itself decides
    ranking = ranked(("ask_senco", 0.99), ("ask_friendships", 0.001))
    answer(make_tracker, dispatcher, domain, SENCO_AND_FRIENDS, "ask_senco", ranking)

    assert dispatcher.messages[-1]["buttons"] == [
        {"title": KB_TITLES["friendships"], "payload": "/ask_friendships"}
    ]


def test_one_worry_in_two_sentences_gets_no_second_offer(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ranking = ranked(("ask_senco", 0.8), ("ask_friendships", 0.05), ("ask_local_support", 0.05))
    answer(make_tracker, dispatcher, domain, ONE_WORRY_TWO_SENTENCES, "ask_senco", ranking)

    assert "utter_also_mentioned" not in responses(dispatcher)


def test_a_crisis_sentence_among_two_worries_gets_the_crisis_contacts_first(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    text = (
        "who is the senco and how do i get hold of them. my son said he wants to kill himself "
        "last night. also he has no friends at break time and plays on his own"
    )
    ranking = ranked(("ask_senco", 0.6), ("ask_friendships", 0.15))
    answer(make_tracker, dispatcher, domain, text, "ask_senco", ranking)

    assert texts(dispatcher)[0] == safeguarding_message(kb.safeguarding)
    assert texts(dispatcher)[1] == topic_reply(kb.topics["senco"])


def test_a_pressed_button_is_never_read_for_a_second_worry(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ranking = ranked(("ask_friendships", 1.0))
    answer(make_tracker, dispatcher, domain, "/ask_friendships", "ask_friendships", ranking)

    assert "utter_also_mentioned" not in responses(dispatcher)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("is he on the sen register", ["is he on the sen register"]),
        (
            "how often should we meet the school and another thing, he hates the dinner hall",
            ["how often should we meet the school", "he hates the dinner hall"],
        ),
        ("what is an iep. ok thanks", ["what is an iep ok thanks"]),
    ],
)
def test_a_message_is_cut_where_a_worry_may_end(text: str, parts: list[str]) -> None:
    assert split_parts(text) == parts


def test_a_one_part_message_is_not_searched_for_a_second_worry() -> None:
    assert second_worry("is he on the sen register", "ask_sen_register") is None


def test_unsure_because_of_two_worries_answers_the_first_and_offers_the_second(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    # DIET's top two close together: the FallbackClassifier's "not sure"
    ranking = ranked(("ask_friendships", 0.33), ("ask_senco", 0.31), ("concern_progress", 0.1))
    tracker = unsure(make_tracker, SENCO_AND_FRIENDS, ranking)
    ActionKindFallback().run(dispatcher, tracker, domain)

    assert texts(dispatcher)[0] == topic_reply(kb.topics["senco"]), "the first one written"
    offer = dispatcher.messages[-1]
    assert offer["response"] == "utter_also_mentioned"
    assert offer["buttons"] == [
        {"title": kb.topics["friendships"].title, "payload": "/ask_friendships"}
    ]
    assert "utter_did_you_mean" not in responses(dispatcher)


def test_unsure_with_one_worry_in_two_sentences_still_asks_did_you_mean(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ranking = ranked(("ask_senco", 0.33), ("ask_friendships", 0.31))
    tracker = unsure(make_tracker, ONE_WORRY_TWO_SENTENCES, ranking)
    ActionKindFallback().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_did_you_mean"]


def did_you_mean_event() -> dict[str, Any]:
    buttons = [{"title": "Something else", "payload": f"/{SOMETHING_ELSE}"}]
    return {"event": "bot", "text": "Did you mean one of these?", "data": {"buttons": buttons}}


def test_none_of_those_typed_after_the_guesses_asks_for_other_words(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("none of those are right", SOMETHING_ELSE)
    tracker.events = [
        user_event("the thing with the plan", "nlu_fallback"),
        did_you_mean_event(),
        {"event": "user", "parse_data": tracker.latest_message},
    ]
    ActionSomethingElse().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_something_else"]


def test_vague_words_read_as_something_else_with_nothing_offered_get_guesses(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("the school plan thing", SOMETHING_ELSE)
    tracker.latest_message["intent_ranking"] = ranked(
        (SOMETHING_ELSE, 0.6), ("ask_support_plan", 0.2), ("ask_meeting_frequency", 0.1)
    )
    ActionSomethingElse().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_did_you_mean"]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles[:2] == [kb.topics["support_plan"].title, kb.topics["meeting_frequency"].title]
