"""Fetch media by URL, but only from hosts the operator listed: no surprise network calls.

Events often carry a media URL rather than the bytes. Fetching any URL a user supplied
would let them point the engine at internal services (SSRF) or at a tarpit, so a
``MediaFetcher`` fetches only from an allowlist the operator configured:

* Only ``http`` and ``https``. An empty allowlist means no fetching at all.
* Each entry is a host (``cdn.example.com``), optionally with a port
  (``127.0.0.1:8123``, ``[::1]:8123``). Hosts compare case-insensitively and exactly:
  ``example.com`` does not allow ``media.example.com``. An entry *without* a port
  allows only the scheme's default port (80 for http, 443 for https); any other port
  must be listed, because an allowlisted machine's other ports are often the internal
  services this guard exists for.
* Redirects are followed by hand, at most ``MAX_REDIRECTS``, and every hop's URL must
  pass the same check before it is requested.
* The body is streamed and the fetch stops once it passes ``max_bytes``.
* ``timeout_seconds`` bounds each network wait and the whole fetch, redirects included.
* Proxies and credentials from the environment (``HTTP_PROXY``, ``.netrc``) are not
  used, so the request goes where the allowlist says and nowhere else.

Hosts are checked by name, not by address: an operator allowlists names they control.
Every error is a ``MediaFetchError`` that names the URL and what is wrong.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

import httpx

MAX_REDIRECTS = 3
SCHEMES = {"http": 80, "https": 443}
"""Allowed URL schemes and their default ports."""
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class MediaFetchError(ValueError):
    """A media URL that was refused or could not be fetched."""


@dataclass(frozen=True)
class AllowedHost:
    """One allowlist entry: a lowercase host and the port it allows (None: default)."""

    host: str
    port: int | None

    @classmethod
    def parse(cls, entry: str) -> AllowedHost:
        """Parse ``host`` or ``host:port``; a scheme, path or credentials is an error."""
        text = entry.strip()
        if not text or any(c in text for c in "/?#@ ") or "://" in text:
            raise ValueError(f"allowed host {entry!r} must be a host or host:port")
        try:
            url = httpx.URL(f"http://{text}")
        except httpx.InvalidURL as error:
            raise ValueError(f"allowed host {entry!r} is not a host or host:port") from error
        if not url.host:
            raise ValueError(f"allowed host {entry!r} has no host name")
        return cls(host=_normal_host(url.host), port=url.port)

    def allows(self, url: httpx.URL) -> bool:
        default = SCHEMES.get(url.scheme)
        if default is None or _normal_host(url.host) != self.host:
            return False
        port = url.port if url.port is not None else default
        return port == (self.port if self.port is not None else default)


def host_allowed(url: str, allowed_hosts: Collection[str]) -> bool:
    """Whether ``url`` is http(s) on a host (and port) that ``allowed_hosts`` lists.

    An entry that is not ``host`` or ``host:port`` raises ``ValueError``.
    """
    if isinstance(allowed_hosts, str):
        raise ValueError("allowed_hosts must be a collection of hosts, not one string")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return False
    return any(AllowedHost.parse(entry).allows(parsed) for entry in allowed_hosts)


class MediaFetcher:
    """Fetches media bytes by URL from allowlisted hosts only (see the module docstring)."""

    def __init__(
        self,
        allowed_hosts: Collection[str],
        *,
        max_bytes: int = 20_000_000,
        timeout_seconds: float = 10.0,
    ) -> None:
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        if timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {timeout_seconds}")
        if isinstance(allowed_hosts, str):
            raise ValueError("allowed_hosts must be a collection of hosts, not one string")
        self.allowed = tuple(AllowedHost.parse(entry) for entry in allowed_hosts)
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds

    def allows(self, url: str) -> bool:
        """Whether ``url`` may be fetched (scheme, host and port allowlisted)."""
        try:
            return self._allows(httpx.URL(url))
        except httpx.InvalidURL:
            return False

    def fetch(self, url: str) -> bytes:
        """The body at ``url``, following allowlisted redirects; ``MediaFetchError`` if not."""
        deadline = time.monotonic() + self.timeout_seconds
        current = self._checked(url)
        with httpx.Client(
            follow_redirects=False,
            timeout=self.timeout_seconds,
            trust_env=False,
            headers={"Accept-Encoding": "identity"},
        ) as client:
            for hop in range(MAX_REDIRECTS + 1):
                if time.monotonic() > deadline:
                    raise MediaFetchError(f"{url}: not fetched within {self.timeout_seconds:g} s")
                answer = self._get(client, current, deadline)
                if isinstance(answer, bytes):
                    return answer
                if hop == MAX_REDIRECTS:
                    break
                current = self._checked(answer, redirected_from=current)
        raise MediaFetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _allows(self, url: httpx.URL) -> bool:
        return any(entry.allows(url) for entry in self.allowed)

    def _checked(self, url: str, redirected_from: httpx.URL | None = None) -> httpx.URL:
        """``url`` parsed (relative to ``redirected_from``), if it may be fetched."""
        via = "" if redirected_from is None else f" (redirected from {redirected_from})"
        try:
            parsed = httpx.URL(url) if redirected_from is None else redirected_from.join(url)
            url = str(parsed)
        except httpx.InvalidURL as error:
            raise MediaFetchError(f"{url}{via}: not a valid URL: {error}") from error
        if parsed.scheme not in SCHEMES:
            raise MediaFetchError(f"{url}{via}: only http and https URLs are fetched")
        if not self.allowed:
            raise MediaFetchError(f"{url}{via}: no media hosts are allowlisted")
        if not self._allows(parsed):
            port = f":{parsed.port}" if parsed.port is not None else ""
            raise MediaFetchError(
                f"{url}{via}: host {parsed.host}{port} is not on the media host allowlist"
            )
        return parsed

    def _get(self, client: httpx.Client, url: httpx.URL, deadline: float) -> bytes | str:
        """The body of a 2xx answer, or the Location of a redirect."""
        try:
            with client.stream("GET", url) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise MediaFetchError(f"{url}: HTTP {status} redirect without Location")
                    return str(location)
                if not 200 <= status < 300:
                    raise MediaFetchError(f"{url}: answered HTTP {status} {response.reason_phrase}")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise MediaFetchError(
                        f"{url}: body is {int(declared):,} bytes, over the "
                        f"{self.max_bytes:,}-byte limit"
                    )
                return self._read(response, url, deadline)
        except httpx.TimeoutException as error:
            raise MediaFetchError(
                f"{url}: timed out after {self.timeout_seconds:g} s ({type(error).__name__})"
            ) from error
        except httpx.HTTPError as error:
            raise MediaFetchError(
                f"{url}: fetch failed: {type(error).__name__}: {error}"
            ) from error

    def _read(self, response: httpx.Response, url: httpx.URL, deadline: float) -> bytes:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.max_bytes:
                raise MediaFetchError(f"{url}: body is over the {self.max_bytes:,}-byte limit")
            if time.monotonic() > deadline:
                raise MediaFetchError(
                    f"{url}: took longer than {self.timeout_seconds:g} s in all to fetch"
                )
        return bytes(body)


def _normal_host(host: str) -> str:
    return host.lower().rstrip(".")
