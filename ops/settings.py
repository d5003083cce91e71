"""The one place configuration is read: environment variables, through pydantic-settings."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.errors import RuleViolationError
from domain.rule_config import suspended_kinds
from vault.master import read_key_file, read_or_create

SQLITE = "eventsourcing.sqlite"
POSTGRES = "eventsourcing.postgres"
# Recorders whose subscriptions hand out batches; SQLite's also polls (9.5.6 has no subscribe).
SQLITE_RECORDER = "projections.recorders:PollingSQLiteApplicationRecorder"
POSTGRES_RECORDER = "projections.recorders:BatchPostgresApplicationRecorder"
# The library's PostgreSQL factory, with pools that fail fast and recover at once.
POSTGRES_FACTORY = "projections.failfast:FailFastPostgresFactory"
DEFAULT_CIPHER = "eventsourcing.cryptography:AESCipher"  # the whole-store cipher


LIMIT_SETTINGS = (
    "limit_complaint_intake_day_type",
    "limit_intake_days",
    "limit_intake_day_type",
    "limit_answer_days",
    "limit_disciplinary_filing_days",
    "limit_disciplinary_second_filing_days",
    "limit_dismissal_second_filing_days",
    "limit_disciplinary_settlement_days",
    "limit_disciplinary_complex_settlement_days",
    "limit_reexamination_days",
    "limit_reexamination_complex_days",
    "limit_in_force_days",
    "limit_in_force_remote_days",
    "limit_enforcement_working_days",
    "limit_suspended_kinds",
)


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
    # The petitions store's pool (README "Connection budget": ~20 per API process).
    postgres_pool_size: int = Field(default=4, ge=1)
    postgres_max_overflow: int = Field(default=4, ge=0)
    # False when the service runs as the append-only role (`petitions-ops db-roles`): the
    # owner role made the stores' tables, which the service may not alter.
    postgres_create_event_tables: bool = True
    # Seconds a request waits for a pooled connection before answering 503.
    postgres_pool_timeout: float = Field(default=0.8, gt=0, le=30)
    # Seconds libpq waits to open a connection (libpq's smallest useful value is 2).
    postgres_connect_timeout: int = Field(default=2, ge=2, le=60)
    # HTTP requests served at once by one API process; more are shed with 503 + Retry-After.
    max_in_flight: int = Field(default=32, ge=1, le=10_000)
    # Addresses (or CIDR networks) of reverse proxies whose X-Forwarded-For is believed.
    trusted_proxies: str = ""
    # Where rate limits are counted: "store" (PostgreSQL table, or a SQLite file beside
    # the embedded store: shared by every API process) or "process" (this process only).
    rate_limit_store: Literal["store", "process"] = "store"
    extra_days_off: str = ""
    extra_working_days: str = ""
    reference_prefix: str = Field(default="PA", pattern=r"^[A-Z]{1,6}$")
    projection_batch_size: int = Field(default=5000, ge=1, le=50_000)
    resolution_targets: str = ""  # "2024=0.85;2025:<agency uuid>=0.9"; default 0.80
    delegation_min_persons: int = Field(default=5, ge=2, le=1000)  # đoàn đông người, unconfirmed
    open311_rules: str = ""  # a JSON file of Open311 services and routing; empty: built in
    # The integrity log (docs/integrity.md): the Ed25519 signing key, kept outside the
    # database (`petitions-ops keygen` writes it and `<file>.pub`), the directory where
    # signed checkpoints are filed for the auditors, and seconds between checkpoints
    # the projection runners sign (0: only on demand). Empty paths: `integrity/` beside
    # the embedded store's file (on PostgreSQL, `var/integrity/`).
    integrity_key_file: str = ""  # empty: `<integrity dir>/signing-key.pem`
    integrity_public_key_file: str = ""  # empty: `<integrity key file>.pub`
    integrity_checkpoint_dir: str = ""  # empty: `<integrity dir>/checkpoints`
    integrity_checkpoint_interval: float = Field(default=300.0, ge=0)
    # The master key wrapping the petitioners' data keys (docs/encryption.md): a file
    # holding 32 base64 bytes (mode 0600), or the base64 value itself (which wins). Empty:
    # generated beside the embedded SQLite file, or under var/ in tests; refused otherwise.
    identity_key_file: str = ""
    identity_master_key: SecretStr = SecretStr("")
    # Earlier master keys still accepted while opening data keys (comma-separated base64).
    identity_older_master_keys: SecretStr = SecretStr("")
    # The library's whole-store cipher (every stored event and snapshot): off when empty.
    cipher_key: SecretStr = SecretStr("")
    cipher_topic: str = ""  # empty: eventsourcing.cryptography:AESCipher
    # Unconfirmed limits (domain/rule_config.py); unset keeps the rule book's default, and a
    # value that changes a book gives it a version of its own, recorded on the events.
    limit_complaint_intake_day_type: Literal["calendar", "working"] | None = None
    limit_intake_days: int | None = Field(default=None, ge=1, le=366)
    limit_intake_day_type: Literal["calendar", "working"] | None = None
    limit_answer_days: int | None = Field(default=None, ge=1, le=366)
    limit_disciplinary_filing_days: int | None = Field(default=None, ge=1, le=366)
    limit_disciplinary_second_filing_days: int | None = Field(default=None, ge=1, le=366)
    limit_dismissal_second_filing_days: int | None = Field(default=None, ge=1, le=366)
    limit_disciplinary_settlement_days: int | None = Field(default=None, ge=1, le=366)
    limit_disciplinary_complex_settlement_days: int | None = Field(default=None, ge=1, le=366)
    limit_reexamination_days: int | None = Field(default=None, ge=1, le=366)
    limit_reexamination_complex_days: int | None = Field(default=None, ge=1, le=366)
    limit_in_force_days: int | None = Field(default=None, ge=1, le=366)
    limit_in_force_remote_days: int | None = Field(default=None, ge=1, le=366)
    limit_enforcement_working_days: int | None = Field(default=None, ge=1, le=366)
    # Kinds besides denunciations that may be suspended (domain/suspension.py), comma-separated.
    limit_suspended_kinds: str | None = Field(default=None, pattern=r"^[a-z, ]*$", max_length=80)

    @field_validator(*LIMIT_SETTINGS, mode="before")
    @classmethod
    def _blank_is_default(cls, value: object) -> object:
        """An empty `LIMIT_*` variable keeps the rule book's default."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("limit_suspended_kinds")
    @classmethod
    def _known_kinds(cls, value: str | None) -> str | None:
        """Refused at startup with the setting's name, not when a case is suspended."""
        if value is None:
            return None
        try:
            return suspended_kinds(value)
        except RuleViolationError as error:
            raise ValueError(str(error)) from None

    @field_validator("sqlite_dbname")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("sqlite_dbname must not be blank")
        return value

    @model_validator(mode="after")
    def _master_key_configured(self) -> Settings:
        """Outside the embedded setup and the tests, the identity master key must be given."""
        if not self.has_identity_key and not self.may_generate_identity_key:
            raise ValueError(
                "identity_key_file or identity_master_key must be set: personal data is "
                "sealed under it (see docs/encryption.md)"
            )
        return self

    @property
    def has_identity_key(self) -> bool:
        return bool(self.identity_key_file or self.identity_master_key.get_secret_value())

    @property
    def may_generate_identity_key(self) -> bool:
        if self.environment == "test":
            return True
        return self.environment == "development" and not self.uses_postgres

    def identity_key_path(self) -> Path:
        """The master key file: the configured one, else the generated default's place."""
        if self.identity_key_file:
            return Path(self.identity_key_file)
        name = self.sqlite_dbname
        if self.uses_postgres or name.startswith((":memory:", "file:")):
            return Path("var") / "identity-master.key"
        return Path(name).with_name("identity-master.key")

    def identity_key_env(self) -> dict[str, str]:
        """The master key (base64) for the petitions application's vault."""
        value = self.identity_master_key.get_secret_value().strip()
        if not value:
            path = self.identity_key_path()
            key = read_key_file(path) if self.identity_key_file else read_or_create(path)
            value = base64.b64encode(key).decode("ascii")
        return {
            "IDENTITY_MASTER_KEY": value,
            "IDENTITY_OLDER_MASTER_KEYS": self.identity_older_master_keys.get_secret_value(),
        }

    def cipher_env(self) -> dict[str, str]:
        """The library's whole-store cipher when a key is configured; else explicitly none.

        Both are always given: the library also reads them from the process environment.
        """
        key = self.cipher_key.get_secret_value().strip()
        if not key:
            return {"CIPHER_TOPIC": "", "CIPHER_KEY": ""}
        return {"CIPHER_TOPIC": self.cipher_topic or DEFAULT_CIPHER, "CIPHER_KEY": key}

    @property
    def integrity_key(self) -> Path:
        """The checkpoint signing key's file."""
        return Path(self.integrity_key_file or self._integrity_dir() / "signing-key.pem")

    @property
    def integrity_public_key(self) -> Path:
        """Where the public half of the checkpoint signing key is (auditors get this file)."""
        return Path(self.integrity_public_key_file or f"{self.integrity_key}.pub")

    @property
    def integrity_checkpoints(self) -> Path:
        """The directory of signed checkpoints, one folder per store."""
        return Path(self.integrity_checkpoint_dir or self._integrity_dir() / "checkpoints")

    def _integrity_dir(self) -> Path:
        name = self.sqlite_dbname
        if self.uses_postgres or name.startswith((":memory:", "file:")):
            return Path("var") / "integrity"
        return Path(name).parent / "integrity"

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
            **self._limit_env(),
            **self.identity_key_env(),
            **self.cipher_env(),
        }
        if self.uses_postgres:
            env.update(self._postgres_env())
        else:
            env.update(self._sqlite_env())
        return env

    def _limit_env(self) -> dict[str, str]:
        """The configured limits as `LIMIT_*` variables; unset ones are empty (the default)."""
        return {
            name.upper(): "" if value is None else str(value)
            for name, value in self.model_dump().items()
            if name.startswith("limit_")
        }

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
            "PERSISTENCE_MODULE": POSTGRES_FACTORY,
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
            "POSTGRES_POOL_TIMEOUT": str(self.postgres_pool_timeout),
            "POSTGRES_CONNECT_TIMEOUT": str(self.postgres_connect_timeout),
            **(
                {}
                if self.postgres_create_event_tables
                else {f"{store}_CREATE_TABLE": "no" for store in ("PETITIONS", "ACCOUNTS", "AUDIT")}
            ),
        }


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
