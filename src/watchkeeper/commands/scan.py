"""``watchkeeper scan``: a JSONL file of events through the full pipeline, decisions out.

Events are submitted and decided batch by batch, and each batch's decisions are
written as soon as they are committed, so memory stays flat on large files and an
interrupted run resumes where it stopped.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from rich.console import Console

from watchkeeper.commands.progress import file_progress
from watchkeeper.config import Settings
from watchkeeper.model import Decision, Event
from watchkeeper.runtime import Runtime
from watchkeeper.streams.jsonl import LineError, read_events


def run_scan(settings: Settings, file: Path, out: Path | None, console: Console) -> int:
    """Scan ``file``; returns the number of bad lines (reported on ``console``)."""
    runtime = Runtime.build(settings)
    sink: BinaryIO = out.open("wb") if out else sys.stdout.buffer
    bad = accepted = duplicates = 0
    verdicts: dict[str, int] = {}
    try:
        with file.open("rb") as source, file_progress(console) as progress:
            task = progress.add_task(f"scanning {file.name}", total=file.stat().st_size)
            batch: list[Event] = []

            def flush() -> None:
                nonlocal accepted, duplicates
                result = runtime.pipeline.submit(batch)
                accepted += len(result.accepted)
                duplicates += len(result.duplicates)
                decided: dict[str, Decision] = {}
                while decisions := runtime.pipeline.run_once():
                    decided.update((d.event_id, d) for d in decisions)
                    if len(decisions) < runtime.pipeline.batch_size:
                        break  # a short batch means nothing was left pending
                wanted = list(dict.fromkeys(event.id for event in batch))
                earlier = [event_id for event_id in wanted if event_id not in decided]
                if earlier:  # decided by an earlier run (or by another worker)
                    decided.update(runtime.store.get_decisions(earlier))
                for event_id in wanted:
                    decision = decided.get(event_id)
                    if decision is None:  # another worker has not committed it yet
                        continue
                    verdicts[decision.verdict] = verdicts.get(decision.verdict, 0) + 1
                    sink.write(decision.model_dump_json().encode() + b"\n")
                batch.clear()
                progress.update(task, completed=source.tell())

            for _, item in read_events(source):
                if isinstance(item, LineError):
                    bad += 1
                    console.print(
                        f"{file}:{item.line}: {item.message}", highlight=False, markup=False
                    )
                    continue
                batch.append(item)
                if len(batch) >= settings.batch_size:
                    flush()
            if batch:
                flush()
    finally:
        if out:
            sink.close()
        else:
            sink.flush()
        runtime.close()
    summary = ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items()))
    console.print(
        f"{accepted} new events decided, {duplicates} already known, {bad} bad lines"
        + (f" — verdicts: {summary}" if summary else ""),
        highlight=False,
    )
    return bad
