"""The console's triage and the assistant's triage give the same recommendation for the same
answers, for every combination of answers.

The assistant's side is the real action (`ActionEhcRecommendation` in bot/actions/), run in the
bot's Python 3.10 environment with rasa-sdk's own Tracker and CollectingDispatcher; the console's
side is the real endpoint. The answer values are also checked against the assistant's buttons,
so a parent pressing "Not sure" and an adviser ticking "Not sure" mean the same thing.
The complaint step and the suggested questions are compared with the assistant's actions too.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

from adviser_support import ANSWERS
from fastapi.testclient import TestClient

from knowledge import load_knowledge, question_buttons
from knowledge.triage import ANSWERS as YES_NO_NOT_SURE
from knowledge.triage import PROGRESS, REVIEW_CYCLES

ROOT = Path(__file__).resolve().parents[2]
BOT_PYTHON = ROOT / ".venv-bot" / "bin" / "python"
EHC_CHOICES: dict[str, tuple[str, ...]] = {
    "on_sen_support": YES_NO_NOT_SURE,
    "has_support_plan": YES_NO_NOT_SURE,
    "review_cycles": REVIEW_CYCLES,
    "specialists_involved": YES_NO_NOT_SURE,
    "progress": PROGRESS,
}
# The `age` slot holds the parent's words; the action reads the number out of them.
AGES: tuple[tuple[int | None, str | None], ...] = (
    (None, None),
    (9, "9"),
    (17, "17 year old"),
    (25, "25"),
)

# Runs one of the assistant's actions on trackers with the given slots and events; prints the
# first message of each run.
RUN_BOT_ACTION = """
import importlib, json, sys
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

