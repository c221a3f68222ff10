"""What an operator writes to connect a hash bank to an exchange, checked before any fetch.

Each exchange is one entry of the operator's YAML/JSON: a name, a kind (``file``,
``tat`` for Tech Against Terrorism, ``fb_threatexchange`` for Meta's ThreatExchange,
where GIFCT's hash-sharing database lives) and that kind's fields. A mistake — a
missing password, a field of another kind, a token that cannot be a ThreatExchange
app token — fails at load with the field's name (practice 3), never at the first sync.
Secrets are ``SecretStr`` and ``hide_input_in_errors`` keeps them out of errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from threatexchange.exchanges.clients.fb_threatexchange.api import is_valid_app_token

from watchkeeper.banks.signals import SIGNAL_TYPES

ExchangeKind = Literal["file", "tat", "fb_threatexchange"]
TATIdeology = Literal["islamist", "far-right"]

_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "file": ("path", "signal_type"),
    "tat": ("username", "password", "base_url", "ideology"),
    "fb_threatexchange": ("app_token", "privacy_group", "endpoint"),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "file": ("path",),
    "tat": ("username", "password"),
    "fb_threatexchange": ("app_token", "privacy_group"),
}


class ExchangeConfig(BaseModel):
    """One exchange a bank syncs from. Only the fields of its ``kind`` may be set."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: ExchangeKind

    path: Path | None = None
    """file: a ``<signal_type> <signal>`` file, as LocalFileSignalExchangeAPI reads."""
    signal_type: str | None = None
    """file: read every line as a bare signal of this type (no type column)."""

    username: str | None = None
    """tat: Tech Against Terrorism hash list API username."""
    password: SecretStr | None = None
    """tat: its password."""
    base_url: str | None = None
    """tat: API root instead of https://app.terrorismanalytics.org/ (tests, self-hosting)."""
    ideology: TATIdeology | None = None
    """tat: keep only hashes of this ideology. The API has no such filter; applied locally."""

    app_token: SecretStr | None = None
    """fb_threatexchange: the app access token, ``<app id>|<app secret>``."""
    privacy_group: int | None = Field(default=None, gt=0)
    """fb_threatexchange: the ThreatPrivacyGroup id (the collaboration) to tail."""
    endpoint: str | None = None
    """fb_threatexchange: Graph API root instead of https://graph.facebook.com/v26.0."""

    @field_validator("signal_type")
    @classmethod
    def _known_signal_type(cls, value: str | None) -> str | None:
        if value is not None and value not in SIGNAL_TYPES:
            raise ValueError(f"unknown signal type {value!r} (known: {', '.join(SIGNAL_TYPES)})")
        return value

    @field_validator("base_url", "endpoint")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http:// or https:// URL")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("must not carry a query, fragment or credentials")
        return value

    @field_validator("app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not is_valid_app_token(value.get_secret_value()):
            raise ValueError("must look like '<app id>|<app secret>' (a ThreatExchange app token)")
        return value

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Self:
        for field in _REQUIRED[self.kind]:
            value = getattr(self, field)
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            if value is None or value == "":
                raise ValueError(
                    f"exchange {self.name!r}: {field} is required for a {self.kind} exchange"
                )
        for kind, fields in _KIND_FIELDS.items():
            for field in fields:
                if kind != self.kind and getattr(self, field) is not None:
                    raise ValueError(
                        f"exchange {self.name!r}: {field} is a {kind} setting, "
                        f"not allowed on a {self.kind} exchange"
                    )
        return self

    @property
    def full_snapshot(self) -> bool:
        """Whether every fetch returns the whole list (a file), so absent entries were removed.

        Other kinds send deltas with explicit deletions.
        """
        return self.kind == "file"

    @property
    def tat_base_url(self) -> str | None:
        """``base_url`` with the trailing slash the TAT client's URL joining needs."""
        if self.base_url is None:
            return None
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"

    @property
    def graph_endpoint(self) -> str | None:
        """``endpoint`` without a trailing slash, as the ThreatExchange client joins it."""
        return None if self.endpoint is None else self.endpoint.rstrip("/")
