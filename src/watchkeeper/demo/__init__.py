"""The demo stream that ``watchkeeper demo`` plays through a fresh install.

Why it exists: an operator trying Watchkeeper for the first time should see it flag a
threat, a propaganda post and a ban evader within seconds, on traffic that looks like a
platform's, without first wiring up their own platform. ``stream.jsonl`` holds about two
hours of a September 2014 timeline: ordinary posts, a re-enacted campaign urging "lone
wolf" attacks on a platform's employees, news that quotes it, counter-speech, doxxing,
re-registrations, user and trusted-flagger reports, suspensions and appeals.

The file is generated, never edited by hand: ``training/build_demo_stream.py`` rebuilds
it byte for byte from the public data sets, and ``SOURCES.md`` beside it names each set,
its licence and how many rows were taken.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from watchkeeper.model import EVENT_ADAPTER, Event

STREAM_NAME = "stream.jsonl"


def demo_stream_path() -> Path:
    """The installed ``stream.jsonl`` as a path on disk (for tools that want a file)."""
    resource = resources.files(__name__) / STREAM_NAME
    if not isinstance(resource, Path):
        raise RuntimeError(
            f"the demo stream is inside an archive ({resource}); install watchkeeper "
            "unzipped, or read it with iter_demo_events()"
        )
    return resource


def iter_demo_events() -> Iterator[Event]:
    """Every event of the demo stream, validated, in time order."""
    resource = resources.files(__name__) / STREAM_NAME
    with resource.open("r", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield EVENT_ADAPTER.validate_json(line)