module, name, form = sys.argv[1], sys.argv[2], sys.argv[3]
action = getattr(importlib.import_module(module), name)()
replies = []
for run in json.load(sys.stdin):
    tracker = Tracker("console-parity", run["slots"], {}, run["events"], False, None, None, form)
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    replies.append(dispatcher.messages[0]["text"])
json.dump(replies, sys.stdout)
"""


def run_bot_action(
    action: str, form: str, slots: list[dict[str, Any]], events: list[list[Any]] | None = None
) -> list[str]:
    module, name = action.rsplit(".", 1)
    runs = [
        {"slots": slot_values, "events": events[n] if events else []}
        for n, slot_values in enumerate(slots)
    ]
    result = subprocess.run(
        [str(BOT_PYTHON), "-c", RUN_BOT_ACTION, module, name, form],
        input=json.dumps(runs),
        capture_output=True,
        text=True,
        cwd=ROOT / "bot",
        env=os.environ | {"PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bot'}"},
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    replies: list[str] = json.loads(result.stdout)
    return replies


def every_combination() -> list[dict[str, Any]]:
    combos = itertools.product(*EHC_CHOICES.values())
    return [
        dict(zip(EHC_CHOICES, values, strict=True)) | {"age": AGES[index % len(AGES)]}
        for index, values in enumerate(combos)
    ]


def assistant_replies(combinations: list[dict[str, Any]]) -> list[str]:
    slots = [
        {key: value for key, value in combo.items() if key != "age"} | {"age": combo["age"][1]}
        for combo in combinations
    ]
    return run_bot_action("actions.ehc_triage.ActionEhcRecommendation", "ehc_triage_form", slots)


def test_console_and_assistant_recommend_the_same_for_every_combination(
    client: TestClient, csrf: str
) -> None:
    combinations = every_combination()
    assert len(combinations) == 3 * 3 * 5 * 3 * 4  # every answer of every question, "not sure" too

    replies = assistant_replies(combinations)

    for combo, reply in zip(combinations, replies, strict=True):
        answers = ANSWERS | {k: v for k, v in combo.items() if k != "age"}
        answers["age"] = combo["age"][0]
        response = client.post(
            "/api/v1/adviser/cases", json=answers, headers={"X-CSRF-Token": csrf}
        )
        assert response.status_code == 201, response.text
        recommendation = response.json()["recommendation"]
        why = "\n".join(f"- {reason['text']}" for reason in recommendation["reasons"])
        # Same step, same reasons in the same order: the assistant's reply is built from them.
        assert reply.startswith(f"**{recommendation['title']}**\n\n{recommendation['summary']}")
        assert f"**Why**\n{why}\n\n" in reply, combo


def test_assistant_buttons_send_the_values_the_console_offers(
    client: TestClient, csrf: str
) -> None:
    script = {q["id"]: q for q in client.get("/api/v1/adviser/triage/script").json()}
    forms = load_knowledge().forms  # the assistant asks its form questions from here

    for slot in EHC_CHOICES:
        buttons = question_buttons(forms.question(slot))
        payload_values = [
            re.fullmatch(r'/inform\{"(\w+)":"(\w+)"\}', button["payload"]).groups()  # type: ignore[union-attr]
            for button in buttons
        ]
        console_values = [option["value"] for option in script[slot]["options"]]
        assert payload_values == [(slot, value) for value in console_values]
        assert "not_sure" in console_values


def test_the_assistant_action_builds_its_answers_from_the_same_slots() -> None:
    # The action's slot names are the EhcAnswers fields the console fills, one for one.
    source = (ROOT / "bot" / "actions" / "ehc_triage.py").read_text(encoding="utf-8")
    for field in EHC_CHOICES:
        assert f'{field}=tracker.get_slot("{field}")' in source
    assert "triage_ehc(answers, kb.triage)" in source


def test_console_and_assistant_give_the_same_complaint_step(client: TestClient, csrf: str) -> None:
    tried = ["nothing", "teacher", "senco", "formal_complaint", "dfe"]
    replies = run_bot_action(
        "actions.complaints.ActionComplaintNextStep",
        "complaint_form",
        [{"complaint_tried": value} for value in tried],
    )

    steps = []
    for value, reply in zip(tried, replies, strict=True):
        case = ANSWERS | {"complaint_tried": value, "unhappy_with_school": "yes"}
        response = client.post("/api/v1/adviser/cases", json=case, headers={"X-CSRF-Token": csrf})
        step = response.json()["complaint_step"]
        assert reply.startswith(f"**{step['title']}**\n\n{step['what_to_do']}"), value
        steps.append(step["id"])
    assert steps == ["teacher", "senco", "formal_complaint", "dfe", "dfe"]


def test_console_and_assistant_suggest_the_same_questions(client: TestClient, csrf: str) -> None:
    # The assistant learns the worries from what the parent asked about (their intents).
    intents = {
        "progress": "concern_progress",
        "friendships": "ask_friendships",
        "ehc": "ask_ehc_assessment",
        "wellbeing": "ask_masking",
    }
    worries: list[list[str]] = [
        [],
        ["progress"],
        ["friendships"],
        ["ehc"],
        ["progress", "wellbeing"],
    ]
    stages = ["early", "on_support", "moving_to_secondary", "ehc"]
    pairs = list(itertools.product(stages, worries))
    replies = run_bot_action(
        "actions.questions.ActionSuggestQuestions",
        "questions_form",
        [{"parent_stage": stage} for stage, _ in pairs],
        [
            [
                {"event": "user", "text": "…", "parse_data": {"intent": {"name": intents[w]}}}
                for w in chosen
            ]
            for _, chosen in pairs
        ],
    )

    for (stage, chosen), reply in zip(pairs, replies, strict=True):
        case = ANSWERS | {"stage": stage, "concerns": chosen}
        response = client.post("/api/v1/adviser/cases", json=case, headers={"X-CSRF-Token": csrf})
        listed = "\n".join(f"- {q['text']}" for q in response.json()["questions"])
        assert reply.startswith(f"You could ask the school:\n{listed}\n\n"), (stage, chosen)
