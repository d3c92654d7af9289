"""Loading: cached per council file, chosen by argument or COUNCIL_CONFIG, checked from the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import knowledge as kb
from knowledge import Knowledge, load_knowledge
from knowledge.council import DEFAULT_COUNCIL_CONFIG
from knowledge.errors import CouncilConfigError

ROOT = Path(__file__).resolve().parents[2]
BOT_PYTHON = ROOT / ".venv-bot" / "bin" / "python"


def run_check(
    python: Path | str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "knowledge", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_public_surface_matches_the_team_contract() -> None:
    for name in (
        "load_knowledge",
        "Knowledge",
        "Topic",
        "Source",
        "EhcAnswers",
        "Answer",
        "triage_ehc",
        "Recommendation",
        "next_complaint_step",
        "suggest_questions",
        "detect_risk",
        "emergency_contacts",
        "KnowledgeError",
        "ContentError",
        "CouncilConfigError",
        "safeguarding_message",
        "topic_reply",
        # the statutory clock (knowledge.clock)
        "Milestone",
        "WorkingDays",
        "after_request",
        "draft_plan",
        "annual_review",
        "phase_transfer",
        "appeal_deadline",
        "after_decision_letter",
    ):
        assert name in kb.__all__
        assert hasattr(kb, name)


def test_loading_is_cached_per_council_file(
    write_council: Callable[[object], Path], example_council: dict[str, object]
) -> None:
    first = load_knowledge(DEFAULT_COUNCIL_CONFIG)
    assert load_knowledge(str(DEFAULT_COUNCIL_CONFIG)) is first
    other = load_knowledge(write_council(example_council))
    assert other is not first
    assert other.council.name == first.council.name


def test_council_config_env_var_chooses_the_council(
    monkeypatch: pytest.MonkeyPatch,
    write_council: Callable[[object], Path],
    example_council: dict[str, object],
) -> None:
    council = dict(example_council["council"])  # type: ignore[call-overload]
    council["name"] = "Testshire Council"
    path = write_council({**example_council, "council": council})
    monkeypatch.setenv("COUNCIL_CONFIG", str(path))
    assert load_knowledge().council.name == "Testshire Council"
    monkeypatch.delenv("COUNCIL_CONFIG")
    assert load_knowledge().council.name == "Example County Council"


def test_importing_reads_no_files() -> None:
    # rasa-sdk imports every actions module at start; the knowledge base must load lazily.
    code = (
        "import pathlib\n"
        "opened = []\n"
        "real = pathlib.Path.read_text\n"
        "pathlib.Path.read_text = lambda p, *a, **k: opened.append(p) or real(p, *a, **k)\n"
        "import knowledge\n"
        "assert opened == [], opened\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_knowledge_is_read_only(knowledge: Knowledge) -> None:
    with pytest.raises(TypeError):
        knowledge.topics["sen_support"] = knowledge.topics["senco"]  # type: ignore[index]


def test_check_passes_on_the_shipped_content() -> None:
    result = run_check(sys.executable, "check")
    assert result.returncode == 0, result.stderr
    assert "knowledge OK" in result.stdout
    assert "Example County Council" in result.stdout


def test_check_runs_under_the_bot_python_3_10() -> None:
    result = run_check(BOT_PYTHON, "check")
    assert result.returncode == 0, result.stderr
    assert "knowledge OK" in result.stdout


def test_check_fails_with_a_clear_message_for_a_broken_council_file(
    write_council: Callable[[object], Path], example_council: dict[str, object]
) -> None:
    path = write_council({**example_council, "advice_service": "nobody"})
    result = run_check(sys.executable, "check", env={"COUNCIL_CONFIG": str(path)})
    assert result.returncode == 1
    assert str(path) in result.stderr
    assert "advice_service: 'nobody' is not the id of a service" in result.stderr


def test_show_prints_a_topic_as_parents_see_it() -> None:
    result = run_check(sys.executable, "show", "senco")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The **SENCO** is the teacher in charge")
    assert "Source: " in result.stdout
    unknown = run_check(sys.executable, "show", "no_such_topic")
    assert unknown.returncode == 2
    assert "no topic 'no_such_topic'" in unknown.stderr


def test_a_missing_council_file_is_a_council_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yml"
    with pytest.raises(CouncilConfigError, match=r"nowhere\.yml: file not found"):
        load_knowledge(missing)
