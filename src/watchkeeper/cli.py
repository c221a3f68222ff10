"""The ``watchkeeper`` command: scan, score, serve, demo, migrate and the operator's tools.

Each command builds one Settings object from its options (falling back to
``WATCHKEEPER_*`` environment variables) and hands it down; nothing is configured
at import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from watchkeeper.config import Settings
from watchkeeper.yamlfile import YamlFileError

app = typer.Typer(
    help=(
        "Watchkeeper: find violent threats, terrorist propaganda and doxxing in a "
        "platform's events, decide by policy, and queue what needs a person."
    ),
    no_args_is_help=True,
    add_completion=False,
)
policy_app = typer.Typer(help="Check and explain policy files.", no_args_is_help=True)
outbox_app = typer.Typer(help="Deliver the actions waiting in the outbox.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
app.add_typer(outbox_app, name="outbox")


def _add_bank_commands() -> None:
    from watchkeeper.commands.bank import bank_app

    app.add_typer(bank_app, name="bank")


_add_bank_commands()

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default sqlite:///watchkeeper.db; env WATCHKEEPER_DATABASE_URL).",
    ),
]
PolicyOption = Annotated[
    Path | None,
    typer.Option("--policy", help="Policy YAML (default: the shipped policy).", exists=True),
]
ListsOption = Annotated[
    Path | None,
    typer.Option(
        "--lists", help="Term/hashtag/domain lists YAML (default: shipped lists).", exists=True
    ),
]


class TextTier(StrEnum):
    """The ``text_tier`` setting's values, as ``--tier`` takes them."""

    fast = "fast"
    sentence = "sentence"
    cascade = "cascade"


