"""``watchkeeper bank …``: create banks, add and remove entries, import, export, fetch, hunt.

Every command opens the configured database (migrating it if needed), does one thing
and prints what it did. Bad entries are listed and the valid ones are still added;
the exit status is 1 when anything was refused, so scripts notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal

import typer
import yaml
from rich.console import Console
from rich.table import Table

from watchkeeper.banks.repository import BankRepository, NewEntry
from watchkeeper.store.repository import Store

bank_app = typer.Typer(help="Hash banks of known terrorist media and text.", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (env WATCHKEEPER_DATABASE_URL).")
]
FormatOption = Annotated[
    Literal["te", "jsonl"] | None,
    typer.Option("--format", help="te (threatexchange's '<type> <signal>' lines) or jsonl."),
]


@contextmanager
def bank_repository(db: str | None) -> Iterator[BankRepository]:
    from watchkeeper.cli import build_settings, friendly_errors

    with friendly_errors():
        store = Store.open(build_settings(db).database_url)
        try:
            store.migrate()
            yield BankRepository(store)
        finally:
            store.close()


def report_errors(errors: list[str]) -> None:
    for error in errors[:50]:
        err.print(f"[red]{error}[/red]", highlight=False)
    if len(errors) > 50:
        err.print(f"[red]… and {len(errors) - 50} more[/red]")
    if errors:
        raise typer.Exit(1)


@bank_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Bank name: a-z, 0-9, '_', '.', '-'.")],
    description: str = "",
    label: Annotated[str, typer.Option(help="What the bank holds, shown to reviewers.")] = (
        "terrorism"
    ),
    pdq_max_distance: Annotated[int, typer.Option(min=0, max=64)] = 31,
    pdq_min_quality: Annotated[int, typer.Option(min=0, max=100)] = 50,
    text_min_score: Annotated[float, typer.Option(min=0.01, max=1.0)] = 0.6,
    db: DbOption = None,
) -> None:
    """Create a bank."""
    with bank_repository(db) as repository:
        repository.create_bank(
            name,
            description=description,
            label=label,
            pdq_max_distance=pdq_max_distance,
            pdq_min_quality=pdq_min_quality,
            text_min_score=text_min_score,
        )
    out.print(f"created bank {name}", highlight=False)


@bank_app.command("list")
def list_banks(db: DbOption = None) -> None:
    """List banks with their settings and entry counts."""
    with bank_repository(db) as repository:
        table = Table("bank", "label", "enabled", "entries", "negatives", "PDQ ≤", "quality ≥")
        for bank in repository.list_banks():
            table.add_row(
                bank.name,
                bank.label,
                "yes" if bank.enabled else "no",
                f"{bank.entries:,}",
                f"{bank.negatives:,}",
                str(bank.pdq_max_distance),
                str(bank.pdq_min_quality),
            )
    out.print(table)


@bank_app.command("set")
def set_bank(
    name: str,
    enabled: Annotated[bool | None, typer.Option("--enable/--disable")] = None,
    pdq_max_distance: Annotated[int | None, typer.Option(min=0, max=64)] = None,
    pdq_min_quality: Annotated[int | None, typer.Option(min=0, max=100)] = None,
    text_min_score: Annotated[float | None, typer.Option(min=0.01, max=1.0)] = None,
    description: str | None = None,
    db: DbOption = None,
) -> None:
    """Change a bank's settings (matchers pick them up within seconds)."""
    changes = {
        key: value
        for key, value in {
            "enabled": enabled,
            "pdq_max_distance": pdq_max_distance,
            "pdq_min_quality": pdq_min_quality,
            "text_min_score": text_min_score,
            "description": description,
        }.items()
        if value is not None
    }
    with bank_repository(db) as repository:
        bank = repository.update_bank(name, **changes)
    out.print(
        f"bank {bank.name}: {', '.join(f'{k}={v}' for k, v in changes.items()) or 'unchanged'}"
    )


