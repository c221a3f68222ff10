"""``watchkeeper scan``: a JSONL file of events through the full pipeline, decisions out.

Events are submitted and decided batch by batch, and each batch's decisions are
written as soon as they are committed, so memory stays flat on large files and an
interrupted run resumes where it stopped.

With more than one worker (the default on a machine with several cores), the
text-only detectors score the next batches in forked processes (``ahead.py``) while
this process stores and decides the current one; at most two batches per worker
are in flight, and decisions still come out in input order.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import BinaryIO

from rich.console import Console

from watchkeeper.ahead import AheadPool, text_only
from watchkeeper.commands.bad_lines import BadLines
from watchkeeper.commands.progress import file_progress
from watchkeeper.config import Settings
from watchkeeper.model import Decision, Event
from watchkeeper.runtime import Runtime
from watchkeeper.streams.jsonl import in_batches, read_events

AHEAD_PER_WORKER = 2
"""Batches each worker may have scored or be scoring before this process decides them."""


def default_workers() -> int:
    """One process per core (the main process mostly waits on the store meanwhile)."""
    return max(1, min(os.cpu_count() or 1, 8))


def run_scan(
    settings: Settings, file: Path, out: Path | None, console: Console, workers: int = 1
) -> int:
    """Scan ``file``; returns the number of bad lines (reported on ``console``).

    ``workers`` > 1 runs the text-only detectors in that many forked processes.
    """
    runtime = Runtime.build(settings)  # a bad policy or list fails here, before any work
    pool = None
    try:
        if workers > 1:  # fork before the progress bar's thread exists
            pool = AheadPool(text_only(runtime.detectors), workers)
            runtime.pipeline.ahead = pool.ahead
        return _scan(runtime, file, out, console, pool)
    finally:
        if pool is not None:
            pool.close()
        runtime.close()


def _scan(
    runtime: Runtime, file: Path, out: Path | None, console: Console, pool: AheadPool | None
) -> int:
    sink: BinaryIO = out.open("wb") if out else sys.stdout.buffer
    bad = BadLines(file, console)
    accepted = duplicates = 0
    verdicts: dict[str, int] = {}
    in_flight: deque[tuple[list[Event], Connection | None]] = deque()
    try:
        with file.open("rb") as source, file_progress(console) as progress:
            task = progress.add_task(f"scanning {file.name}", total=file.stat().st_size)

            batches: Iterator[list[Event]] = in_batches(
                read_events(source), runtime.settings.batch_size, bad
            )

            def decide(events: list[Event]) -> None:
                nonlocal accepted, duplicates
                result = runtime.pipeline.submit(events)
                accepted += len(result.accepted)
                duplicates += len(result.duplicates)
                decided: dict[str, Decision] = {}
                while decisions := runtime.pipeline.run_once():
                    decided.update((d.event_id, d) for d in decisions)
                    if len(decisions) < runtime.pipeline.batch_size:
                        break  # a short batch means nothing was left pending
                wanted = list(dict.fromkeys(event.id for event in events))
                earlier = [event_id for event_id in wanted if event_id not in decided]
                if earlier:  # decided by an earlier run (or by another worker)
                    decided.update(runtime.store.get_decisions(earlier))
                for event_id in wanted:
                    decision = decided.get(event_id)
                    if decision is None:  # another worker has not committed it yet
                        continue
                    verdicts[decision.verdict] = verdicts.get(decision.verdict, 0) + 1
                    sink.write(decision.model_dump_json().encode() + b"\n")
                progress.update(task, completed=source.tell())

            def decide_oldest(pool: AheadPool) -> None:
                events, pending = in_flight.popleft()
                pool.collect(events, pending)
                decide(events)
                pool.ahead.forget(events)

            if pool is None:
                for events in batches:
                    decide(events)
            else:  # the pool scores up to two batches per worker ahead of this process
                for events in batches:
                    in_flight.append((events, pool.submit(events)))
                    if len(in_flight) > AHEAD_PER_WORKER * pool.workers:
                        decide_oldest(pool)
                while in_flight:
                    decide_oldest(pool)
    finally:
        if out:
            sink.close()
        else:
            sink.flush()
    summary = ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items()))
    console.print(
        f"{accepted} new events decided, {duplicates} already known, {bad.count} bad lines"
        + (f" — verdicts: {summary}" if summary else ""),
        highlight=False,
    )
    return bad.count
