"""The process contract's fixed files say what the rest of the stack relies on."""

from __future__ import annotations

from typing import Any

import yaml
from channels.whole_messages import WholeMessagesRestInput

from knowledge import ENTITY_LABELS
from tests.bot.conftest import BOT


def _load(name: str) -> Any:
    return yaml.safe_load((BOT / name).read_text(encoding="utf-8"))


def test_endpoints_use_the_sqlite_tracker_store_and_in_memory_lock_store() -> None:
    endpoints = _load("endpoints.yml")
    assert endpoints["action_endpoint"]["url"] == "${ACTION_ENDPOINT_URL}"
    assert endpoints["tracker_store"] == {
        "type": "tracker_store.ErasureAwareSQLTrackerStore",  # Rasa's SQL store, erasure-aware
        "dialect": "sqlite",
        "db": "${TRACKER_DB}",
        "erased_ids_db": "${DATABASE_URL}",
    }
    assert endpoints["lock_store"] == {"type": "in_memory"}


def test_only_the_rest_channel_is_open() -> None:
    # ours: Rasa's REST channel at the same address, each reply kept whole
    assert list(_load("credentials.yml")) == ["channels.whole_messages.WholeMessagesRestInput"]
    assert WholeMessagesRestInput.name() == "rest"  # /webhooks/rest/webhook


def test_pipeline_is_our_spacy_pipeline_with_reproducible_diet() -> None:
    config = _load("config.yml")
    names = [component["name"] for component in config["pipeline"]]
    assert names == [
        "SpacyNLP",
        "SpacyTokenizer",
        "SpacyEntityExtractor",
        "CountVectorsFeaturizer",
        "CountVectorsFeaturizer",
        # the meaning of the whole message (bot/nlp/sentence_featurizer.py), next to its words
        "nlp.sentence_featurizer.SentenceFeaturizer",
        "DIETClassifier",
        "EntitySynonymMapper",
        "FallbackClassifier",
    ]
    assert config["pipeline"][0]["model"] == ".spacy/en_sen_guide"
    diet = config["pipeline"][names.index("DIETClassifier")]
    assert isinstance(diet["random_seed"], int)
    ted = next(p for p in config["policies"] if p["name"] == "TEDPolicy")
    assert isinstance(ted["random_seed"], int)


def test_sessions_expire_without_carrying_slots_over() -> None:
    session = _load("domain.yml")["session_config"]
    assert session["carry_over_slots_to_new_session"] is False
    assert 0 < session["session_expiration_time"] <= 120


def test_the_domain_declares_every_entity_label_the_knowledge_finds() -> None:
    # The labels are defined once, in knowledge/glossary.py; the domain (YAML) must list them.
    assert set(ENTITY_LABELS) <= set(_load("domain.yml")["entities"])
