"""``watchkeeper score``: text in, per-label probabilities out, with no database.

The output contract is stable (other tools read it): one line per input line,
``{"id", "scores": {label: probability}, "labels": [flagged labels]}``, where a label
is flagged at or over the shipped default threshold of the detector that emits it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from rich.console import Console

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
from watchkeeper.streams.jsonl import LineError, read_jsonl

BATCH = 1_000
SCORE_AUTHOR = "score-cli"


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


def run_score(settings: Settings, source: Path, out: Path, console: Console) -> int:
    """Score ``source`` into ``out``; returns the number of bad lines."""
    detectors = text_detectors(settings)
    thresholds = label_thresholds(detectors)
    bad = 0
    batch: list[ScoreInput] = []
    with (
        source.open("rb") as reader,
        out.open("w", encoding="utf-8") as writer,
        file_progress(console) as progress,
    ):
        task = progress.add_task(f"scoring {source.name}", total=source.stat().st_size)
        for _, item in read_jsonl(reader, ScoreInput.model_validate_json):
            if isinstance(item, LineError):
                bad += 1
                console.print(
                    f"{source}:{item.line}: {item.message}", highlight=False, markup=False
                )
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                writer.writelines(f"{row}\n" for row in score_lines(detectors, thresholds, batch))
                batch.clear()
                progress.update(task, completed=reader.tell())
        if batch:
            writer.writelines(f"{row}\n" for row in score_lines(detectors, thresholds, batch))
    console.print(f"scored {source} → {out}; {bad} bad lines", highlight=False)
    return bad
