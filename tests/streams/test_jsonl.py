"""Reading JSONL events: bad lines are named by line and field, the rest still read."""

from __future__ import annotations

from watchkeeper.model import PostEvent
from watchkeeper.streams.jsonl import MAX_LINE_BYTES, LineError, in_batches, read_events

GOOD = b'{"kind":"post","id":"p1","author_id":"a1","text":"hello"}'


def errors_of(lines: list[bytes]) -> list[str]:
    return [str(item) for _, item in read_events(lines) if isinstance(item, LineError)]


def test_good_line_becomes_an_event() -> None:
    [(line, event)] = list(read_events([GOOD]))
    assert line == 1
    assert isinstance(event, PostEvent) and event.text == "hello"


def test_bad_lines_are_reported_and_the_rest_is_read() -> None:
    lines = [
        b"{not json",
        GOOD,
        b"[1, 2]",
        b'{"id": "x"}',
        b'{"kind": "tweet", "id": "x"}',
        b'{"kind": "post", "id": "p2", "author_id": 7, "txt": "typo"}',
        b"",
        b'{"kind":"post","id":"p3","author_id":"a","created_at":"2014-09-20T10:00:00"}',
        GOOD.replace(b"p1", b"p4"),
    ]
    results = list(read_events(lines))
    events = [item for _, item in results if isinstance(item, PostEvent)]
    assert [event.id for event in events] == ["p1", "p4"]
    assert errors_of(lines) == [
        "line 1: not valid JSON (key must be a string at line 1 column 2)",
        "line 3: expected a JSON object",
        "line 4: kind: missing; expected one of post, account, report, enforcement, appeal",
        "line 5: kind: 'tweet' is not one of post, account, report, enforcement, appeal",
        "line 6: author_id: Input should be a valid string; txt: Extra inputs are not permitted",
        "line 8: created_at: Input should have timezone info",
    ]


def test_huge_line_and_huge_text_are_refused_with_a_reason() -> None:
    huge_line = b'{"kind":"post","id":"h","author_id":"a","text":"' + b"x" * MAX_LINE_BYTES + b'"}'
    long_text = b'{"kind":"post","id":"t","author_id":"a","text":"' + b"y" * 100_001 + b'"}'
    assert errors_of([huge_line, long_text]) == [
        f"line 1: line is longer than {MAX_LINE_BYTES} bytes",
        "line 2: text: String should have at most 100000 characters",
    ]


def test_empty_id_and_wrong_types_name_the_field() -> None:
    line = b'{"kind":"report","id":"","reporter_id":"r","target_kind":"post","target_id":"p",'
    line += b'"reason":"threat","reporter_trust":2}'
    assert errors_of([line]) == [
        "line 1: id: String should have at least 1 character; "
        "reporter_trust: Input should be less than or equal to 1"
    ]


def test_good_lines_come_in_batches_and_bad_ones_are_reported_as_met() -> None:
    good = '{"kind":"post","id":"p%d","author_id":"a","text":"t"}'
    lines = [good % 1, "{oops", good % 2, good % 3, "", '{"kind":"post"}', good % 4]
    errors: list[int] = []
    taken: list[int] = []
    batches = in_batches(
        read_events(lines), 2, lambda error: errors.append(error.line), lambda: taken.append(1)
    )
    ids = [[event.id for event in batch] for batch in batches]
    assert ids == [["p1", "p2"], ["p3", "p4"]]
    assert errors == [2, 6]
    assert len(taken) == 2  # after each full batch, not the last short one
    short = in_batches(read_events([good % 5]), 2, lambda error: None, lambda: taken.append(1))
    assert [[event.id for event in batch] for batch in short] == [["p5"]]
    assert len(taken) == 2
