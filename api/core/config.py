"""Settings, read from environment variables (and an optional `.env` file) by pydantic-settings.

Every setting is documented in `.env.example` at the repository root.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = REPO_ROOT / "var"

# Values that ship in examples; a deployment that still uses one has forgotten to set a secret.
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "development-only-secret"})
DEVELOPMENT_SECRET = "development-only-secret"  # noqa: S105 (refused outside development)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    environment: Literal["development", "test", "staging", "production"] = "development"
    secret_key: str = DEVELOPMENT_SECRET

    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_connect_timeout: float = 3.0
    rasa_read_timeout: float = 30.0
    probe_timeout: float = 2.0

    database_url: str = f"sqlite:///{VAR_DIR / 'api.db'}"
    tracker_db: Path | None = VAR_DIR / "tracker.db"
    tracker_store_url: str | None = None
    council_config: Path | None = None
    bot_domain: Path = REPO_ROOT / "bot" / "domain.yml"

    retention_days: int = Field(default=30, ge=1)
    retention_interval_seconds: float = Field(default=3600.0, gt=0)
    spool_dir: Path = VAR_DIR / "spool"
    spool_replay_seconds: float = Field(default=15.0, gt=0)

    redis_url: str | None = None
    redis_prefix: str = "sen-guide"
    rate_limit_client_per_minute: int = Field(default=120, ge=1)
    rate_limit_session_per_minute: int = Field(default=20, ge=1)
    trusted_proxy_hops: int = Field(default=0, ge=0)

    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_message_chars: int = Field(default=1000, ge=1)
    max_body_bytes: int = Field(default=16_384, ge=256)

    log_level: str = "INFO"
    # Prometheus scrapes /metrics with "Authorization: Bearer <token>". Without a token the
    # endpoint is open in development and test, and hidden (404) in staging and production.
    metrics_token: str | None = None

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def refuse_placeholder_secrets(self) -> Settings:
        # Development and test runs (the local stack, CI) may use the built-in placeholder.
        if self.deployed and self.secret_key.strip() in PLACEHOLDER_SECRETS:
            raise ValueError(
                f"SECRET_KEY must be set to a real secret when ENVIRONMENT={self.environment}"
            )
        return self

    @property
    def deployed(self) -> bool:
        return self.environment in {"staging", "production"}

    @property
    def tracker_store(self) -> str | None:
        """SQLAlchemy URL of Rasa's tracker store, if the API should keep it in step."""
        if self.tracker_store_url:
            return self.tracker_store_url
        if self.tracker_db is not None:
            return f"sqlite:///{self.tracker_db}"
        return None


@lru_cache
def get_settings() -> Settings:
    return Settings()
