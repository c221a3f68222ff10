"""``watchkeeper score``: text in, per-label probabilities out, with no database.

The output contract is stable (other tools read it): one line per input line,
``{"id", "scores": {label: probability}, "labels": [flagged labels]}``, where a label
is flagged at or over the shipped default threshold of the detector that emits it.

``--workers N`` scores batches in N forked processes (the detectors and models are
loaded once, before the fork, and shared copy-on-write); lines are read, checked and
written by the parent, in input order, with at most two batches per worker in flight.
"""

from __future__ import annotations

import json
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from rich.console import Console

from watchkeeper.allocator import keep_freed_memory
from watchkeeper.commands.bad_lines import BadLines
from watchkeeper.commands.progress import file_progress
from watchkeeper.config import Settings
from watchkeeper.detectors.base import (
    Detector,
    label_thresholds,
    load_detectors,
    registered_detectors,
)
from watchkeeper.model import MAX_TEXT_CHARS, Event, PostEvent
from watchkeeper.pipeline import run_detectors
from watchkeeper.streams.jsonl import in_batches, read_jsonl

BATCH = 1_000
SCORE_AUTHOR = "score-cli"
WARM_UP_TEXT = (
    "I will kill you tomorrow at 5pm in Berlin. \u0397ello w\u03bfrld. سأقتلك غدا في بيتك"
)
"""Scored once before forking workers, so what the detectors build on first use (the cue
phrase index; the look-alike table, reached by the Greek Eta and omicron; ~0.4 s) is
built once and shared, not once per worker."""


class ScoreInput(BaseModel):
    """One input line; other fields are ignored so richer post files can be scored as-is."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[str, Field(min_length=1, max_length=256)]
    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
    lang: Annotated[str, Field(max_length=16)] | None = None


def text_detectors(settings: Settings) -> list[Detector]:
    """Every registered detector that needs nothing but text."""
    names = [name for name, cls in sorted(registered_detectors().items()) if cls.text_only]
    return load_detectors(settings, names)


def score_lines(
    detectors: Sequence[Detector], thresholds: dict[str, float], posts: list[ScoreInput]
) -> Iterator[str]:
    events: list[Event] = [
        PostEvent(id=post.id, author_id=SCORE_AUTHOR, text=post.text, lang=post.lang)
        for post in posts
    ]
    for post, signals in zip(posts, run_detectors(detectors, events), strict=True):
        scores = dict.fromkeys(thresholds, 0.0)
        for signal in signals:
            scores[signal.label] = max(scores.get(signal.label, 0.0), round(signal.score, 4))
        flagged = [label for label, value in scores.items() if value >= thresholds.get(label, 0.5)]
        yield json.dumps({"id": post.id, "scores": scores, "labels": flagged}, ensure_ascii=False)


_WORKER_DETECTORS: tuple[list[Detector], dict[str, float]] | None = None
"""Set in the parent just before forking; the workers read it."""

Batch = list[tuple[str, str, str | None]]


def _batch_text(
    detectors: Sequence[Detector], thresholds: dict[str, float], posts: list[ScoreInput]
) -> str:
    """One batch's output lines, joined."""
    return "".join(f"{row}\n" for row in score_lines(detectors, thresholds, posts))


def _score_batch(batch: Batch) -> str:
    """Runs in a worker: score one batch, return its output lines."""
    assert _WORKER_DETECTORS is not None, "the pool was not started by run_score"
    detectors, thresholds = _WORKER_DETECTORS
    posts = [ScoreInput(id=id_, text=text, lang=lang) for id_, text, lang in batch]
    return _batch_text(detectors, thresholds, posts)


def _scored(
    batches: Iterable[list[ScoreInput]],
    detectors: list[Detector],
    thresholds: dict[str, float],
    pool: multiprocessing.pool.Pool | None,
    workers: int,
) -> Iterator[str]:
    """Output text per batch, in input order, serially or through the pool."""
    if pool is None:
        for batch in batches:
            yield _batch_text(detectors, thresholds, batch)
        return
    pending: deque[AsyncResult[str]] = deque()
    for batch in batches:
        plain = [(post.id, post.text, post.lang) for post in batch]
        pending.append(pool.apply_async(_score_batch, (plain,)))
        if len(pending) >= 2 * workers:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def run_score(
    settings: Settings, source: Path, out: Path, console: Console, workers: int = 1
) -> int:
    """Score ``source`` into ``out``; returns the number of bad lines."""
    global _WORKER_DETECTORS
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    keep_freed_memory()  # here and in the workers: batches reuse the last one's memory
    detectors = text_detectors(settings)
    thresholds = label_thresholds(detectors)
    bad = BadLines(source, console)
    pool = None
    if workers > 1:  # fork before any thread (the progress bar's) exists
        _batch_text(detectors, thresholds, [ScoreInput(id="warm-up", text=WARM_UP_TEXT)])
        _WORKER_DETECTORS = (detectors, thresholds)
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        with (
            source.open("rb") as reader,
            out.open("w", encoding="utf-8") as writer,
            file_progress(console) as progress,
        ):
            task = progress.add_task(f"scoring {source.name}", total=source.stat().st_size)

            batches = in_batches(
                read_jsonl(reader, ScoreInput.model_validate_json),
                BATCH,
                bad,
                lambda: progress.update(task, completed=reader.tell()),
            )
            for text in _scored(batches, detectors, thresholds, pool, workers):
                writer.write(text)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
            _WORKER_DETECTORS = None
    console.print(f"scored {source} → {out}; {bad.count} bad lines", highlight=False)
    return bad.count