@bank_app.command("add")
def add(
    name: str,
    pdq: Annotated[list[str] | None, typer.Option("--pdq", help="PDQ hash (64 hex).")] = None,
    md5: Annotated[list[str] | None, typer.Option("--md5", help="MD5 of a video.")] = None,
    sha256: Annotated[list[str] | None, typer.Option("--sha256", help="SHA-256.")] = None,
    text: Annotated[list[str] | None, typer.Option("--text", help="A known statement.")] = None,
    file: Annotated[
        list[Path] | None,
        typer.Option("--file", exists=True, dir_okay=False, help="Media to hash and add."),
    ] = None,
    vpdq: Annotated[
        list[Path] | None,
        typer.Option(
            "--vpdq",
            exists=True,
            dir_okay=False,
            help="A video's vPDQ hash: a file in threatexchange's form (a JSON list).",
        ),
    ] = None,
    negative: Annotated[
        bool, typer.Option(help="A known false positive: suppresses matches.")
    ] = False,
    provenance: Annotated[str, typer.Option(help="Where the entries come from.")] = "cli",
    db: DbOption = None,
) -> None:
    """Add entries by hash, text, media file (hashed here; the file is not kept) or a
    video's vPDQ file."""
    from watchkeeper.banks.hashing import MediaError
    from watchkeeper.banks.signals import validate_signal
    from watchkeeper.banks.sync import entries_from_media

    entries = [NewEntry("pdq", value, negative, provenance) for value in pdq or []]
    entries += [NewEntry("video_md5", value, negative, provenance) for value in md5 or []]
    entries += [NewEntry("video_sha256", value, negative, provenance) for value in sha256 or []]
    entries += [NewEntry("raw_text", value, negative, provenance) for value in text or []]
    errors: list[str] = []
    for path in vpdq or []:
        source = provenance if provenance != "cli" else f"file:{path.name}"
        try:  # checked here so that a bad file is named, not numbered
            value = validate_signal("vpdq", path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            errors.append(f"{path}: {error}")
            continue
        entries.append(NewEntry("vpdq", value, negative, source))
    for path in file or []:
        source = provenance if provenance != "cli" else f"file:{path.name}"
        try:
            entries += entries_from_media(path.read_bytes(), negative, source)
        except MediaError as error:
            errors.append(f"{path}: {error}")
    if not entries and not errors:
        raise typer.BadParameter(
            "give at least one --pdq, --md5, --sha256, --text, --file or --vpdq"
        )
    with bank_repository(db) as repository:
        result = repository.add_entries(name, entries)
    out.print(f"bank {name}: {len(result.added)} added, {result.unchanged} already there")
    report_errors(errors + result.errors)


@bank_app.command("remove")
def remove(
    name: str,
    ids: Annotated[list[int], typer.Argument(help="Entry ids (see `bank entries`).")],
    db: DbOption = None,
) -> None:
    """Remove entries by id (they stay on record, marked removed)."""
    with bank_repository(db) as repository:
        removed = repository.remove_entries(name, ids)
    out.print(f"bank {name}: {removed} removed")
    missing = len(set(ids)) - removed
    if missing:
        report_errors([f"{missing} of the ids given are not live entries of bank {name}"])


@bank_app.command("entries")
def entries(
    name: str,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 50,
    include_removed: bool = False,
    db: DbOption = None,
) -> None:
    """Show a bank's entries with their provenance."""
    table = Table("id", "type", "value", "negative", "provenance", "added", "removed")
    with bank_repository(db) as repository:
        repository.get_bank(name, counts=False)
        for count, entry in enumerate(repository.entries(name, include_removed=include_removed)):
            if count >= limit:
                break
            table.add_row(
                str(entry.id),
                entry.signal_type,
                entry.value if len(entry.value) <= 70 else entry.value[:67] + "…",
                "yes" if entry.negative else "",
                entry.provenance,
                entry.added_at.strftime("%Y-%m-%d %H:%M"),
                entry.removed_at.strftime("%Y-%m-%d %H:%M") if entry.removed_at else "",
            )
    out.print(table)


@bank_app.command("import")
def import_(
    name: str,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    fmt: FormatOption = None,
    provenance: Annotated[str | None, typer.Option(help="Default: file:<name>.")] = None,
    db: DbOption = None,
) -> None:
    """Import entries from a threatexchange signal file (.te/.txt) or our JSONL."""
    from watchkeeper.banks.sync import import_file

    with bank_repository(db) as repository:
        result = import_file(repository, name, path, fmt, provenance)
    out.print(f"bank {name}: {result.added} added, {result.unchanged} already there")
    report_errors(result.errors)


@bank_app.command("export")
def export(
    name: str,
    path: Annotated[Path, typer.Argument(dir_okay=False)],
    fmt: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Write a bank's live entries to a .te (threatexchange) or .jsonl file."""
    from watchkeeper.banks.sync import export_file

    with bank_repository(db) as repository:
        count = export_file(repository, name, path, fmt)
    out.print(f"bank {name}: {count} entries written to {path}")


@bank_app.command("fetch")
def fetch(
    name: str,
    exchange: Annotated[
        Path,
        typer.Option(
            "--exchange",
            exists=True,
            dir_okay=False,
            help="Exchange config YAML: name, kind (file, tat, fb_threatexchange), "
            "and the kind's fields.",
        ),
    ],
    db: DbOption = None,
) -> None:
    """Fetch an exchange's new and deleted signals into a bank, resuming from its checkpoint."""
    from pydantic import ValidationError

    from watchkeeper.banks.exchange_config import ExchangeConfig
    from watchkeeper.banks.exchanges import ExchangeError
    from watchkeeper.banks.sync import fetch_exchange

    try:
        config = ExchangeConfig.model_validate(yaml.safe_load(exchange.read_text("utf-8")))
    except (ValidationError, yaml.YAMLError) as error:
        err.print(f"[red]{exchange}: {error}[/red]", highlight=False)
        raise typer.Exit(2) from None
    with bank_repository(db) as repository:
        try:
            result = fetch_exchange(repository, name, config)
        except ExchangeError as error:
            err.print(f"[red]{error}[/red]", highlight=False)
            raise typer.Exit(1) from None
    out.print(
        f"bank {name} from {config.name}: {result.added} added, {result.removed} removed, "
        f"{result.unchanged} already there"
    )
    report_errors(result.errors)


@bank_app.command("retrohunt")
def retrohunt(
    days: Annotated[int | None, typer.Option(min=1, max=3650, help="Look back this far.")] = None,
    db: DbOption = None,
) -> None:
    """Report recent posts that match entries added since the last hunt."""
    from watchkeeper.banks.retrohunt import RetroHunt
    from watchkeeper.cli import build_settings, friendly_errors

    with friendly_errors():
        settings = build_settings(db)
        store = Store.open(settings.database_url)
        try:
            store.migrate()
            result = RetroHunt(
                store, days=days or settings.retrohunt_days, settle_seconds=0
            ).run_once()
        finally:
            store.close()
    out.print(
        f"{result.entries} new entries hunted over {result.media_scanned} media hashes and "
        f"{result.posts_scanned} posts: {len(result.reports)} reports queued"
    )
