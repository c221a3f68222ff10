"""Consume events from a Redis Stream through a consumer group, acking only what is committed.

Why it exists: an operator who outgrows posting batches over HTTP usually runs Redis
already. A stream decouples the platform from us (producers never wait on detectors),
buffers bursts durably, and lets several ``watchkeeper consume`` processes share the
work through one consumer group.

Entry format. Every stream entry carries one field, ``event``, whose value is one event
as JSON: the same object the HTTP API and JSONL files take. Other fields are ignored
(room for a producer's trace ids)::

    XADD watchkeeper:events * event '{"kind":"post","id":"p1","author_id":"a1","text":"hi"}'

Delivery (practice 5: idempotent by event id, acks only after the batch is committed):

* entries are read with ``XREADGROUP``; the group is created at the start of the stream
  (``0``, with ``MKSTREAM``), so events added before the first consumer ran are read too;
* valid events go to ``pipeline.submit`` (one transaction in the store); only after it
  returns are the entries acknowledged, so a crash before that leaves them in the group's
  pending list, to be delivered again;
* an entry that is not a valid event is copied to the dead-letter stream ``<stream>:dead``
  (fields ``event``: the raw value, ``error``: what is wrong, ``source_id``: the entry id)
  and acknowledged in the same ``MULTI``/``EXEC``: nothing is dropped silently;
* on start this consumer first re-reads its own pending entries (``XREADGROUP`` from
  ``0``), then, on start and every ``claim_idle_ms`` (at most once a second), takes over
  entries another consumer left pending longer than ``claim_idle_ms`` (``XAUTOCLAIM``);
* delivering an entry twice is harmless: the store accepts each event id once and
  decides each event once.

Acknowledged entries stay in the stream (so it can be replayed) until the producer
trims it (``XADD … MAXLEN ~ n``); the dead-letter stream is the operator's to read and trim.

Deciding: unless ``decide=False``, each step also decides what is pending in the store
(``run_once`` until a short batch), so one consumer is a complete worker; pass
``decide=False`` when another process (``serve`` and its worker) does the deciding.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from threading import Event as StopFlag

import redis
from pydantic import ValidationError

from watchkeeper.model import EVENT_ADAPTER, Event
from watchkeeper.pipeline import Pipeline
from watchkeeper.streams.errors import describe_validation_error
from watchkeeper.streams.jsonl import MAX_LINE_BYTES

log = logging.getLogger(__name__)

EVENT_FIELD = b"event"
DEAD_LETTER_SUFFIX = ":dead"
MAX_EVENT_BYTES = MAX_LINE_BYTES
CONNECT_TIMEOUT_S = 5.0
MIN_CLAIM_INTERVAL_S = 1.0
"""However short ``claim_idle_ms`` is, sweep for abandoned entries at most once a second."""

HOW_TO_START_REDIS = """\
Redis is not answering at {url}:
    {error}
Start it, or point --redis at a running server:
  * the local server:       sudo service redis-server start   (or: redis-server --daemonize yes)
  * or in a container:      docker run -d -p 6379:6379 redis:7
"""

Fields = Mapping[bytes, bytes]
Entry = tuple[bytes, Fields]


class RedisUnavailableError(ConnectionError):
    """Redis did not answer; the message says where and how to start it."""


def connect(url: str, *, block_ms: int = 1_000) -> redis.Redis:
    """A client for ``url`` that has answered a PING, or :class:`RedisUnavailableError`.

    Reads may wait ``block_ms`` for new entries, so the socket timeout is set above it
    (redis-py otherwise times a blocked XREADGROUP out after its connect timeout).
    """
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        socket_timeout=block_ms / 1000 + CONNECT_TIMEOUT_S,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        raise RedisUnavailableError(
            HOW_TO_START_REDIS.format(url=hide_password(url), error=error)
        ) from error
    return client


def hide_password(url: str) -> str:
    """``redis://user:secret@host`` → ``redis://user:***@host`` for messages and logs."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


