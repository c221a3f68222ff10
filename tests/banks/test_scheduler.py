"""The scheduled exchange fetch: due exchanges are fetched, failures are contained."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchkeeper.banks.repository import BankRepository
from watchkeeper.banks.scheduler import ExchangeScheduler, load_exchange
from watchkeeper.banks.sync import SyncResult
from watchkeeper.config import BankExchange
from watchkeeper.store.repository import Store

PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
PDQ_B = "0" * 32 + "f" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def repository(tmp_path: Path) -> BankRepository:
    store = Store.open(f"sqlite:///{tmp_path / 'bank.db'}")
    store.migrate()
    repository = BankRepository(store)
    repository.create_bank("shared")
    return repository


def write_exchange(tmp_path: Path, hashes: list[str]) -> Path:
    signals = tmp_path / "signals.te"
    signals.write_text("".join(f"pdq {value}\n" for value in hashes), encoding="utf-8")
    config = tmp_path / "exchange.yaml"
    config.write_text(f"name: partner\nkind: file\npath: {signals}\n", encoding="utf-8")
    return config


def test_an_exchange_is_fetched_when_due_and_again_after_the_interval(
    repository: BankRepository, tmp_path: Path
) -> None:
    config = write_exchange(tmp_path, [PDQ_A])
    clock = Clock()
    scheduler = ExchangeScheduler(
        repository, [BankExchange(bank="shared", config=config)], 60.0, monotonic=clock
    )
    first = scheduler.run_due()[str(config)]
    assert isinstance(first, SyncResult) and first.added == 1
    write_exchange(tmp_path, [PDQ_A, PDQ_B])
    assert scheduler.run_due() == {}  # not due yet
    clock.now += 61
    second = scheduler.run_due()[str(config)]
    assert isinstance(second, SyncResult) and second.added == 1 and second.unchanged == 1
    assert {entry.value for entry in repository.entries("shared")} == {PDQ_A, PDQ_B}


def test_a_broken_exchange_is_reported_and_does_not_stop_the_others(
    repository: BankRepository, tmp_path: Path
) -> None:
    good = write_exchange(tmp_path, [PDQ_A])
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nkind: carrier-pigeon\n", encoding="utf-8")
    missing_bank = BankExchange(bank="nope", config=good)
    scheduler = ExchangeScheduler(
        repository,
        [
            BankExchange(bank="shared", config=broken),
            missing_bank,
            BankExchange(bank="shared", config=good),
        ],
        60.0,
        monotonic=Clock(),
    )
    results = scheduler.run_due()
    assert "kind" in str(results[str(broken)])
    assert isinstance(results[str(good)], SyncResult)
    assert len(list(repository.entries("shared"))) == 1


def test_load_exchange_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml"):
        load_exchange(path)
