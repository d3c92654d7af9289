"""The scripted triage: questions from knowledge/, the outcome, and the stored case summary."""

from __future__ import annotations

from typing import Any

from adviser_support import ANSWERS, sign_in
from fastapi.testclient import TestClient

from api.adviser.accounts import create_adviser
from api.core.config import Settings
from api.core.db import Database
from knowledge import load_knowledge

CASE = ANSWERS | {
    "reference": "IASK-2026/0042",
    "situation": "Mum says reading is stuck. Call her on 07700 900123 or mum@example.com.",
}


def post_case(client: TestClient, csrf: str, **changes: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/adviser/cases", json=CASE | changes, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_the_script_asks_the_assistants_questions_in_order_and_allows_not_sure(
    client: TestClient, csrf: str
) -> None:
    knowledge = load_knowledge()
    script = client.get("/api/v1/adviser/triage/script").json()

    ids = [question["id"] for question in script]
    assert ids == [
        "stage",
        "on_sen_support",
        "has_support_plan",
        "review_cycles",
        "specialists_involved",
        "progress",
        "concerns",
        "complaint_tried",
        "unhappy_with_school",
        "age",
    ]
    for question in script:
        assert "not_sure" in [option["value"] for option in question["options"]], question["id"]
    by_id = {question["id"]: question for question in script}
    for field, wording in knowledge.triage.questions.items():
        assert by_id[field]["text"] == wording.text
        assert {o["value"]: o["label"] for o in by_id[field]["options"]} == dict(wording.answers)


def test_a_case_gives_the_recommendation_reasons_sources_questions_and_complaint_step(
    client: TestClient, csrf: str
) -> None:
    result = post_case(client, csrf)

    recommendation = result["recommendation"]
    assert recommendation["code"] == "consider_ehc_request"
    assert recommendation["reasons"]
    assert all(reason["sources"] for reason in recommendation["reasons"])
    assert any("Children and Families Act 2014" in s for s in recommendation["sources"])
    assert len(result["questions"]) == 6
    assert all(question["sources"] for question in result["questions"])
    # The teacher has been tried, so the next rung is the SENCO.
    assert result["complaint_step"]["id"] == "senco"
    assert result["complaint_step"]["prepare"]


def test_no_complaint_step_when_the_caller_is_happy_with_the_school(
    client: TestClient, csrf: str
) -> None:
    result = post_case(client, csrf, unhappy_with_school="no")

    assert result["complaint_step"] is None
    assert "Complaint" not in result["summary_text"]


def test_not_sure_everywhere_still_gives_a_recommendation_and_says_so(
    client: TestClient, csrf: str
) -> None:
    unsure = {key: "not_sure" for key in ANSWERS if key not in ("concerns", "age")}

    result = post_case(client, csrf, **unsure, concerns=["not_sure"], age=None)

    assert result["recommendation"]["code"] == "talk_to_senco"
    assert result["complaint_step"]["id"] == "teacher"
    assert any("not sure of their stage" in note for note in result["notes"])
    assert "What are your main worries? Choose any that fit. Not sure" in result["summary_text"]


def test_the_summary_has_every_section_in_text_and_markdown(client: TestClient, csrf: str) -> None:
    result = post_case(client, csrf)
    text, markdown = result["summary_text"], result["summary_markdown"]

    for heading in (
        "SITUATION",
        "ANSWERS",
        "RECOMMENDATION: CONSIDER ASKING FOR AN EHC NEEDS ASSESSMENT NOW",
        "QUESTIONS TO ASK THE SCHOOL",
        "COMPLAINT: NEXT STEP: TALK TO THE SENCO",
        "NEXT STEPS",
        "CONTACTS",
        "SOURCES",
    ):
        assert f"\n{heading}\n" in text
    assert markdown.startswith("# Case summary IASK-2026/0042\n")
    assert "\n## Questions to ask the school\n\n1. " in markdown
    assert "IASK adviser: Sam Patel." in text
    assert "01632 960001" in text  # the advice service's number, from the council config
    assert "**" not in text


def test_identifiers_in_the_situation_are_redacted_before_storing(
    client: TestClient, csrf: str
) -> None:
    result = post_case(client, csrf)
    stored = client.get(f"/api/v1/adviser/cases/{result['id']}").json()

    for summary in (stored["summary_text"], stored["summary_markdown"]):
        assert "07700 900123" not in summary
        assert "mum@example.com" not in summary
        assert "reading is stuck" in summary
    assert "[phone number]" in stored["summary_text"]


def test_the_situation_cannot_inject_markdown(client: TestClient, csrf: str) -> None:
    result = post_case(client, csrf, situation="# Heading [link](https://evil.example) <b>x</b>")

    assert (
        "\\# Heading \\[link\\](https://evil.example) \\<b\\>x\\</b\\>"
        in (result["summary_markdown"])
    )


def test_summaries_download_as_files(client: TestClient, csrf: str) -> None:
    result = post_case(client, csrf)

    text = client.get(f"/api/v1/adviser/cases/{result['id']}/summary.txt")
    markdown = client.get(f"/api/v1/adviser/cases/{result['id']}/summary.md")

    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert text.headers["content-disposition"] == (
        f'attachment; filename="case-{result["id"]}-summary.txt"'
    )
    assert text.text == result["summary_text"]
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert markdown.text == result["summary_markdown"]


def test_cases_are_stored_with_their_outcome_and_listed_newest_first(
    client: TestClient, csrf: str
) -> None:
    first = post_case(client, csrf, reference="A-1", progress="good")
    second = post_case(client, csrf, reference="A-2")

    listing = client.get("/api/v1/adviser/cases").json()
    stored = client.get(f"/api/v1/adviser/cases/{first['id']}").json()

    assert [(c["reference"], c["recommendation"]) for c in listing] == [
        ("A-2", "consider_ehc_request"),
        ("A-1", "talk_to_senco"),
    ]
    assert stored == first
    assert second["id"] != first["id"]


def test_another_advisers_cases_are_not_shown(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    result = post_case(client, csrf)
    database = Database(settings.database_url)
    with database.session() as db:
        create_adviser(db, "kim@iask.example", "Kim", "kims long password")
    database.dispose()
    client.cookies.clear()
    sign_in(client, "kim@iask.example", "kims long password")

    assert client.get(f"/api/v1/adviser/cases/{result['id']}").status_code == 404
    assert client.get(f"/api/v1/adviser/cases/{result['id']}/summary.md").status_code == 404
    assert client.get("/api/v1/adviser/cases").json() == []


def test_answers_outside_the_script_are_refused(client: TestClient, csrf: str) -> None:
    response = client.post(
        "/api/v1/adviser/cases",
        json=CASE | {"progress": "amazing", "stage": "year 9", "concerns": ["ghosts"]},
        headers={"X-CSRF-Token": csrf},
    )
    missing = client.post(
        "/api/v1/adviser/cases", json={"stage": "early"}, headers={"X-CSRF-Token": csrf}
    )
    bad_reference = client.post(
        "/api/v1/adviser/cases",
        json=CASE | {"reference": "<script>"},
        headers={"X-CSRF-Token": csrf},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "Invalid value for: stage, progress, concerns."
    assert missing.status_code == 422
    assert bad_reference.status_code == 422
    assert client.get("/api/v1/adviser/cases").json() == []