@dataclass(frozen=True)
class StreamOptions:
    """Which stream to read as whom, and how eagerly."""

    stream: str
    group: str
    consumer: str
    batch_size: int = 500
    """Most entries read (and submitted) at once."""
    block_ms: int = 1_000
    """How long one read waits for new entries; also bounds how late a stop is noticed."""
    claim_idle_ms: int = 60_000
    """Entries pending this long under any consumer are taken over (that consumer died)."""
    decide: bool = True

    def __post_init__(self) -> None:
        for name in ("stream", "group", "consumer"):
            if not getattr(self, name):
                raise ValueError(f"{name} must not be empty")
        if self.batch_size < 1 or self.block_ms < 1 or self.claim_idle_ms < 0:
            raise ValueError("batch_size and block_ms must be at least 1, claim_idle_ms at least 0")

    @property
    def dead_letter_stream(self) -> str:
        return self.stream + DEAD_LETTER_SUFFIX


@dataclass
class ConsumeStats:
    """What a consumer has done so far; printed by ``watchkeeper consume`` on exit."""

    entries: int = 0
    """Entries acknowledged: good, bad and vanished."""
    accepted: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    redelivered: int = 0
    """Entries read again: this consumer's own pending ones on start, or claimed from another."""
    vanished: int = 0
    """Pending entries deleted from the stream (XDEL, trimming) before they could be read."""
    decided: int = 0


@dataclass(frozen=True)
class DeadLetter:
    """A stream entry that is not a valid event, and why."""

    source_id: bytes
    raw: bytes
    error: str


def parse_entry(entry_id: bytes, fields: Fields) -> Event | DeadLetter:
    """The event in one entry's ``event`` field, or why there is none."""
    raw = fields.get(EVENT_FIELD)
    if raw is None:
        names = ", ".join(sorted(name.decode(errors="replace") for name in fields))
        return DeadLetter(entry_id, b"", f"no 'event' field (the entry has: {names})")
    if len(raw) > MAX_EVENT_BYTES:
        return DeadLetter(entry_id, raw, f"event is longer than {MAX_EVENT_BYTES} bytes")
    try:
        return EVENT_ADAPTER.validate_json(raw)
    except ValidationError as error:
        return DeadLetter(entry_id, raw, describe_validation_error(error))


def _as_bytes(value: bytes | str) -> bytes:
    return value.encode() if isinstance(value, str) else value


def _pairs(raw: object) -> list[tuple[bytes, Fields]]:
    """``(id, fields)`` from a list of stream entries; a deleted entry has no fields."""
    if not isinstance(raw, list):
        raise TypeError(f"unexpected reply from Redis: {raw!r:.200}")
    return [
        (
            _as_bytes(entry_id),
            {_as_bytes(key): _as_bytes(value) for key, value in (fields or {}).items()},
        )
        for entry_id, fields in raw
    ]


def _read_reply(reply: object) -> list[tuple[bytes, Fields]]:
    """The entries of our one stream in an XREADGROUP reply (RESP2 list or RESP3 dict)."""
    if not reply:  # nothing arrived before the block timed out
        return []
    if isinstance(reply, dict):
        return _pairs(next(iter(reply.values())))
    if isinstance(reply, list):
        return _pairs(reply[0][1])
    raise TypeError(f"unexpected reply from Redis: {reply!r:.200}")


