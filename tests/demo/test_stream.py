"""The shipped demo stream: valid, varied, in time order, and exactly what its script builds.

Why: ``watchkeeper demo`` is the first thing a new operator runs. If a model change makes
one line invalid, if the stream loses the cases it exists to show, or if someone edits the
file by hand so it no longer matches ``training/build_demo_stream.py``, the demo would
break or drift quietly; these tests fail first. The rebuild test needs the public data
sets beside the repository (``../shared/data``) and fails, not skips, without them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from pydantic import ValidationError

from watchkeeper.demo import demo_stream_path, iter_demo_events
from watchkeeper.model import (
    EVENT_ADAPTER,
    EVENT_KINDS,
    AccountEvent,
    AppealEvent,
    EnforcementEvent,
    Event,
    PostEvent,
    ReportEvent,
)

REPO = Path(__file__).parents[2]
DATA = REPO.parent / "shared" / "data"
SCRIPT = REPO / "training" / "build_demo_stream.py"


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return demo_stream_path().read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def events(lines: list[str]) -> list[Event]:
    return [EVENT_ADAPTER.validate_json(line) for line in lines]


def test_every_line_validates(lines: list[str]) -> None:
    assert len(lines) == 600
    for number, line in enumerate(lines, start=1):
        try:
            EVENT_ADAPTER.validate_json(line)
        except ValidationError as error:
            pytest.fail(f"stream.jsonl line {number} is not a valid event: {error}")


def test_iter_demo_events_reads_the_same_file(events: list[Event]) -> None:
    assert list(iter_demo_events()) == events


def test_ids_are_unique(events: list[Event]) -> None:
    ids = [event.id for event in events]
    assert len(ids) == len(set(ids))
    assert all(event_id.startswith("demo-") for event_id in ids)


def test_every_event_kind_is_present(events: list[Event]) -> None:
    assert {event.kind for event in events} == set(EVENT_KINDS)


def test_timestamps_are_aware_and_in_order(events: list[Event]) -> None:
    moments = [event.created_at for event in events if event.created_at is not None]
    assert len(moments) == len(events)
    assert all(moment.utcoffset() is not None for moment in moments)
    assert moments == sorted(moments)
    first, last = moments[0], moments[-1]
    assert (first.year, first.month) == (2014, 9)
    assert (last - first).total_seconds() <= 2 * 60 * 60
    posts = [event for event in events if isinstance(event, PostEvent)]
    known = [post.author_created_at for post in posts if post.author_created_at is not None]
    assert known and all(moment.utcoffset() is not None for moment in known)
    for post in posts:  # no account posts before it exists
        assert post.created_at is not None
        assert post.author_created_at is None or post.author_created_at <= post.created_at
    ages = {(first - moment).days for moment in known}
    assert min(ages) <= 1 and max(ages) >= 365  # day-old accounts and years-old ones


def references(event: Event) -> list[str]:
    """The ids of earlier events this one points at."""
    if isinstance(event, PostEvent):
        refs = [event.reply_to]
    elif isinstance(event, ReportEvent):
        refs = [event.target_id if event.target_kind == "post" else None]
    elif isinstance(event, EnforcementEvent):
        refs = [event.target_id]
    elif isinstance(event, AppealEvent):
        refs = [event.appealed_event_id]
    else:
        refs = []
    return [ref for ref in refs if ref is not None]


def test_references_point_back_in_time(events: list[Event]) -> None:
    seen: set[str] = set()
    for event in events:
        for ref in references(event):
            assert ref in seen, f"{event.id} refers to {ref}, not seen before it"
        seen.add(event.id)
    assert sum(len(references(event)) for event in events) >= 30


def test_the_2014_hashtags_appear_in_several_spellings(events: list[Event]) -> None:
    spellings: defaultdict[str, set[str]] = defaultdict(set)
    for event in events:
        if isinstance(event, PostEvent):
            for tag in re.findall(r"#\w+", event.text):
                spellings[tag.lower().replace("_", "")].add(tag)
    assert len(spellings["#theconceptoflonewolfattacks"]) >= 3
    assert len(spellings["#attackingtwitteremployees"]) >= 3
    assert any(re.search(r"[\u0600-\u06ff]", tag) for tag in spellings)  # Arabic hashtags


def test_languages_and_sources_are_mixed(events: list[Event]) -> None:
    posts = [event for event in events if isinstance(event, PostEvent)]
    assert {post.lang for post in posts} >= {"en", "ar", "de", "fr"}
    sources = {post.meta.get("demo_source") for post in posts}
    assert sources == {"davidson2017", "olid", "implicit_hate", "isis_fanboy", "watchkeeper"}


def test_ban_evasion_reports_and_appeals_are_there(events: list[Event]) -> None:
    accounts = [event for event in events if isinstance(event, AccountEvent)]
    usernames = {event.username for event in accounts}
    assert {"shamreporter2", "abufalah041", "lNSlDER_Sham"} <= usernames
    assert {event.action for event in accounts} == {"signup", "rename", "profile"}
    reports = [event for event in events if isinstance(event, ReportEvent)]
    assert any(r.reporter_trust == 0.95 and r.reason == "terrorism" for r in reports)
    assert any(r.reporter_trust == 0.1 and r.reason == "threat" for r in reports)
    suspensions = [e for e in events if isinstance(e, EnforcementEvent) and e.action == "suspend"]
    assert len(suspensions) >= 6
    assert 2 <= sum(isinstance(event, AppealEvent) for event in events) <= 3


def test_nothing_real_is_linked(events: list[Event]) -> None:
    for event in events:
        if isinstance(event, PostEvent):
            for url in re.findall(r"https?://\S+", event.text):
                assert url.startswith("https://example.org/"), (event.id, url)
            for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", event.text):
                assert email.endswith(("@example.com", "@example.org")), (event.id, email)


def test_the_file_stays_small() -> None:
    assert demo_stream_path().stat().st_size < 400_000


def test_the_script_rebuilds_the_shipped_files_byte_for_byte(tmp_path: Path) -> None:
    if not DATA.is_dir():
        pytest.fail(
            f"the public data sets are missing: expected them at {DATA} "
            "(the shared data folder beside the repository); the demo stream cannot be "
            "rebuilt without them"
        )
    out = tmp_path / "stream.jsonl"
    command = [sys.executable, str(SCRIPT), "--data", str(DATA), "--out", str(out)]
    command += ["--seed", "2014", "--size", "600"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == demo_stream_path().read_bytes()
    shipped_sources = demo_stream_path().with_name("SOURCES.md")
    assert (tmp_path / "SOURCES.md").read_bytes() == shipped_sources.read_bytes()
