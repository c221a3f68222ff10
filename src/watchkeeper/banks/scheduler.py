"""Fetching the operator's exchanges on a schedule, from the server's worker.

An operator who configures an exchange (a GIFCT privacy group, Tech Against
Terrorism, a shared file) expects the bank to stay current without a cron job. The
worker calls ``run_due`` on every pass; each configured exchange is fetched when its
interval has passed, one at a time, and a failing exchange is logged and retried at
the next interval without holding up the others or the worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from watchkeeper.banks.exchange_config import ExchangeConfig
from watchkeeper.banks.exchanges import ExchangeError
from watchkeeper.banks.repository import BankError, BankRepository
from watchkeeper.banks.sync import SyncResult, fetch_exchange
from watchkeeper.config import BankExchange

log = logging.getLogger(__name__)


def load_exchange(path: Path) -> ExchangeConfig:
    """An exchange config file; a ValueError names the file and what is wrong."""
    try:
        return ExchangeConfig.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{path}: {error}") from None


@dataclass
class _Due:
    exchange: BankExchange
    next_at: float


class ExchangeScheduler:
    """Fetches each configured exchange every ``interval_seconds``."""

    def __init__(
        self,
        repository: BankRepository,
        exchanges: Sequence[BankExchange],
        interval_seconds: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.repository = repository
        self.interval = interval_seconds
        self._monotonic = monotonic
        self._due = [_Due(exchange, monotonic()) for exchange in exchanges]

    def run_due(self) -> dict[str, SyncResult | str]:
        """Fetch the exchanges whose time has come; result or error text per config path."""
        done: dict[str, SyncResult | str] = {}
        for item in self._due:
            if self._monotonic() < item.next_at:
                continue
            item.next_at = self._monotonic() + self.interval
            key = str(item.exchange.config)
            try:
                config = load_exchange(item.exchange.config)
                done[key] = fetch_exchange(self.repository, item.exchange.bank, config)
            except (ValueError, ExchangeError, BankError) as error:
                log.warning("exchange fetch into bank %r failed: %s", item.exchange.bank, error)
                done[key] = str(error)
        return done