class RedisSource:
    """One consumer in a group: read, validate, submit, acknowledge, decide."""

    def __init__(
        self,
        client: redis.Redis,
        pipeline: Pipeline,
        options: StreamOptions,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.pipeline = pipeline
        self.options = options
        self.stats = ConsumeStats()
        self._clock = clock
        self._own_pending_after: bytes | None = b"0"
        self._claim_cursor = b"0-0"
        self._next_claim = clock()

    def ensure_group(self) -> None:
        """Create the stream and the group if missing (reading from the stream's start)."""
        try:
            self.client.xgroup_create(self.options.stream, self.options.group, "0", mkstream=True)
        except redis.ResponseError as error:
            if not str(error).startswith("BUSYGROUP"):
                raise

    def step(self, limit: int | None = None) -> int:
        """Handle one batch of at most ``limit`` entries; returns how many were handled.

        Own pending entries come first, then a claim sweep when one is due, then new
        entries (blocking up to ``block_ms``). Returns 0 when nothing was there.
        """
        count = self.options.batch_size if limit is None else min(self.options.batch_size, limit)
        if self._own_pending_after is not None:
            entries = self._read(self._own_pending_after, count, block=None)
            self._own_pending_after = entries[-1][0] if entries else None
            self.stats.redelivered += len(entries)
        elif self._clock() >= self._next_claim:
            entries = self._claim(count)
            self.stats.redelivered += len(entries)
        else:
            entries = self._read(b">", count, block=self.options.block_ms)
        if entries:
            self._handle(entries)
        if self.options.decide:
            self.stats.decided += self.decide_pending()
        return len(entries)

    def run(
        self,
        stop: StopFlag | None = None,
        *,
        max_entries: int | None = None,
        idle_exit: float | None = None,
    ) -> ConsumeStats:
        """Consume until ``stop`` is set, ``max_entries`` are handled, or idle ``idle_exit`` s."""
        self.ensure_group()
        last_activity = self._clock()
        while stop is None or not stop.is_set():
            left = None if max_entries is None else max_entries - self.stats.entries
            if left is not None and left <= 0:
                break
            if self.step(left):
                last_activity = self._clock()
            elif idle_exit is not None and self._clock() - last_activity >= idle_exit:
                break
        return self.stats

    def decide_pending(self) -> int:
        """Decide pending events batch by batch until a short batch says none are left."""
        total = 0
        while decisions := self.pipeline.run_once():
            total += len(decisions)
            if len(decisions) < self.pipeline.batch_size:
                break
        return total

    def _read(self, after: bytes, count: int, *, block: int | None) -> list[Entry]:
        reply = self.client.xreadgroup(
            self.options.group,
            self.options.consumer,
            {self.options.stream: after},
            count=count,
            block=block,
        )
        entries: list[Entry] = []
        gone: list[bytes] = []
        for entry_id, fields in _read_reply(reply):
            if fields:
                entries.append((entry_id, fields))
            else:  # still pending but deleted from the stream: nothing left to read
                gone.append(entry_id)
        if gone:
            self._vanished(gone)
            self.client.xack(self.options.stream, self.options.group, *gone)
            if not entries and after != b">":  # keep paging past them
                return self._read(gone[-1], count, block=block)
        return entries

    def _claim(self, count: int) -> list[Entry]:
        reply = self.client.xautoclaim(
            self.options.stream,
            self.options.group,
            self.options.consumer,
            min_idle_time=self.options.claim_idle_ms,
            start_id=self._claim_cursor,
            count=count,
        )
        self._claim_cursor = _as_bytes(reply[0])
        if len(reply) > 2 and reply[2]:  # Redis 7 drops deleted entries from the pending list
            self._vanished([_as_bytes(entry_id) for entry_id in reply[2]])
        if self._claim_cursor == b"0-0":  # sweep complete: the next one is due later
            interval = max(self.options.claim_idle_ms / 1000, MIN_CLAIM_INTERVAL_S)
            self._next_claim = self._clock() + interval
        return [(entry_id, fields) for entry_id, fields in _pairs(reply[1]) if fields]

    def _vanished(self, ids: Sequence[bytes]) -> None:
        self.stats.vanished += len(ids)
        self.stats.entries += len(ids)
        log.warning(
            "%d pending entries of %s were deleted before they were read: %s",
            len(ids),
            self.options.stream,
            b", ".join(ids).decode(),
        )

    def _handle(self, entries: Sequence[Entry]) -> None:
        """Submit the valid events, then dead-letter the rest and ack all in one transaction."""
        events: list[Event] = []
        dead: list[DeadLetter] = []
        for entry_id, fields in entries:
            parsed = parse_entry(entry_id, fields)
            if isinstance(parsed, DeadLetter):
                dead.append(parsed)
            else:
                events.append(parsed)
        if events:
            result = self.pipeline.submit(events)  # returns once the events are committed
            self.stats.accepted += len(result.accepted)
            self.stats.duplicates += len(result.duplicates)
        with self.client.pipeline(transaction=True) as transaction:
            for letter in dead:
                transaction.xadd(
                    self.options.dead_letter_stream,
                    {"event": letter.raw, "error": letter.error, "source_id": letter.source_id},
                )
            transaction.xack(self.options.stream, self.options.group, *(e[0] for e in entries))
            transaction.execute()
        self.stats.dead_lettered += len(dead)
        self.stats.entries += len(entries)
        for letter in dead:
            log.warning(
                "%s %s dead-lettered: %s",
                self.options.stream,
                letter.source_id.decode(),
                letter.error,
            )
