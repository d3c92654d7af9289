"""The process contract's fixed files say what the rest of the stack relies on."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
import yaml
from bot_support import BOT
from channels.whole_messages import WholeMessagesRestInput
from rasa.core.tracker_store import SQLTrackerStore

from knowledge import ENTITY_LABELS
from scripts.stack import Stack

MAKEFILE = BOT.parent / "Makefile"


def _load(name: str) -> Any:
    return yaml.safe_load((BOT / name).read_text(encoding="utf-8"))


def test_every_variable_in_the_endpoints_is_set_by_the_process_manager(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Rasa substitutes ${VAR} from its environment; one it lacks breaks the stack at start.
    def values(node: Any) -> list[str]:
        if isinstance(node, dict):
            return [v for child in node.values() for v in values(child)]
        return [node] if isinstance(node, str) else []

    wanted = {m for v in values(_load("endpoints.yml")) for m in re.findall(r"\$\{(\w+)\}", v)}
    assert wanted
    for name in wanted:  # not inherited from whoever runs the tests
        monkeypatch.delenv(name, raising=False)
    assert wanted <= set(Stack().env)


def test_the_embedded_stores_are_the_ones_the_api_relies_on() -> None:
    endpoints = _load("endpoints.yml")
    # SPEC: an in-memory lock store embedded (the API keeps one request in flight itself)
    assert endpoints["lock_store"]["type"] == "in_memory"
    # erasure relies on a tracker store that refuses conversations the parent erased
    module, _, name = endpoints["tracker_store"]["type"].rpartition(".")
    store = getattr(importlib.import_module(module), name)
    assert issubclass(store, SQLTrackerStore)
    assert store is not SQLTrackerStore


def test_only_the_rest_channel_is_open() -> None:
    # ours: Rasa's REST channel at the same address, each reply kept whole
    assert list(_load("credentials.yml")) == ["channels.whole_messages.WholeMessagesRestInput"]
    assert WholeMessagesRestInput.name() == "rest"  # /webhooks/rest/webhook


def test_the_pipeline_uses_the_spacy_model_make_builds_and_is_seeded() -> None:
    config = _load("config.yml")
    spacy_nlp = next(c for c in config["pipeline"] if c["name"] == "SpacyNLP")
    built = re.search(r"^SPACY_PIPELINE := bot/(\S+)$", MAKEFILE.read_text(), re.MULTILINE)
    assert built is not None
    assert spacy_nlp["model"] == built.group(1)
    # our own components are importable from bot/, as Rasa finds them
    for component in config["pipeline"]:
        module, _, name = component["name"].rpartition(".")
        if module:
            assert hasattr(importlib.import_module(module), name), component["name"]
    # training twice gives the same model
    classifier = next(c for c in config["pipeline"] if c["name"].endswith("IntentClassifier"))
    ted = next(p for p in config["policies"] if p["name"] == "TEDPolicy")
    assert isinstance(classifier["random_seed"], int)
    assert isinstance(ted["random_seed"], int)


def test_sessions_expire_without_carrying_slots_over() -> None:
    session = _load("domain.yml")["session_config"]
    assert session["carry_over_slots_to_new_session"] is False
    assert 0 < session["session_expiration_time"] <= 120


def test_the_domain_declares_every_entity_label_the_knowledge_finds() -> None:
    # The labels are defined once, in knowledge/glossary.py; the domain (YAML) must list them.
    assert set(ENTITY_LABELS) <= set(_load("domain.yml")["entities"])