def build_settings(
    db: str | None = None, policy: Path | None = None, lists: Path | None = None, **extra: Any
) -> Settings:
    """Settings from the environment, with command-line options taking precedence."""
    overrides: dict[str, Any] = {key: value for key, value in extra.items() if value is not None}
    if db:
        overrides["database_url"] = db
    if policy:
        overrides["policy_path"] = policy
    if lists:
        overrides["lists_path"] = lists
    return Settings(**overrides)


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn configuration errors into a clear message and exit status 2, not a traceback."""
    try:
        yield
    except YamlFileError as error:
        for problem in error.problems:
            err.print(f"[red]{problem}[/red]", highlight=False)
        raise typer.Exit(2) from error
    except (OSError, LookupError, ValueError) as error:
        err.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from error
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else repr(cause)
        err.print(f"[red]database error:[/red] {first_line}", highlight=False)
        raise typer.Exit(2) from error


@app.command()
def scan(
    file: Annotated[Path, typer.Argument(help="Events, one JSON object per line.", exists=True)],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write decisions JSONL here (default stdout)."),
    ] = None,
    db: DbOption = None,
    policy: PolicyOption = None,
    lists: ListsOption = None,
    batch_size: Annotated[int, typer.Option(min=1, max=100_000)] = 500,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes running the text detectors ahead (default: one per core; 1: none).",
        ),
    ] = None,
) -> None:
    """Judge every event in FILE and write one decision per event as JSONL.

    Events are stored before they are judged, so re-running after a crash decides
    only what is left, and an event already decided is never decided twice. Bad
    lines are reported on stderr as FILE:LINE: problem; the others are processed
    and the exit status is 1.
    """
    from watchkeeper.commands.scan import default_workers, run_scan

    with friendly_errors():
        settings = build_settings(db, policy, lists, batch_size=batch_size)
        bad = run_scan(settings, file, out, err, workers or default_workers())
    if bad:
        raise typer.Exit(1)


@app.command()
def score(
    in_: Annotated[
        Path, typer.Option("--in", help='Posts JSONL: {"id","text","lang"?} per line.', exists=True)
    ],
    out: Annotated[Path, typer.Option("--out", help="Scores JSONL to write.")],
    lists: ListsOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes scoring batches (one per core).")
    ] = 1,
    tier: Annotated[
        TextTier | None,
        typer.Option(
            "--tier",
            help="threat/extremism tier: fast (n-grams), sentence (adds a multilingual "
            "sentence encoder; slower) or cascade (the encoder only on posts the fast tier "
            "is unsure of). Default: the text_tier setting, else fast.",
        ),
    ] = None,
) -> None:
    """Score texts with every text detector; no database, no policy.

    Output lines: {"id", "scores": {label: probability}, "labels": [labels at or over
    the shipped default thresholds]}. Bad lines are reported on stderr; exit status 1.
    """
    from watchkeeper.commands.score import run_score

    chosen = tier.value if tier is not None else None
    with friendly_errors():
        settings = build_settings(lists=lists, text_tier=chosen)
        bad = run_score(settings, in_, out, err, workers=workers)
    if bad:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = None,
    policy: PolicyOption = None,
    lists: ListsOption = None,
    worker: Annotated[
        bool, typer.Option(help="Decide events in this process (disable to only accept them).")
    ] = True,
) -> None:
    """Run the HTTP API (and the in-process worker) until interrupted."""
    from watchkeeper.commands.serve import run_serve

    with friendly_errors():
        run_serve(build_settings(db, policy, lists), host, port, worker=worker, console=err)


@app.command()
def consume(
    redis_url: Annotated[str, typer.Option("--redis", help="Redis URL.")] = (
        "redis://127.0.0.1:6379/0"
    ),
    stream: Annotated[
        str, typer.Option(help="Stream to read: one field 'event' per entry, the event JSON.")
    ] = "watchkeeper:events",
    group: Annotated[str, typer.Option(help="Consumer group (created if missing).")] = (
        "watchkeeper"
    ),
    consumer: Annotated[
        str | None,
        typer.Option(help="This process's stable name in the group (default: the host name)."),
    ] = None,
    db: DbOption = None,
    policy: PolicyOption = None,
    lists: ListsOption = None,
    batch_size: Annotated[int, typer.Option(min=1, max=100_000)] = 500,
    block_ms: Annotated[int, typer.Option(min=1, help="Longest wait for new entries.")] = 1_000,
    claim_idle_ms: Annotated[
        int, typer.Option(min=0, help="Take over entries another consumer left pending this long.")
    ] = 60_000,
    max_events: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many entries (bad ones included).")
    ] = None,
    idle_exit: Annotated[
        float | None, typer.Option(min=0, help="Stop after this many seconds with no entries.")
    ] = None,
) -> None:
    """Consume events from a Redis Stream and decide them until stopped.

    Entries are acknowledged only once their events are stored; bad entries go to
    STREAM:dead with the error. Ctrl-C or SIGTERM stops after the current batch.
    """
    import socket

    from watchkeeper.commands.consume import run_consume
    from watchkeeper.streams.redis_source import StreamOptions

    with friendly_errors():
        options = StreamOptions(
            stream=stream,
            group=group,
            consumer=consumer or socket.gethostname(),
            batch_size=batch_size,
            block_ms=block_ms,
            claim_idle_ms=claim_idle_ms,
        )
        settings = build_settings(db, policy, lists, batch_size=batch_size)
        status = run_consume(
            settings, redis_url, options, max_entries=max_events, idle_exit=idle_exit, console=err
        )
    if status:
        raise typer.Exit(status)


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Port for the API.")] = 8000,
    db: Annotated[str, typer.Option("--db", help="Database URL for the demo.")] = (
        "sqlite:///watchkeeper-demo.db"
    ),
    exit_after_feed: Annotated[
        bool, typer.Option(help="Stop once the demo stream is decided (for scripts).")
    ] = False,
    pace: Annotated[float, typer.Option(help="Seconds between demo batches.", min=0)] = 0.05,
) -> None:
    """Start Watchkeeper on SQLite with the shipped demo stream flowing through it."""
    from watchkeeper.commands.demo import run_demo

    with friendly_errors():
        run_demo(build_settings(db), port, exit_after_feed=exit_after_feed, pace=pace, console=err)


@app.command()
def migrate(db: DbOption = None) -> None:
    """Create or upgrade the database schema (scan, serve and demo also do this)."""
    from watchkeeper.store.repository import Store

    with friendly_errors():
        settings = build_settings(db)
        store = Store.open(settings.database_url)
        try:
            store.migrate()
        finally:
            store.close()
    err.print(f"schema is up to date: {settings.database_url}", highlight=False)


@app.command()
def cases(
    db: DbOption = None,
    queue: Annotated[str | None, typer.Option(help="Only this queue.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
) -> None:
    """List open review cases, most urgent first."""
    from watchkeeper.commands.tables import cases_table
    from watchkeeper.store.repository import Store

    with friendly_errors():
        store = Store.open(build_settings(db).database_url)
        try:
            store.migrate()
            out.print(cases_table(store.list_cases(queue=queue, limit=limit)))
        finally:
            store.close()


@app.command()
def evasion(
    suspended: Annotated[
        Path, typer.Option("--suspended", help="Suspended accounts JSONL.", exists=True)
    ],
    accounts: Annotated[
        Path, typer.Option("--accounts", help="New accounts JSONL to check.", exists=True)
    ],
    out: Annotated[Path, typer.Option("--out", help="Matches JSONL to write.")],
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="Matches per account.")] = 10,
) -> None:
    """Match new accounts against suspended ones (ban evasion); no database.

    Account lines: {"id","username","display_name"?,"bio"?,"posts"?,"email"?,"ip"?,
    "avatar_pdq"?,"follows"?}. Output lines: {"id","matches":[{"id","score","reasons"}],
    "flag"} with flag at the shipped default threshold. Bad lines are reported on
    stderr as FILE:LINE: field: problem; the rest are processed and the exit status is 1.
    """
    from watchkeeper.commands.evasion import run_evasion

    with friendly_errors():
        bad = run_evasion(suspended, accounts, top, out, err)
    if bad:
        raise typer.Exit(1)


@policy_app.command("check")
def policy_check(
    file: Annotated[Path, typer.Argument(help="Policy YAML to validate.", exists=True)],
    strict: Annotated[
        bool, typer.Option(help="Also fail on signal labels no installed detector emits.")
    ] = False,
) -> None:
    """Validate a policy file; problems are printed as FILE:LINE: message."""
    from watchkeeper.detectors.base import label_thresholds, load_detectors
    from watchkeeper.pipeline import DETECTOR_ERROR
    from watchkeeper.policy import load_policy

    with friendly_errors():
        known = set(label_thresholds(load_detectors(build_settings()))) | {DETECTOR_ERROR}
        loaded = load_policy(file, known_labels=known if strict else None)
    unknown = sorted(loaded.labels - known)
    if unknown:
        err.print(
            f"[yellow]note:[/yellow] no installed detector emits {', '.join(unknown)} yet; "
            "rules that need only those labels will not fire",
            highlight=False,
        )
    out.print(f"{file}: OK ({loaded.version}, {len(loaded.rules)} rules)", highlight=False)


@outbox_app.command("send")
def outbox_send(db: DbOption = None) -> None:
    """Deliver every due outbox message once to the configured webhooks."""
    from watchkeeper.outbox.sender import Backoff, OutboxSender
    from watchkeeper.store.repository import Store

    with friendly_errors():
        settings = build_settings(db)
        if not settings.webhooks:
            err.print("no webhooks configured (WATCHKEEPER_WEBHOOKS__PLATFORM__URL, …__SECRET)")
            raise typer.Exit(2)
        store = Store.open(settings.database_url)
        store.migrate()
        sender = OutboxSender(
            store,
            settings.webhooks,
            max_attempts=settings.outbox_max_attempts,
            backoff=Backoff(settings.outbox_backoff_seconds, settings.outbox_backoff_max_seconds),
        )
        try:
            report = sender.deliver_due(limit=10_000)
        finally:
            sender.close()
            store.close()
    out.print(f"delivered {report.delivered}, will retry {report.retried}, gave up {report.dead}")
