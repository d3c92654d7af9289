"""The training data is the kind of data the issue asks for, and the test set stays held out."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
import yaml
from bot_support import (
    BLIND_TEST_FILES,
    BOT,
    LONG_TRAINING_FILES,
    TEST_FILE,
    TRAINING_FILES,
    examples_by_intent,
    word_edit_distance,
    words,
)

from knowledge import load_knowledge

# SPEC.md's intent contract: these names are fixed.
CONTRACT_INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "help", "concern_progress",
    "ask_what_is_sen", "ask_sen_support", "ask_sen_register", "ask_support_plan",
    "ask_graduated_approach", "ask_areas_of_need", "ask_senco", "ask_meeting_frequency",
    "ask_extra_support", "ask_outside_agencies", "ask_support_at_home", "ask_progress_check",
    "ask_no_progress", "ask_ehc_assessment", "ask_ehc_who_can_request", "ask_ehc_should_request",
    "ask_ehc_timeline", "ask_questions_to_ask", "complain", "ask_complaint_dfe", "ask_friendships",
    "ask_masking", "ask_transition_secondary", "ask_sen_funding", "ask_local_support",
    "safeguarding_risk", "out_of_scope",
}  # fmt: skip
MIN_EXAMPLES = 20
TRAINING = examples_by_intent(TRAINING_FILES)
HELD_OUT = examples_by_intent([TEST_FILE])
MESSY = examples_by_intent(BLIND_TEST_FILES)
LONG_MESSAGES = examples_by_intent(LONG_TRAINING_FILES)


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))


def test_domain_has_every_contract_intent(domain: dict[str, Any]) -> None:
    assert set(domain["intents"]) >= CONTRACT_INTENTS


def test_every_intent_has_at_least_20_training_examples(domain: dict[str, Any]) -> None:
    too_few = {i: len(TRAINING.get(i, [])) for i in domain["intents"]}
    assert {i: n for i, n in too_few.items() if n < MIN_EXAMPLES} == {}


def test_every_intent_is_in_the_held_out_set(domain: dict[str, Any]) -> None:
    assert set(HELD_OUT) == set(domain["intents"])


@pytest.mark.parametrize("test_set", ["held_out", "messy"])
def test_test_examples_are_never_trained_on(test_set: str) -> None:
    trained = {" ".join(words(e)) for examples in TRAINING.values() for e in examples}
    tested = HELD_OUT if test_set == "held_out" else MESSY
    leaked = [e for examples in tested.values() for e in examples if " ".join(words(e)) in trained]
    assert leaked == []


def test_no_long_training_message_shares_a_run_of_12_words_with_a_blind_set() -> None:
    # The long examples were written as kinds of message, never copied from the blind set;
    # parents' common phrases ("my son has been on sen support for") share up to 11 words.
    def runs(text: str) -> set[tuple[str, ...]]:
        w = words(text)
        return {tuple(w[i : i + 12]) for i in range(len(w) - 11)}

    blind = set().union(*(runs(e) for examples in MESSY.values() for e in examples))
    shared = [e for examples in LONG_MESSAGES.values() for e in examples if runs(e) & blind]
    assert shared == []


def test_the_long_examples_are_long() -> None:
    lengths = [len(words(e)) for examples in LONG_MESSAGES.values() for e in examples]
    assert len(lengths) >= 250
    assert sum(n >= 15 for n in lengths) / len(lengths) >= 0.85


@pytest.mark.parametrize("source", ["training", "held_out"])
def test_no_two_examples_of_an_intent_differ_by_one_word(source: str) -> None:
    data = TRAINING if source == "training" else HELD_OUT
    near = []
    for intent, examples in data.items():
        for a, b in combinations(examples, 2):
            wa, wb = words(a), words(b)
            # one-word replies ("yes", "yep") are different words, not templated variants
            if max(len(wa), len(wb)) >= 3 and word_edit_distance(wa, wb) <= 1:
                near.append((intent, a, b))
    assert near == []


def test_synonyms_file_matches_the_glossary() -> None:
    from bot.nlp.export_synonyms import synonyms_yaml

    committed = (BOT / "data" / "nlu" / "synonyms.yml").read_text(encoding="utf-8")
    assert committed == synonyms_yaml(load_knowledge()), "run bot/nlp/export_synonyms.py"


def test_domain_responses_hold_no_advice(domain: dict[str, Any]) -> None:
    # Advice comes from knowledge/ through actions; responses are short glue. Citing a source
    # in a response would mean content had been copied into the domain.
    for name, variants in domain["responses"].items():
        for variant in variants:
            assert "Source:" not in variant.get("text", ""), name
            assert len(variant.get("text", "")) < 600, name
