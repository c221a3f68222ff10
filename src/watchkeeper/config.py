"""One Settings object, built once by the CLI or the app and passed down.

Nothing here runs at import: ``Settings()`` reads ``WATCHKEEPER_*`` environment
variables when the caller builds it, so tests and embedders choose their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///watchkeeper.db"


class WebhookTarget(BaseModel):
    """Where one destination's actions are delivered, and the key that signs them."""

    url: str
    secret: SecretStr
    timeout_seconds: float = 10.0


class BankExchange(BaseModel):
    """One scheduled fetch: which bank, from the exchange described in ``config`` (YAML)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bank: str
    config: Path


class Settings(BaseSettings):
    """Every knob an operator can turn. Env: ``WATCHKEEPER_<FIELD>`` (nested with ``__``)."""

    model_config = SettingsConfigDict(
        env_prefix="WATCHKEEPER_", env_nested_delimiter="__", extra="forbid"
    )

    database_url: str = DEFAULT_DATABASE_URL
    """SQLAlchemy URL: ``sqlite:///path.db`` (default) or ``postgresql+psycopg://…``."""
    policy_path: Path | None = None
    """The operator's policy YAML; None uses the shipped default policy."""
    lists_path: Path | None = None
    """The operator's term/hashtag/domain lists YAML; None uses the shipped default lists."""
    detectors: list[str] = Field(default_factory=list)
    """Detector names to run; empty runs every registered detector."""
    text_tier: Literal["fast", "sentence", "cascade"] = "fast"
    """``threat``/``extremism`` scoring: ``fast`` (hashed n-grams, ~5,000 posts/s per
    core), ``sentence`` (adds a multilingual sentence encoder on every post, ~500 posts/s
    per core), or ``cascade`` (the encoder only on posts the fast tier is unsure of, with
    the sentence tier's thresholds; see ``classifiers/cascade.py``, the classifiers'
    MODEL_CARD.md and the README for what each measured)."""
    batch_size: int = Field(default=500, ge=1, le=100_000)
    api_tokens: list[SecretStr] = Field(default_factory=list)
    """Bearer tokens the HTTP API accepts; empty refuses every request but /healthz."""
    max_request_bytes: int = Field(default=5_000_000, ge=1_000)
    max_batch_events: int = Field(default=5_000, ge=1)
    webhooks: dict[str, WebhookTarget] = Field(default_factory=dict)
    """Outbox destinations by name: ``platform`` gets actions, ``security`` escalations."""
    outbox_max_attempts: int = Field(default=12, ge=1)
    outbox_backoff_seconds: float = Field(default=2.0, gt=0)
    outbox_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    worker_poll_seconds: float = Field(default=0.5, gt=0)
    media_allowed_hosts: list[str] = Field(default_factory=list)
    """Hosts the ``media`` detector may fetch media URLs from; empty fetches nothing."""
    preserve_media: bool = False
    """Keep uploaded media bytes as evidence (off: only their hashes are kept)."""
    bank_index_dir: Path | None = None
    """Where the media bank index is saved; None: beside a SQLite file, else not saved."""
    bank_refresh_seconds: float = Field(default=5.0, gt=0)
    """How often each process picks up bank changes made elsewhere."""
    bank_rebuild_entries: int = Field(default=50_000, ge=1)
    """New bank entries after which a process rebuilds and saves its media index."""
    retrohunt_days: int = Field(default=30, ge=1, le=3650)
    """How far back a retro-hunt looks when a bank gains entries."""
    retrohunt_interval_seconds: float = Field(default=20.0, gt=0)
    bank_exchanges: list[BankExchange] = Field(default_factory=list)
    """Exchanges ``serve``'s worker fetches into banks: ``[{"bank", "config": path}]``."""
    exchange_interval_seconds: float = Field(default=900.0, gt=0)

    def resolved_bank_index_dir(self) -> Path | None:
        """The bank index folder: the setting, else ``<db file>.banks`` for SQLite files."""
        if self.bank_index_dir is not None:
            return self.bank_index_dir
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            database = self.database_url[len(prefix) :].split("?", 1)[0]
            if database and database != ":memory:" and not database.startswith("file:"):
                return Path(database).with_name(Path(database).name + ".banks")
        return None
