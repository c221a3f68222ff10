"""Pull hash-bank updates from exchanges through python-threatexchange, resumably.

Known terrorist media is shared through exchanges: Tech Against Terrorism's hash list,
GIFCT's hash-sharing database on Meta's ThreatExchange, or a plain file. We do not
re-write their clients: :func:`fetch_updates` drives threatexchange's own
``SignalExchangeAPI.fetch_iter`` and turns each ``FetchDelta`` into flat
:class:`ExchangeUpdate` rows (deletions included) plus the checkpoint to resume from,
serialized as JSON so the caller stores it beside the bank in one transaction.

Around the library we add what a long-running service needs: one error type that
names the exchange and never carries a secret (ThreatExchange puts the app token in
every URL, and requests puts the URL in every error), checkpoints that refuse to
resume a different privacy group or ideology filter or one older than the exchange
keeps deletions, and (in ``exchange_sources``) narrow fixes for threatexchange 1.2.17.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, cast
from urllib.parse import quote, urlsplit

import requests
from threatexchange.exchanges.fetch_state import FetchCheckpointBase
from threatexchange.exchanges.impl.fb_threatexchange_api import FBThreatExchangeCheckpoint
from threatexchange.exchanges.impl.techagainstterrorism_api import TATCheckpoint
from threatexchange.signal_type.signal_base import SignalType
from threatexchange.utils.dataclass_json import dataclass_dump_dict, dataclass_load_dict

from watchkeeper.banks.exchange_config import ExchangeConfig
from watchkeeper.banks.exchange_sources import ExchangeSource, ExchangeUpdate
from watchkeeper.banks.signals import SIGNAL_TYPES

__all__ = [
    "DEFAULT_SIGNAL_TYPES",
    "ExchangeError",
    "ExchangeUpdate",
    "StaleCheckpointError",
    "fetch_updates",
]

DEFAULT_SIGNAL_TYPES = ("pdq", "video_md5", "video_sha256", "raw_text", "vpdq")

# What threatexchange's clients raise: requests errors (OSError), KeyError/TypeError on
# an unexpected JSON shape, ValueError on bad JSON, AssertionError from the file API.
_REMOTE_ERRORS = (OSError, ValueError, KeyError, TypeError, AssertionError)


class ExchangeError(RuntimeError):
    """A fetch failed: names the exchange and the cause, never a credential."""


class StaleCheckpointError(ExchangeError):
    """The checkpoint is older than the exchange keeps deletions: clear its entries and
    fetch again with ``checkpoint=None``."""


def fetch_updates(
    config: ExchangeConfig,
    checkpoint: str | None,
    signal_types: Sequence[str] = DEFAULT_SIGNAL_TYPES,
) -> Iterator[tuple[list[ExchangeUpdate], str]]:
    """Fetch what changed since ``checkpoint`` (None: everything), one delta per yield.

    Each yield is the delta's updates and the checkpoint after it; persist both together
    and a later call resumes there. A completed fetch yields at least once (possibly
    no updates) so the stored checkpoint records that the exchange was reached. Bad
    arguments raise ValueError/ExchangeError here; remote failures raise ExchangeError
    while iterating. ThreatExchange re-sends updates stamped with the checkpoint's second,
    so apply updates as idempotent upserts/deletes.
    """
    unknown = [name for name in signal_types if name not in SIGNAL_TYPES]
    if unknown:
        raise ValueError(f"unknown signal type {unknown[0]!r} (known: {', '.join(SIGNAL_TYPES)})")
    types = [SIGNAL_TYPES[name] for name in signal_types]
    source = ExchangeSource.build(config)
    previous = _load_checkpoint(config, source, checkpoint)
    if previous is not None and previous.is_stale():
        raise StaleCheckpointError(
            f"exchange {config.name!r}: the checkpoint is older than the exchange keeps "
            "deletions; clear this exchange's entries and fetch again from scratch"
        )
    return _fetch(source, types, previous)


def _fetch(
    source: ExchangeSource, types: list[type[SignalType]], previous: FetchCheckpointBase | None
) -> Iterator[tuple[list[ExchangeUpdate], str]]:
    config = source.config
    if config.kind == "file" and not (config.path and config.path.is_file()):
        raise ExchangeError(f"exchange {config.name!r}: no such file {config.path}")
    current = previous
    deltas = iter(source.api.fetch_iter(types, previous))
    yielded = False
    while True:
        try:
            delta = next(deltas)
        except StopIteration:
            break
        except _REMOTE_ERRORS as exc:
            raise ExchangeError(f"exchange {config.name!r}: {_describe(exc, config)}") from None
        if delta.checkpoint is not None:  # TAT repeats None for an empty first fetch
            current = delta.checkpoint
        updates = source.convert(types, delta.updates)
        source.tat_ideologies.clear()
        yield updates, _dump_checkpoint(config, current or _initial_checkpoint(config))
        yielded = True
    if not yielded:
        done = current or _initial_checkpoint(config)
        if isinstance(done, FBThreatExchangeCheckpoint):
            # Reaching the exchange and finding nothing new is still a fresh fetch;
            # threatexchange only refreshes last_fetch_time when a delta arrives.
            done = replace(done, last_fetch_time=int(time.time()))
        yield [], _dump_checkpoint(config, done)


def _initial_checkpoint(config: ExchangeConfig) -> FetchCheckpointBase:
    """The checkpoint meaning "from the beginning", for fetches that found nothing yet."""
    if config.kind == "tat":
        return TATCheckpoint("")
    if config.kind == "fb_threatexchange":
        return FBThreatExchangeCheckpoint(update_time=0)
    return FetchCheckpointBase()


def _scope(config: ExchangeConfig) -> dict[str, Any]:
    """Settings a checkpoint is only valid for: change one and the fetch must restart."""
    if config.kind == "tat":
        return {"ideology": config.ideology or "all"}
    if config.kind == "fb_threatexchange":
        return {"privacy_group": config.privacy_group}
    return {}


def _dump_checkpoint(config: ExchangeConfig, checkpoint: FetchCheckpointBase) -> str:
    document = {
        "kind": config.kind,
        "scope": _scope(config),
        "checkpoint": dataclass_dump_dict(checkpoint),
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


def _load_checkpoint(
    config: ExchangeConfig, source: ExchangeSource, checkpoint: str | None
) -> FetchCheckpointBase | None:
    if checkpoint is None:
        return None
    prefix = f"exchange {config.name!r}: stored checkpoint"
    try:
        document = json.loads(checkpoint)
        kind, scope, state = document["kind"], document["scope"], document["checkpoint"]
        if not isinstance(scope, dict) or not isinstance(state, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise ExchangeError(f"{prefix} is not valid; fetch from scratch") from None
    if kind != config.kind:
        raise ExchangeError(f"{prefix} is for a {kind} exchange, not {config.kind}")
    if scope != _scope(config):
        changed = ", ".join(sorted(k for k in _scope(config) if scope.get(k) != _scope(config)[k]))
        raise ExchangeError(f"{prefix} was taken with another {changed}; fetch from scratch")
    checkpoint_class = cast(type[FetchCheckpointBase], source.api.get_checkpoint_cls())
    try:
        return dataclass_load_dict(state, checkpoint_class)
    except Exception:  # dacite's errors share no base class short of Exception
        raise ExchangeError(f"{prefix} does not fit {kind}; fetch from scratch") from None


def _secrets(config: ExchangeConfig) -> list[str]:
    values = [s.get_secret_value() for s in (config.password, config.app_token) if s]
    values += [v.partition("|")[2] for v in values if "|" in v]
    return [form for v in values if v for form in {v, quote(v, safe=""), quote(v)}]


def _scrub(text: str, config: ExchangeConfig) -> str:
    for secret in sorted(_secrets(config), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text if len(text) <= 300 else text[:300] + "…"


def _describe(exc: BaseException, config: ExchangeConfig) -> str:
    """The cause in words, without URLs (the Graph API's carry the token) or secrets."""
    request = getattr(exc, "request", None)
    host = urlsplit(request.url).netloc if request is not None and request.url else "the server"
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        response = exc.response
        text = f"HTTP {response.status_code} {response.reason} from {host}"
        detail = _remote_message(response)
        if detail:
            text += f": {detail}"
        if response.status_code in (400, 401, 403) and _looks_like_auth(response, detail):
            text += " (check the exchange's credentials)"
        return _scrub(text, config)
    if isinstance(exc, requests.exceptions.RetryError):
        return f"{host} kept answering with server errors; gave up after retries"
    if isinstance(exc, requests.Timeout):
        return f"{host} did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        return f"cannot connect to {host}"
    if isinstance(exc, requests.RequestException):
        return f"request to {host} failed ({type(exc).__name__})"
    return _scrub(f"{type(exc).__name__}: {exc}", config)


def _remote_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, dict):
        return str(error.get("message", ""))
    for key in ("detail", "non_field_errors", "error", "message"):
        value = body.get(key)
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if value:
            return str(value)
    return ""


def _looks_like_auth(response: requests.Response, detail: str) -> bool:
    words = ("token", "credential", "auth", "log in", "password")
    return response.status_code != 400 or any(w in detail.lower() for w in words)
