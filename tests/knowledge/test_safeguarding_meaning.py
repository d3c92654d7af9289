"""The safety net by meaning: risk told in everyday words, that no phrase lists, is caught; the
ordinary worried-parent messages that share its words are not; and the blind set meets its
targets (recall 100% on explicit messages, at least 95% overall, at most 2% false alarms)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.safeguarding_eval import SETS, TARGET_RECALL, load_cases, score
from knowledge import Knowledge, detect_risk, load_knowledge
from knowledge.errors import ContentError
from knowledge.loader import CONTENT_DIR
from knowledge.safeguarding import meaning_units
from semantic.crisis import find_risk, meaning_risk

ROOT = Path(__file__).resolve().parents[2]

# (kind, words no phrase pattern lists, the group of crisis examples they are nearest to)
EVERYDAY_CRISIS = [
    ("hopelessness", "my son says he is tired of being alive", "hopelessness"),
    ("hopelessness", "he says the world would be better without him in it", "hopelessness"),
    ("hopelessness", "I found a rope hidden under his bed", "hopelessness"),
    ("self-injury", "she keeps burning her arm with matches", "self_injury"),
    ("harm by an adult", "his football coach asks him to keep secrets and buys him presents",
     "harm_by_adult"),
    ("harm by an adult", "my son has bruises on his back and says his dad did it", "harm_by_adult"),
    ("online", "a man on roblox asked my son to send videos of himself", "online_harm"),
    ("online", "someone on instagram is threatening to post her photos if she doesn't send more",
     "online_harm"),
    ("running away", "he disappeared after an argument and his phone is switched off",
     "running_away"),
    ("running away", "my son ran off at 11pm and isn't answering", "running_away"),
    ("parent who cannot go on", "I keep thinking the kids would be better off if I wasn't here",
     "parent_in_crisis"),
    ("parent who cannot go on", "sometimes I think about swerving off the motorway",
     "parent_in_crisis"),
    ("misspelt", "my sun says ther is no point livin", "hopelessness"),
]  # fmt: skip

# Worried-parent messages that share words with the crisis examples and carry no risk.
LOOK_ALIKES = [
    "he says there's no point in doing homework",
    "I'm completely exhausted by the EHCP process",
    "I don't know how much longer I can keep fighting the school for support",
    "she cries every day at drop off",
    "he runs off at the park and doesn't come when called",
    "she is on her phone all the time",
    "someone said something nasty to her on whatsapp",
    "the school restrains him and I want to know their policy",
    "my son hits other kids when they touch his things, the school called me",
    "he was kicked by another child at football and has a bruise",
    "I could throttle the caseworker, she lost our forms again",
    "he's nailing his spellings this term",
    "she climbs out of her cot at night",
    "his PE kit has gone missing",
]

ORDINARY_SENTENCES = [
    "We have the annual review next Tuesday.",
    "The SENCO says the plan is being updated.",
    "Can you tell me what I should ask about speech therapy?",
    "He is in year 4 and has dyslexia.",
]


@pytest.mark.parametrize(("kind", "message", "group"), EVERYDAY_CRISIS)
def test_risk_in_everyday_words_is_caught_by_meaning(
    kind: str, message: str, group: str, knowledge: Knowledge
) -> None:
    assert detect_risk(message, knowledge.safeguarding) is None, (
        "a phrase catches this: not a meaning test"
    )
    match = find_risk(message, knowledge)
    assert match is not None, f"missed ({kind}): {message!r}"
    assert match.group == group
    assert match.similarity is not None
    examples = {g.name: g.examples for g in knowledge.safeguarding.meaning.groups}
    assert match.pattern in examples[group]


@pytest.mark.parametrize("message", LOOK_ALIKES)
def test_an_ordinary_message_that_shares_crisis_words_is_not_caught(
    message: str, knowledge: Knowledge
) -> None:
    assert find_risk(message, knowledge) is None


def test_a_phrase_is_still_caught_first_and_named(knowledge: Knowledge) -> None:
    match = find_risk("My son says he wants to die.", knowledge)
    assert match is not None
    assert (match.category, match.phrase, match.group) == ("suicide", "wants to die", None)


@settings(max_examples=15, deadline=None)
@given(
    crisis=st.sampled_from([message for _, message, _ in EVERYDAY_CRISIS]),
    before=st.lists(st.sampled_from(ORDINARY_SENTENCES), min_size=1, max_size=3),
    after=st.lists(st.sampled_from(ORDINARY_SENTENCES), max_size=3),
)
def test_property_one_crisis_sentence_in_a_long_message_is_caught(
    crisis: str, before: list[str], after: list[str]
) -> None:
    message = " ".join([*before, f"{crisis}.", *after])
    assert find_risk(message, load_knowledge()) is not None


@pytest.mark.parametrize(
    "message",
    [
        # one run-on sentence, no full stops, the crisis a clause in the middle
        "the school wont do the annual review on time and the senco never answers emails and "
        "last night he told me he wants to go to sleep for ever and the ehcp still says nothing "
        "about speech therapy",
        "I want to ask about transport, someone online has been asking my daughter for photos, "
        "also the taxi is late every day",
    ],
)
def test_a_crisis_clause_in_a_run_on_sentence_is_caught(message: str, knowledge: Knowledge) -> None:
    assert detect_risk(message, knowledge.safeguarding) is None
    assert meaning_risk(message, knowledge) is not None


def test_the_message_is_checked_sentence_by_sentence_and_clause_by_clause(
    knowledge: Knowledge,
) -> None:
    units = meaning_units(
        "We moved in September. He sed he is scared of his stepdad, and he cries at night. Ok",
        knowledge.safeguarding,
    )
    assert units == (
        "We moved in September",
        "He said he is scared of his stepdad, and he cries at night",
        "He said he is scared of his stepdad",  # typo fixed, 7 words
        # "he cries at night" (4 words) is too short once cut from its sentence; "Ok" too
    )


def test_button_payloads_are_not_compared(knowledge: Knowledge) -> None:
    assert meaning_units('/inform{"progress": "little_or_none"}', knowledge.safeguarding) == ()


@pytest.mark.parametrize("name", ["unseen", "tuning", "regression"])
def test_each_set_meets_the_targets(name: str, knowledge: Knowledge) -> None:
    # unseen: the blind set (never tuned on); tuning: the set the thresholds were set on, kept
    # as a regression set; regression: the phrase patterns' own set
    result = score(load_cases(SETS[name]), lambda text: find_risk(text, knowledge) is not None)
    caught, total = result.recall()
    assert result.caught.get("explicit", 0) == result.total.get("explicit", 0), result.misses
    assert caught >= TARGET_RECALL * total, [case.text for case in result.misses]
    assert result.meets_targets(), result.summary()


def test_the_blind_set_is_as_large_as_the_issue_asks() -> None:
    cases = load_cases(SETS["unseen"])
    assert sum(case.crisis for case in cases) >= 60
    assert sum(not case.crisis for case in cases) >= 100


def _content_copy(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    data = yaml.safe_load((copy / "safeguarding.yml").read_text(encoding="utf-8"))
    return copy, data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda m: m["groups"][0].update(category="sadness"), "unknown category 'sadness'"),
        (lambda m: m["groups"][0].update(threshold=1.5), "expected a number from 0 to 1"),
        (lambda m: m.update(margin="wide"), "expected a number from 0 to 1"),
        (lambda m: m.update(min_clause_words=0), "expected a whole number of at least 1"),
        (lambda m: m["groups"][1].update(name=m["groups"][0]["name"]), "the same name"),
    ],
)
def test_bad_meaning_settings_name_the_file_and_field(
    change: object, problem: str, tmp_path: Path
) -> None:
    copy, data = _content_copy(tmp_path)
    assert callable(change)
    change(data["meaning"])
    (copy / "safeguarding.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError, match=r"safeguarding\.yml: meaning") as error:
        load_knowledge(content_dir=copy)
    assert problem in str(error.value)


def test_a_bad_model_confidence_names_the_field(tmp_path: Path) -> None:
    copy, data = _content_copy(tmp_path)
    data["model_alone_confidence"] = 99
    (copy / "safeguarding.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError, match=r"safeguarding\.yml: model_alone_confidence"):
        load_knowledge(content_dir=copy)


def test_nothing_is_encoded_at_import() -> None:
    # rasa-sdk imports every actions module when it starts; the API imports the check too
    probe = (
        "import semantic.crisis, semantic.encoder, api.core.content\n"
        "assert semantic.encoder.default_encoder.cache_info().currsize == 0\n"
        "assert semantic.crisis._encoded_examples.cache_info().currsize == 0\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_example_vectors_are_kept_for_the_next_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    import semantic.crisis

    monkeypatch.setattr(semantic.crisis, "CACHE_DIR", tmp_path)
    texts = ["she says there is no point in anything any more", "he hates going to school"]
    encoded = semantic.crisis._kept_vectors("crisis", texts)
    (kept,) = tmp_path.glob("safeguarding-crisis-*.npy")
    assert np.array_equal(np.load(kept), encoded)
    # other words, another file: a changed example is never read from a stale cache
    semantic.crisis._kept_vectors("crisis", texts[:1])
    assert len(list(tmp_path.glob("safeguarding-crisis-*.npy"))) == 2
    assert np.array_equal(semantic.crisis._kept_vectors("crisis", texts), encoded)
