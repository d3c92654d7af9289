"""Settings come from the environment and refuse placeholder secrets where it matters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.core.config import Settings


@pytest.mark.parametrize("environment", ["staging", "production"])
@pytest.mark.parametrize("secret", ["change-me", "development-only-secret", "", "  secret "])
def test_deployed_environments_refuse_placeholder_secrets(
    monkeypatch: pytest.MonkeyPatch, environment: str, secret: str
) -> None:
    monkeypatch.setenv("ENVIRONMENT", environment)
    monkeypatch.setenv("SECRET_KEY", secret)

    with pytest.raises(ValidationError, match="SECRET_KEY must be set to a real secret"):
        Settings()


def test_a_real_secret_and_origins_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "k3Jq9-long-random-value-from-the-vault")
    monkeypatch.setenv(
        "ALLOWED_ORIGINS", "https://www.kent.gov.uk/, https://www.example-council.gov.uk"
    )
    monkeypatch.setenv("RETENTION_DAYS", "14")

    settings = Settings()

    assert settings.allowed_origins == [
        "https://www.kent.gov.uk",
        "https://www.example-council.gov.uk",
    ]
    assert settings.retention_days == 14


def test_tracker_store_url_wins_over_the_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB", "/srv/tracker.db")
    assert Settings().tracker_store == "sqlite:////srv/tracker.db"

    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql+psycopg://rasa@db/tracker")
    assert Settings().tracker_store == "postgresql+psycopg://rasa@db/tracker"


def test_every_setting_is_documented_in_env_example() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))

    assert {name.upper() for name in Settings.model_fields} <= documented
