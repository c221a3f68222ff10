"""``watchkeeper.banks.fetch`` against a real HTTP server on loopback.

The server records every connection it accepts, so a refused URL is shown to have
made no connection at all, not merely to have failed.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from watchkeeper.banks.fetch import MAX_REDIRECTS, MediaFetcher, MediaFetchError, host_allowed

PAYLOAD = bytes(range(256)) * 40
"""10,240 bytes served at /media."""


@dataclass
class Server:
    host: str
    port: int
    connections: list[str] = field(default_factory=list)

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.netloc}{path}"


class Handler(BaseHTTPRequestHandler):
    server: ServerWithLog

    def setup(self) -> None:
        super().setup()
        self.server.log.connections.append(self.client_address[0])

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route()  # the client may hang up on purpose (size limit, timeout)

    def route(self) -> None:
        path = self.path
        port = self.server.log.port
        if path == "/media":
            self.answer(200, PAYLOAD)
        elif path == "/relative":
            self.redirect("/media")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{left - 1}" if left else "/media")
        elif path == "/to-localhost":
            self.redirect(f"http://localhost:{port}/media")
        elif path == "/to-ftp":
            self.redirect("ftp://127.0.0.1/media")
        elif path == "/no-location":
            self.answer(302, b"")
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
            self.wfile.write(bytes(1000))
        elif path == "/undeclared-huge":  # HTTP/1.0: the body runs until the connection closes
            self.send_response(200)
            self.end_headers()
            for _ in range(100):
                self.wfile.write(bytes(10_000))
        elif path == "/slow":
            time.sleep(1.0)
            self.answer(200, PAYLOAD)
        elif path == "/drip":
            self.send_response(200)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        else:
            self.answer(404, b"not here")

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class ServerWithLog(ThreadingHTTPServer):
    log: Server


@pytest.fixture(scope="module")
def running() -> Iterator[Server]:
    httpd = ServerWithLog(("127.0.0.1", 0), Handler)
    httpd.log = Server("127.0.0.1", httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield httpd.log
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def server(running: Server) -> Server:
    running.connections.clear()
    return running


def fetcher(server: Server, *, max_bytes: int = 20_000_000, timeout: float = 10.0) -> MediaFetcher:
    return MediaFetcher([server.netloc], max_bytes=max_bytes, timeout_seconds=timeout)


def test_fetches_from_an_allowlisted_host_and_port(server: Server) -> None:
    assert fetcher(server).fetch(server.url("/media")) == PAYLOAD
    assert server.connections == ["127.0.0.1"]


def test_allowlist_hosts_compare_case_insensitively(server: Server) -> None:
    fetch = MediaFetcher([f"LOCALHOST:{server.port}"])
    assert fetch.fetch(f"http://localhost:{server.port}/media") == PAYLOAD


def test_a_host_not_allowlisted_is_refused_without_a_connection(server: Server) -> None:
    url = f"http://localhost:{server.port}/media"  # the same server, under another name
    with pytest.raises(MediaFetchError, match=f"{url}: host localhost:{server.port} is not"):
        fetcher(server).fetch(url)
    assert server.connections == []


def test_an_empty_allowlist_fetches_nothing(server: Server) -> None:
    with pytest.raises(MediaFetchError, match="no media hosts are allowlisted"):
        MediaFetcher([]).fetch(server.url("/media"))
    assert server.connections == []


def test_a_host_without_a_port_allows_only_the_default_port(server: Server) -> None:
    with pytest.raises(MediaFetchError, match="not on the media host allowlist"):
        MediaFetcher(["127.0.0.1"]).fetch(server.url("/media"))
    assert server.connections == []


@pytest.mark.parametrize("url", ["ftp://{netloc}/media", "file:///etc/passwd"])
def test_only_http_and_https_are_fetched(server: Server, url: str) -> None:
    with pytest.raises(MediaFetchError, match="only http and https"):
        fetcher(server).fetch(url.format(netloc=server.netloc))
    assert server.connections == []


def test_redirects_on_an_allowlisted_host_are_followed(server: Server) -> None:
    assert fetcher(server).fetch(server.url("/relative")) == PAYLOAD
    assert fetcher(server).fetch(server.url(f"/chain/{MAX_REDIRECTS - 1}")) == PAYLOAD


def test_more_than_three_redirects_are_refused(server: Server) -> None:
    url = server.url(f"/chain/{MAX_REDIRECTS}")
    with pytest.raises(MediaFetchError, match=f"{url}: more than 3 redirects"):
        fetcher(server).fetch(url)
    assert len(server.connections) <= MAX_REDIRECTS + 1


def test_a_redirect_to_a_host_not_allowlisted_is_refused_before_it_is_followed(
    server: Server,
) -> None:
    with pytest.raises(
        MediaFetchError,
        match=rf"localhost:{server.port}/media \(redirected from .*/to-localhost\): host",
    ):
        fetcher(server).fetch(server.url("/to-localhost"))
    assert server.connections == ["127.0.0.1"]  # the redirect itself, nothing after


def test_a_redirect_to_another_scheme_is_refused(server: Server) -> None:
    with pytest.raises(MediaFetchError, match="only http and https"):
        fetcher(server).fetch(server.url("/to-ftp"))


def test_a_redirect_without_location_is_an_error(server: Server) -> None:
    with pytest.raises(MediaFetchError, match="HTTP 302 redirect without Location"):
        fetcher(server).fetch(server.url("/no-location"))


def test_an_error_status_is_named(server: Server) -> None:
    url = server.url("/missing")
    with pytest.raises(MediaFetchError, match=f"{url}: answered HTTP 404 Not Found"):
        fetcher(server).fetch(url)


def test_a_declared_body_over_the_limit_is_refused_before_reading(server: Server) -> None:
    with pytest.raises(MediaFetchError, match="1,000,000,000 bytes, over the 5,000-byte limit"):
        fetcher(server, max_bytes=5_000).fetch(server.url("/declared-huge"))


def test_an_undeclared_body_stops_once_over_the_limit(server: Server) -> None:
    with pytest.raises(MediaFetchError, match="over the 50,000-byte limit"):
        fetcher(server, max_bytes=50_000).fetch(server.url("/undeclared-huge"))


def test_a_body_at_the_limit_is_fetched(server: Server) -> None:
    assert fetcher(server, max_bytes=len(PAYLOAD)).fetch(server.url("/media")) == PAYLOAD


def test_a_slow_answer_times_out(server: Server) -> None:
    with pytest.raises(MediaFetchError, match=r"timed out after 0\.2 s"):
        fetcher(server, timeout=0.2).fetch(server.url("/slow"))


def test_a_dripping_body_is_cut_off_at_the_overall_deadline(server: Server) -> None:
    """Each byte arrives well within the read timeout; the whole fetch still ends."""
    started = time.monotonic()
    with pytest.raises(MediaFetchError, match=r"took longer than 0\.5 s in all"):
        fetcher(server, timeout=0.5).fetch(server.url("/drip"))
    assert time.monotonic() - started < 1.5


def test_a_closed_port_is_an_error_naming_the_url() -> None:
    with pytest.raises(MediaFetchError, match=r"http://127.0.0.1:9/x: fetch failed: ConnectError"):
        MediaFetcher(["127.0.0.1:9"], timeout_seconds=1).fetch("http://127.0.0.1:9/x")


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://cdn.example.com/a.jpg", True),
        ("http://cdn.example.com/a.jpg", True),
        ("https://CDN.Example.COM./a.jpg", True),
        ("https://cdn.example.com:443/a.jpg", True),
        ("https://cdn.example.com:8443/a.jpg", False),
        ("https://media.cdn.example.com/a.jpg", False),
        ("https://cdn.example.com.evil.test/a.jpg", False),
        ("https://cdn.example.com@evil.test/a.jpg", False),
        ("ftp://cdn.example.com/a.jpg", False),
        ("http://127.0.0.1:8123/x", True),
        ("http://127.0.0.1/x", False),
        ("http://[::1]:8123/x", True),
        ("not a url", False),
        ("http://", False),
    ],
)
def test_host_allowed(url: str, allowed: bool) -> None:
    hosts = ["cdn.example.com", "127.0.0.1:8123", "[::1]:8123"]
    assert host_allowed(url, hosts) is allowed
    assert MediaFetcher(hosts).allows(url) is allowed


@pytest.mark.parametrize(
    "entry", ["", "https://cdn.example.com", "cdn.example.com/media", "user@cdn.example.com"]
)
def test_an_allowlist_entry_that_is_not_a_host_is_refused(entry: str) -> None:
    with pytest.raises(ValueError, match="must be a host or host:port"):
        MediaFetcher([entry])


def test_a_single_string_is_not_an_allowlist() -> None:
    with pytest.raises(ValueError, match="not one string"):
        MediaFetcher("cdn.example.com")
    with pytest.raises(ValueError, match="not one string"):
        host_allowed("https://c/", "cdn.example.com")
