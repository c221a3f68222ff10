"""Locate addresses, phone numbers and emails in a text, each with a base score.

The base score says how much the detail alone identifies a person (a formal street
address 0.7, a phone number 0.6, a personal email 0.45, a postcode less); the
detector then adjusts it for the words around it. Each finder starts from a cheap
check (a digit, an ``@``, a run of seven digits) so an ordinary post costs almost
nothing, and rejects the usual look-alikes: years, ordinals, prices, versions,
dates, ids inside links.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers

from watchkeeper.detectors import doxxing_patterns as p
from watchkeeper.text.normalize import extract_urls_and_domains

PHONE_REGIONS = ("US", "GB", "DE", "FR")
"""Regions tried for numbers written without a country code (one pass each)."""
BUSINESS_NUMBER_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True, slots=True)
class Found:
    """One contact detail: its kind, where it is, what it is, how identifying alone."""

    kind: str
    start: int
    end: int
    text: str
    score: float
    form: str


def _overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def _keep_best(items: list[Found]) -> list[Found]:
    """Drop items that overlap a higher-scoring (then longer) one."""
    kept: list[Found] = []
    for item in sorted(items, key=lambda f: (-f.score, f.start - f.end)):
        if not any(_overlaps(item, other) for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _english_street(text: str, match: re.Match[str]) -> Found | None:
    number, words = match.group("number"), match.group("name").split()
    written = " ".join(match.group().lower().rstrip(".").split())
    if written in p.PUBLIC_ADDRESSES:
        return None
    before = text[max(0, match.start() - 20) : match.start()]
    if _YEAR.fullmatch(number) and p.YEAR_PREPOSITION.search(before):
        return None  # "in 2014 Wall Street ..." is a year, not a house number
    formal = words[0][0].isupper() or words[0][0].isdigit()
    formal = formal and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in p.NAME_SMALL_WORDS for w in words
    )
    if not formal and any(w.lower() in p.NOT_IN_STREET_NAME for w in words):
        return None
    strong = p.EN_STRONG.fullmatch(match.group("type")) is not None
    score = 0.7 if formal and strong else 0.45 if formal else 0.35
    if p.ZIP_AFTER.match(text, match.end()):
        return Found(
            "address", match.start(), match.end(), match.group(), score + 0.15, "street address"
        )
    following = p.NEXT_WORD.match(text, match.end())
    if following and following.group(1) not in p.ALLOWED_NEXT_WORDS:
        score = min(score, 0.35)  # "20 Wall Street jobs": a noun phrase, not an address
    return Found("address", match.start(), match.end(), match.group(), score, "street address")


def find_addresses(text: str) -> list[Found]:
    """Street addresses (EN, DE, FR, AR) and postcodes; a street before a postcode scores more."""
    if not _DIGIT.search(text):
        return []
    streets = [f for m in p.EN_STREET.finditer(text) if (f := _english_street(text, m))]
    patterns = [p.FR_STREET]
    if any(hint in text for hint in p.DE_HINTS):
        patterns.append(p.DE_STREET)
    if any(hint in text for hint in p.AR_HINTS):
        patterns.append(p.AR_STREET)
    for pattern in patterns:
        streets += [
            Found("address", m.start(), m.end(), m.group(), 0.7, "street address")
            for m in pattern.finditer(text)
        ]
    codes: list[Found] = []
    postcodes: list[tuple[re.Pattern[str], float]] = []
    if p.UK_POSTCODE_HINT.search(text):
        postcodes.append((p.UK_POSTCODE, 0.4))
    if p.FIVE_DIGITS.search(text):
        postcodes += [(p.US_ZIP, 0.35), (p.PLZ_CITY, 0.3)]
    for pattern, score in postcodes:
        codes += [
            Found("address", m.start(), m.end(), m.group(), score, "postcode")
            for m in pattern.finditer(text)
        ]
    if not streets and not codes:
        return []
    boosted = [
        Found(s.kind, s.start, s.end, s.text, min(0.85, s.score + 0.15), s.form)
        if any(0 <= c.start - s.end <= 60 for c in codes)
        else s
        for s in streets
    ]
    return _keep_best(boosted + codes)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def _clean_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "/=#@_") and not (after.isalnum() or after == "_")


@functools.lru_cache(maxsize=4096)
def _numbers_in(window: str) -> tuple[tuple[int, int, int], ...]:
    """Valid numbers in a short window, as (start, end, number type); cached, as spam repeats."""
    regions: tuple[str | None, ...] = ((None,) if "+" in window else ()) + PHONE_REGIONS
    found: list[tuple[int, int, int]] = []
    for region in regions:
        matcher = phonenumbers.PhoneNumberMatcher(
            window, region, leniency=phonenumbers.Leniency.VALID
        )
        found += [(m.start, m.end, phonenumbers.number_type(m.number)) for m in matcher]
    return tuple(found)


def find_phones(text: str) -> list[Found]:
    """Valid phone numbers (international, or national in ``PHONE_REGIONS``)."""
    hints = [(m.start(), m.end()) for m in p.PHONE_HINT.finditer(text)]
    if not hints:
        return []
    links = [(u.start, u.end) for u in extract_urls_and_domains(text)]
    kinds: dict[tuple[int, int], set[int]] = {}
    for hint_start, hint_end in hints:
        if _inside(hint_start, hint_end, links) or (hint_start and text[hint_start - 1] in "@#/=_"):
            continue  # inside a link, or "@100046729": an id, not a phone number
        offset = max(0, hint_start - 6)
        for start, end, number_type in _numbers_in(text[offset : hint_end + 4]):
            if _clean_boundary(text, offset + start, offset + end):
                kinds.setdefault((offset + start, offset + end), set()).add(number_type)
    items = [
        Found("phone", start, end, text[start:end], 0.6, "phone number")
        if not types <= BUSINESS_NUMBER_TYPES
        else Found("phone", start, end, text[start:end], 0.3, "toll-free or business number")
        for (start, end), types in kinds.items()
    ]
    return _keep_best(items)


def find_emails(text: str) -> list[Found]:
    """Email addresses; shared mailboxes (``info@``, ``support@``) score lower."""
    if "@" not in text:
        return []
    items: list[Found] = []
    for match in p.EMAIL_AT.finditer(text):
        start = match.start()
        while start > 0 and text[start - 1] in p.EMAIL_LOCAL_CHARS:
            start -= 1
        while start < match.start() and text[start] == ".":
            start += 1
        local = text[start : match.start()].lower()
        if not local:
            continue  # "@name.org" is a handle, not an address
        shared = local in p.ROLE_MAILBOXES or local.startswith(
            ("noreply", "no-reply", "donotreply")
        )
        score, form = (0.25, "shared mailbox address") if shared else (0.45, "email address")
        items.append(Found("email", start, match.end(), text[start : match.end()], score, form))
    return items
