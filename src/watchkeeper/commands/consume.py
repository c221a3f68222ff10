"""``watchkeeper consume``: a complete worker fed by a Redis Stream instead of HTTP.

One process reads the stream through a consumer group, stores what it reads, acks it
once it is committed, and decides it, so an operator scales out by starting more of
them with distinct ``--consumer`` names. Ctrl-C or SIGTERM stops it after the current
batch (a second Ctrl-C stops at once; what was not acked is delivered again), and
``--max-events`` / ``--idle-exit`` let scripts and tests stop it on their own.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import redis
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from watchkeeper.config import Settings
from watchkeeper.runtime import Runtime
from watchkeeper.streams.redis_source import (
    ConsumeStats,
    RedisSource,
    StreamOptions,
    connect,
    hide_password,
)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_on_signals(stop: threading.Event, console: Console) -> Iterator[None]:
    """Set ``stop`` on the first SIGINT/SIGTERM; the next one gets the default behaviour."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are only delivered to the main thread; the caller stops us
        return
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}

    def request_stop(number: int, frame: FrameType | None) -> None:
        stop.set()
        for each, handler in previous.items():
            signal.signal(each, handler)
        console.print(
            f"{signal.Signals(number).name}: stopping after the current batch "
            "(again to stop now; unacknowledged entries are delivered again)",
            highlight=False,
        )

    for number in STOP_SIGNALS:
        signal.signal(number, request_stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def summary(stats: ConsumeStats, options: StreamOptions) -> str:
    line = (
        f"{stats.entries} entries consumed from {options.stream}: "
        f"{stats.accepted} events accepted, {stats.duplicates} duplicates, "
        f"{stats.dead_lettered} dead-lettered to {options.dead_letter_stream}; "
        f"{stats.decided} events decided"
    )
    if stats.redelivered:
        line += f"; {stats.redelivered} entries were delivered again after a crash"
    if stats.vanished:
        line += f"; {stats.vanished} pending entries had been deleted from the stream"
    return line


def run_consume(
    settings: Settings,
    redis_url: str,
    options: StreamOptions,
    *,
    max_entries: int | None,
    idle_exit: float | None,
    console: Console,
) -> int:
    """Consume until stopped; returns the exit status (1 when Redis or the database failed).

    A bad policy or lists file, an unreachable database or Redis at start raise as usual
    (the CLI turns them into one line and status 2).
    """
    client = connect(redis_url, block_ms=options.block_ms)
    try:
        runtime = Runtime.build(settings)
    except BaseException:
        client.close()
        raise
    source = RedisSource(client, runtime.pipeline, options)
    database = make_url(settings.database_url).render_as_string(hide_password=True)
    console.print(
        f"consuming {options.stream} on {hide_password(redis_url)} as "
        f"{options.group}/{options.consumer} — database {database}, "
        f"policy {runtime.policy.version}",
        highlight=False,
    )
    stop = threading.Event()
    status = 0
    try:
        with stop_on_signals(stop, console):
            source.run(stop, max_entries=max_entries, idle_exit=idle_exit)
    except (redis.RedisError, SQLAlchemyError) as error:
        cause = getattr(error, "orig", None) or error
        first_line = (str(cause).strip().splitlines() or [repr(cause)])[0]
        console.print(
            f"[red]stopped:[/red] {escape(first_line)} — entries not yet acknowledged "
            "stay pending and are delivered again",
            highlight=False,
        )
        status = 1
    finally:
        console.print(summary(source.stats, options), highlight=False)
        client.close()
        runtime.close()
    return status
