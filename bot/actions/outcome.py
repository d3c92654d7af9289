"""The turn outcome an action attaches to one of its messages, for the API.

An action passes one of these as `json_message` to the `utter_message` call of the message it
concerns (the crisis contacts, a triage recommendation). The REST channel keeps the payload on
that message and adds the turn's intent and confidence (bot/channels/whole_messages.py); the API
reads it from the reply and never shows it to the parent (api/core/rasa.py). SPEC.md, "Turn
outcome", is the contract. This module imports no other action module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OUTCOME_KEY = "outcome"


def safeguarding_outcome() -> dict[str, Any]:
    """For the message that gives the crisis contacts."""
    return {OUTCOME_KEY: {"safeguarding": True}}


def triage_outcome(kind: str, answers: Mapping[str, Any], recommendation: str) -> dict[str, Any]:
    """For the message that gives a triage's recommendation: the answers it was run on (the
    facts the form gathered) and the recommendation's code."""
    result = {"kind": kind, "answers": dict(answers), "recommendation": recommendation}
    return {OUTCOME_KEY: {"triage": [result]}}
