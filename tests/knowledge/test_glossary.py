"""The glossary feeds the bot: spaCy EntityRuler patterns and Rasa NLU synonyms."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from knowledge import ENTITY_LABELS, Knowledge

ROOT = Path(__file__).resolve().parents[2]
BOT_PYTHON = ROOT / ".venv-bot" / "bin" / "python"


@pytest.mark.parametrize(
    ("canonical", "spellings"),
    [
        ("SENCO", ["SENDCo", "SENCo", "sendco", "senko"]),
        ("EHC plan", ["EHCP", "education health and care plan", "ehcps"]),
        (
            "SEN support plan",
            ["IEP", "ISP", "individual education plan", "individual support plan"],
        ),
        ("educational psychologist", ["EP", "ed psych", "educational phycologist"]),
        ("speech and language therapist", ["SALT", "SLT", "speech therapist", "speach therapist"]),
    ],
)
def test_synonyms_and_misspellings_map_to_one_value(
    canonical: str, spellings: list[str], knowledge: Knowledge
) -> None:
    synonyms = knowledge.nlu_synonyms()
    assert set(spellings) <= set(synonyms[canonical])


def test_every_label_has_patterns_and_no_unknown_label(knowledge: Knowledge) -> None:
    patterns = knowledge.entity_patterns()
    labels = {p["label"] for p in patterns}
    assert labels == set(ENTITY_LABELS)
    keys = [(p["label"], json.dumps(p["pattern"])) for p in patterns]
    assert len(keys) == len(set(keys)), "duplicate patterns"


def test_every_term_explains_itself_and_links_to_real_topics(knowledge: Knowledge) -> None:
    for term in knowledge.glossary.terms:
        assert term.definition
        assert term.topic is None or term.topic in knowledge.topics


def test_patterns_find_entities_in_a_real_spacy_pipeline(knowledge: Knowledge) -> None:
    # spaCy lives in the bot's Python 3.10 environment: build a blank English pipeline there,
    # as bot/nlp/build_pipeline.py does, and run the real EntityRuler over parent messages.
    script = """
import json, sys, spacy
nlp = spacy.blank("en")
nlp.initialize()
ruler = nlp.add_pipe("entity_ruler")
ruler.add_patterns(json.load(sys.stdin))
texts = [
    "my 7-year-old has autism and the SENDCo wont return my calls",
    "shes in year 6 and has an IEP but no EHCP yet",
    "the salt and the ed psych both saw him, he is aged 12 and at secondary",
]
print(json.dumps([[(e.text, e.label_, e.ent_id_) for e in nlp(t).ents] for t in texts]))
"""
    result = subprocess.run(
        [str(BOT_PYTHON), "-c", script],
        input=json.dumps(knowledge.entity_patterns()),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = [
        {(text, label, ent_id) for text, label, ent_id in ents}
        for ents in json.loads(result.stdout)
    ]
    assert found[0] == {
        ("7-year-old", "age", "age"),
        ("autism", "area_of_need", "communication and interaction"),
        ("SENDCo", "professional", "SENCO"),
    }
    assert found[1] == {
        ("year 6", "school_stage", "school year"),
        ("IEP", "support_level", "SEN support plan"),
        ("EHCP", "support_level", "EHC plan"),
    }
    assert found[2] == {
        ("salt", "professional", "speech and language therapist"),
        ("ed psych", "professional", "educational psychologist"),
        ("aged 12", "age", "age"),
        ("secondary", "school_stage", "secondary school"),
    }


def test_changing_returned_patterns_leaves_the_glossary_alone(knowledge: Knowledge) -> None:
    first = knowledge.entity_patterns()
    for pattern in first:
        pattern["pattern"].clear()  # type: ignore[attr-defined]
    assert all(p["pattern"] for p in knowledge.entity_patterns())
