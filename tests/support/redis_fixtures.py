"""Redis fixtures shared by every test that talks to the real Redis server.

Registered for the whole suite through ``pytest_plugins`` in ``tests/conftest.py``.
Redis not answering is a loud failure that says how to start it, never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis

from watchkeeper.streams.redis_source import DEAD_LETTER_SUFFIX, RedisUnavailableError, connect

REDIS_URL = os.environ.get("WATCHKEEPER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def require_redis(url: str) -> redis.Redis:
    """A client for ``url``, or a loud failure saying how to start Redis (never a skip)."""
    failure: RedisUnavailableError | None = None
    try:
        return connect(url)
    except RedisUnavailableError as error:
        failure = error
    pytest.fail(
        f"{failure}  * or start the test services: scripts/services.sh (./dev test does)\n"
        "The Redis tests are never skipped; WATCHKEEPER_TEST_REDIS_URL may point elsewhere.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis server's URL, once it has answered."""
    require_redis(REDIS_URL).close()
    return REDIS_URL


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = require_redis(redis_url)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def stream(redis_client: redis.Redis) -> Iterator[str]:
    """A stream name no other test uses; it and its dead letters are deleted afterwards."""
    name = f"wk_test:{uuid.uuid4().hex}:events"
    try:
        yield name
    finally:
        redis_client.delete(name, name + DEAD_LETTER_SUFFIX)
