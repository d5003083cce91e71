"""The one place configuration is read: environment variables, through pydantic-settings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SQLITE = "eventsourcing.sqlite"
POSTGRES = "eventsourcing.postgres"
# Recorders whose subscriptions hand out batches; SQLite's also polls (9.5.6 has no subscribe).
SQLITE_RECORDER = "projections.batching:PollingSQLiteApplicationRecorder"
POSTGRES_RECORDER = "projections.batching:BatchPostgresApplicationRecorder"


class Settings(BaseSettings):
    """Service settings. SQLite in `var/` is the default; PostgreSQL is production."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    persistence_module: Literal["eventsourcing.sqlite", "eventsourcing.postgres"] = (
        "eventsourcing.sqlite"
    )
    sqlite_dbname: str = "var/petitions.sqlite"
    sqlite_lock_timeout: int = Field(default=5, ge=1)
    postgres_dbname: str = "petitions"
    postgres_host: str = "127.0.0.1"
    postgres_port: int = 5432
    postgres_user: str = "postgres"
    postgres_password: str = ""
    postgres_schema: str = "public"
    postgres_lock_timeout: int = Field(default=5, ge=1)
    postgres_pool_size: int = Field(default=5, ge=1)
    postgres_max_overflow: int = Field(default=10, ge=0)
    extra_days_off: str = ""
    extra_working_days: str = ""
    reference_prefix: str = Field(default="PA", pattern=r"^[A-Z]{1,6}$")
    projection_batch_size: int = Field(default=5000, ge=1, le=50_000)
    resolution_targets: str = ""  # "2024=0.85;2025:<agency uuid>=0.9"; default 0.80
    delegation_min_persons: int = Field(default=5, ge=2, le=1000)  # đoàn đông người, unconfirmed
    open311_rules: str = ""  # a JSON file of Open311 services and routing; empty: built in

    @field_validator("sqlite_dbname")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("sqlite_dbname must not be blank")
        return value

    @property
    def uses_postgres(self) -> bool:
        return self.persistence_module == POSTGRES

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment mapping the `eventsourcing` library reads."""
        env = {
            "PERSISTENCE_MODULE": self.persistence_module,
            "EXTRA_DAYS_OFF": self.extra_days_off,
            "EXTRA_WORKING_DAYS": self.extra_working_days,
            "REFERENCE_PREFIX": self.reference_prefix,
            "DELEGATION_MIN_PERSONS": str(self.delegation_min_persons),
        }
        if self.uses_postgres:
            env.update(self._postgres_env())
        else:
            env.update(self._sqlite_env())
        return env

    def _sqlite_env(self) -> dict[str, str]:
        if not self.sqlite_dbname.startswith((":memory:", "file:")):
            Path(self.sqlite_dbname).parent.mkdir(parents=True, exist_ok=True)
        return {
            "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER,
            "SQLITE_DBNAME": self.sqlite_dbname,
            "SQLITE_LOCK_TIMEOUT": str(self.sqlite_lock_timeout),
        }

    def _postgres_env(self) -> dict[str, str]:
        return {
            "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER,
            "POSTGRES_DBNAME": self.postgres_dbname,
            "POSTGRES_HOST": self.postgres_host,
            "POSTGRES_PORT": str(self.postgres_port),
            "POSTGRES_USER": self.postgres_user,
            "POSTGRES_PASSWORD": self.postgres_password,
            "POSTGRES_SCHEMA": self.postgres_schema,
            "POSTGRES_LOCK_TIMEOUT": str(self.postgres_lock_timeout),
            "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
            "POSTGRES_MAX_OVERFLOW": str(self.postgres_max_overflow),
        }


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
