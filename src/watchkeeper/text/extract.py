"""Find hashtags and links in a post, with offsets into the original text.

Campaigns spread through hashtags and through links to paste and file hosts, so the
list detector needs both on every post; a moderator needs to see the exact characters,
so every match carries ``start``/``end`` into the text as written. Hashtags keep the
combining marks Unicode ``\\w`` leaves out (Arabic harakat, Indic vowel signs), so
``#عاجل_الدولة_الإسلامية`` comes out whole. Links include bare domains
(``justpaste.it/abc``), because propaganda is often posted without ``https://``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple


class Hashtag(NamedTuple):
    """A hashtag as written (``tag`` without its ``#``); the span includes the ``#``."""

    tag: str
    start: int
    end: int


class UrlMatch(NamedTuple):
    """A link or bare domain as written, with its normalized domain."""

    url: str
    domain: str
    start: int
    end: int


def _mark_ranges() -> str:
    """A regex class body listing every combining mark (built once, on first use)."""
    limits = (range(0x0300, 0x20000), range(0xE0100, 0xE01F0))
    parts: list[str] = []
    for span in limits:
        start: int | None = None
        for code in span:
            is_mark = unicodedata.category(chr(code)).startswith("M")
            if is_mark and start is None:
                start = code
            elif not is_mark and start is not None:
                parts.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
                start = None
        if start is not None:
            parts.append(f"{re.escape(chr(start))}-{re.escape(chr(span[-1]))}")
    return "".join(parts)


@functools.cache
def _hashtag_pattern() -> re.Pattern[str]:
    body = rf"(?:[\w\u200c\u200d\u0640]|[{_mark_ranges()}])+"
    # starts with the sign itself (fast to scan for), then looks back at what precedes it
    return re.compile(rf"[#\uff03](?<![\w&#\uff03][#\uff03])({body})")


def extract_hashtags(text: str) -> list[Hashtag]:
    """Every hashtag in ``text``; a tag needs at least one letter (``#1`` is not one)."""
    if "#" not in text and "\uff03" not in text:
        return []
    found: list[Hashtag] = []
    for match in _hashtag_pattern().finditer(text):
        tag = match.group(1)
        if any(char.isalpha() for char in tag):
            found.append(Hashtag(tag, match.start(), match.end()))
    return found


_LABEL = r"[^\W_](?:[\w\-]{0,61}[^\W_])?"
_HOST = rf"(?:{_LABEL}\.)+(?:[^\W\d_]{{2,24}}|xn--[a-z0-9\-]{{1,59}})"
_DOMAIN = re.compile(_HOST, re.IGNORECASE)
_URL = re.compile(
    r"(?<![\w@.\-/:])"
    r"(?:(?:https?|ftp)://)?"
    rf"(?P<host>{_HOST})(?![\w\-])"
    r"(?::\d{1,5})?"
    r"(?:[/?#][^\s<>\"'\u201c\u201d\u2018\u2019]*)?",
    re.IGNORECASE,
)
_DOT_LETTERS = re.compile(r"\.[^\W\d_]{2}")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_PATH_START = re.compile(r"[/?#]")
_TRAILING = ".,;:!?*]}'"


def normalize_domain(value: str) -> str:
    """``https://www.JustPaste.it:443/x`` -> ``justpaste.it``: no scheme, path, port, www."""
    host = _SCHEME.sub("", value.strip())
    host = _PATH_START.split(host, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".").casefold()
    return host[4:] if host.startswith("www.") else host


def is_domain(value: str) -> bool:
    """True for a host name with at least two labels and a plausible top-level domain."""
    return _DOMAIN.fullmatch(value) is not None


def _trim(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the link."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


def extract_urls_and_domains(text: str) -> list[UrlMatch]:
    """Every link or bare domain in ``text``, with its normalized domain."""
    if not _DOT_LETTERS.search(text):
        return []
    found: list[UrlMatch] = []
    for match in _URL.finditer(text):
        url = _trim(match.group())
        domain = normalize_domain(match.group("host"))
        if "." in domain:
            found.append(UrlMatch(url, domain, match.start(), match.start() + len(url)))
    return found
