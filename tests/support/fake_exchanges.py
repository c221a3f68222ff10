"""Fake Tech Against Terrorism and Meta ThreatExchange APIs: real HTTP servers on loopback.

Tests of the exchanges must never reach the network, yet should exercise
python-threatexchange's real clients (requests, URL building, JSON decoding) rather
than a mock of them. Each fake implements exactly what threatexchange 1.2.17's client
calls, with the auth, paging and JSON shapes it expects:

* :class:`FakeTATServer` — ``POST /token-auth/tcap/`` (form ``username``/``password``,
  answers ``{"token"}`` or 400) and ``GET /api/hash-list/v2/all`` (``Authorization:
  Bearer``; ``after=<updated_on>,<id>`` checkpoint, ``limit``/``offset`` pages whose
  ``next`` is the query string the client appends; entries with the eight
  ``TATHashListEntry`` fields, deletions as ``deleted: true``).
* :class:`FakeThreatExchangeServer` — ``GET /v26.0/<privacy group>/threat_updates/``
  (``access_token`` query parameter, Graph API error JSON when it is wrong;
  ``start_time`` inclusive, ``stop_time`` exclusive, ``limit`` capped at the server's
  page size, an opaque ``after`` cursor and a full ``paging.next`` URL like the Graph
  API's; tombstones with ``should_delete: true`` and no descriptors).

Every mutation advances a logical clock, so tests control time and order exactly.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit

GRAPH_VERSION = "v26.0"


@dataclass(frozen=True)
class FakeRequest:
    """One request a fake received (query and form values flattened to their last value)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


class _LoopbackJSONServer:
    """A ThreadingHTTPServer on 127.0.0.1 (free port) answering JSON from ``handle``."""

    def __init__(self) -> None:
        fake = self
        self.requests: list[FakeRequest] = []
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def _answer(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                url = urlsplit(self.path)
                request = FakeRequest(
                    method,
                    url.path,
                    dict(parse_qsl(url.query, keep_blank_values=True)),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with fake._lock:
                    fake.requests.append(request)
                    status, payload = fake.handle(request)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def handle(self, request: FakeRequest) -> tuple[int, Any]:
        raise NotImplementedError

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class FakeTATServer(_LoopbackJSONServer):
    """Tech Against Terrorism's hash list API, as ``TATHashListAPI`` calls it."""

    def __init__(
        self, username: str = "tat-user", password: str = "tat-pass-s3cret", page_size: int = 2
    ) -> None:
        self.username = username
        self.password = password
        self.page_size = page_size
        self.entries: dict[int, dict[str, Any]] = {}
        self._tokens: set[str] = set()
        self._clock = 1_700_000_000.0
        super().__init__()

    @property
    def base_url(self) -> str:
        return self.root + "/"

    def add(
        self,
        hash_digest: str,
        *,
        algorithm: str = "PDQ",
        ideology: str = "islamist",
        file_type: str = "jpg",
    ) -> int:
        """Classify a new hash; returns its id."""
        with self._lock:
            entry_id = len(self.entries) + 1
            self.entries[entry_id] = {
                "hash_digest": hash_digest,
                "algorithm": algorithm,
                "ideology": ideology,
                "file_type": file_type,
                "deleted": False,
                "updated_on": self._tick(),
                "created_on": "2025-03-03 23:05:22,587",
                "id": entry_id,
            }
            return entry_id

    def delete(self, hash_digest: str) -> None:
        """Mark a hash deleted; it moves to the end of the list with a new updated_on."""
        with self._lock:
            for entry in self.entries.values():
                if entry["hash_digest"] == hash_digest and not entry["deleted"]:
                    entry["deleted"] = True
                    entry["updated_on"] = self._tick()
                    return
        raise KeyError(hash_digest)

    def _tick(self) -> float:
        self._clock += 1.5
        return self._clock

    def handle(self, request: FakeRequest) -> tuple[int, Any]:
        if request.method == "POST" and request.path == "/token-auth/tcap/":
            form = dict(parse_qsl(request.body.decode()))
            if form.get("username") != self.username or form.get("password") != self.password:
                return 400, {"non_field_errors": ["Unable to log in with provided credentials."]}
            token = secrets.token_hex(16)
            self._tokens.add(token)
            return 200, {"user": {"username": self.username}, "token": token}
        if request.method == "GET" and request.path == "/api/hash-list/v2/all":
            auth = request.headers.get("authorization", "")
            if auth.removeprefix("Bearer ") not in self._tokens:
                return 401, {"detail": "Given token not valid for any token type"}
            return 200, self._hash_list(request.query)
        return 404, {"detail": "Not found."}

    def _hash_list(self, query: dict[str, str]) -> dict[str, Any]:
        rows = sorted(self.entries.values(), key=lambda e: (e["updated_on"], e["id"]))
        if query.get("after"):
            when, _, entry_id = query["after"].partition(",")
            rows = [e for e in rows if (e["updated_on"], e["id"]) > (float(when), int(entry_id))]
        offset = int(query.get("offset", 0))
        limit = int(query.get("limit", self.page_size))
        page = rows[offset : offset + limit]
        more = offset + limit < len(rows)
        return {
            "count": len(rows),
            "next": f"limit={limit}&offset={offset + limit}" if more else None,
            "previous": None,
            "checkpoint": f"{page[-1]['updated_on']},{page[-1]['id']}" if page else "",
            "results": [dict(e) for e in page],
        }


@dataclass
class _Indicator:
    id: int
    type: str
    indicator: str
    last_updated: int
    tags: list[str] = field(default_factory=list)
    status: str = "MALICIOUS"
    owner: int = 0
    deleted: bool = False


class FakeThreatExchangeServer(_LoopbackJSONServer):
    """Meta's Graph API ``/<privacy group>/threat_updates`` as ``ThreatExchangeAPI`` calls it."""

    def __init__(
        self,
        privacy_group: int = 303,
        app_id: int = 1234567890,
        app_secret: str = "fakeappsecret0123456789abcdef",
        page_size: int = 2,
    ) -> None:
        self.privacy_group = privacy_group
        self.app_id = app_id
        self.app_secret = app_secret
        self.page_size = page_size
        self.indicators: dict[tuple[str, str], _Indicator] = {}
        self._clock = 1_700_000_000
        super().__init__()

    @property
    def token(self) -> str:
        return f"{self.app_id}|{self.app_secret}"

    @property
    def endpoint(self) -> str:
        return f"{self.root}/{GRAPH_VERSION}"

    def upsert(
        self,
        indicator_type: str,
        indicator: str,
        *,
        tags: list[str] | None = None,
        status: str = "MALICIOUS",
        owner: int = 987654321,
    ) -> None:
        """Create or update an indicator's one descriptor; it moves to the end."""
        with self._lock:
            self._clock += 10
            old = self.indicators.get((indicator_type, indicator))
            self.indicators[indicator_type, indicator] = _Indicator(
                old.id if old else 5000 + len(self.indicators),
                indicator_type,
                indicator,
                self._clock,
                list(tags or []),
                status,
                owner,
            )

    def delete(self, indicator_type: str, indicator: str) -> None:
        """Remove an indicator from the privacy group: a tombstone at the end."""
        with self._lock:
            self._clock += 10
            record = self.indicators[indicator_type, indicator]
            record.deleted = True
            record.last_updated = self._clock

    def handle(self, request: FakeRequest) -> tuple[int, Any]:
        prefix = f"/{GRAPH_VERSION}/"
        parts = request.path.removeprefix(prefix).strip("/").split("/")
        if request.method != "GET" or len(parts) != 2 or parts[1] != "threat_updates":
            return 400, _graph_error("Unknown path components", "OAuthException", 2500)
        if request.query.get("access_token") != self.token:
            message = "Invalid OAuth access token - Cannot parse access token"
            return 400, _graph_error(message, "OAuthException", 190)
        if parts[0] != str(self.privacy_group):
            message = f"Unsupported get request. Object with ID '{parts[0]}' does not exist"
            return 400, _graph_error(message, "GraphMethodException", 100)
        return 200, self._threat_updates(request)

    def _threat_updates(self, request: FakeRequest) -> dict[str, Any]:
        query = request.query
        start = int(query.get("start_time") or 0)
        stop = int(query.get("stop_time") or 2**62)
        types = set(filter(None, query.get("types", "").split(",")))
        rows = sorted(
            (
                r
                for r in self.indicators.values()
                if start <= r.last_updated < stop and (not types or r.type in types)
            ),
            key=lambda r: (r.last_updated, r.id),
        )
        offset = _decode_cursor(query["after"]) if query.get("after") else 0
        limit = min(int(query.get("limit") or self.page_size), self.page_size)
        page = rows[offset : offset + limit]
        paging: dict[str, Any] = {
            "cursors": {"before": _cursor(offset), "after": _cursor(offset + len(page))}
        }
        if offset + limit < len(rows):
            next_query = {**query, "after": _cursor(offset + limit)}
            paging["next"] = f"{self.root}{request.path}?{urlencode(next_query)}"
        return {"data": [self._render(r) for r in page], "paging": paging}

    def _render(self, record: _Indicator) -> dict[str, Any]:
        rendered: dict[str, Any] = {
            "id": str(record.id),
            "indicator": record.indicator,
            "type": record.type,
            "last_updated": record.last_updated,
            "should_delete": record.deleted,
        }
        if not record.deleted:
            descriptor = {
                "id": str(record.id * 10),
                "owner": {"id": str(record.owner)},
                "status": record.status,
                "tags": list(record.tags),
                "reactions": [],
            }
            rendered["descriptors"] = {"data": [descriptor]}
        return rendered


def _graph_error(message: str, kind: str, code: int) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEf"}}


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_cursor(cursor: str) -> int:
    return int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("offset:"))
