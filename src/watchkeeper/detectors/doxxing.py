"""Find home addresses, phone numbers and emails posted about someone (doxxing).

The worst threat is one that tells readers where the victim lives. This detector
finds the contact details in a post and scores how much they identify a person: a
street address with a house number counts more than a postcode, a phone number more
than an email; words like "lives at" or "her number" near them push the score up,
while business wording ("call us") or the author's own details ("email me") push it
down. Phone numbers are checked with ``phonenumbers``, which is slow, so it only runs
where a cheap pattern has already seen seven or more digits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from watchkeeper.detectors.base import Detector, DetectorExample
from watchkeeper.detectors.doxxing_find import Found, find_addresses, find_emails, find_phones
from watchkeeper.detectors.doxxing_patterns import BUSINESS, CONTEXT, SELF
from watchkeeper.model import (
    AccountEvent,
    Event,
    EventKind,
    Evidence,
    PostEvent,
    ReportEvent,
    Signal,
    text_of,
)

LABEL = "doxxing"
WINDOW = 200
"""How far (in characters) a context phrase may be from the detail it qualifies."""
KIND_ORDER = ("address", "phone", "email")
SUBJECTS = {"post": "post", "report": "reported content", "appeal": "appeal", "account": "profile"}


def _near(item: Found, spans: list[tuple[int, int, str]]) -> str | None:
    """The nearest phrase within ``WINDOW`` characters of ``item``, if any."""
    best: tuple[int, str] | None = None
    for start, end, phrase in spans:
        distance = max(start - item.end, item.start - end, 0)
        if distance <= WINDOW and (best is None or distance < best[0]):
            best = (distance, phrase)
    return " ".join(best[1].lower().split()) if best else None


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(match.start(), match.end(), match.group()) for match in pattern.finditer(text)]


def _phrase(kind: str, items: list[Found]) -> str:
    forms = {item.form for item in items}
    if kind == "address":
        return "a street address" if "street address" in forms else "a postcode"
    if kind == "phone":
        return "a phone number" if "phone number" in forms else "a toll-free or business number"
    return "an email address" if "email address" in forms else "a shared mailbox address"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def assess(text: str, event_kind: EventKind = "post") -> Signal | None:
    """The doxxing signal for one text, or None when it holds no contact details."""
    items = [*find_addresses(text), *find_phones(text), *find_emails(text)]
    if not items:
        return None
    context = _spans(CONTEXT, text)
    business = _spans(BUSINESS, text)
    own = _spans(SELF, text)
    best: dict[str, float] = {}
    context_for: dict[str, str] = {}
    cue_note = ""
    evidence: list[Evidence] = []
    for item in sorted(items, key=lambda found: found.start):
        score = item.score
        phrase = _near(item, context)
        if phrase is not None:
            score = 1.0 - (1.0 - score) * 0.3
            context_for.setdefault(item.kind, phrase)
        if (cue := _near(item, business)) is not None:
            score *= 0.5
            cue_note = cue_note or f"; it looks like business contact details ('{cue}')"
        elif phrase is None and (cue := _near(item, own)) is not None:
            score *= 0.6
            cue_note = cue_note or f"; it looks like the author's own contact details ('{cue}')"
        if event_kind == "account" and phrase is None:
            score *= 0.6
            cue_note = cue_note or "; it is in the account's own profile"
        best[item.kind] = max(best.get(item.kind, 0.0), score)
        evidence.append(
            Evidence(
                kind=item.kind,
                text=item.text,
                start=item.start,
                end=item.end,
                source=f"pattern: {item.form}",
            )
        )
    remaining = 1.0
    for score in best.values():
        remaining *= 1.0 - score
    combined = round(min(0.99, 1.0 - remaining), 3)
    parts: list[str] = []
    shown: set[str] = set()
    for kind in sorted(best, key=lambda k: (-best[k], KIND_ORDER.index(k))):
        part = _phrase(kind, [item for item in items if item.kind == kind])
        if kind in context_for and context_for[kind] not in shown:
            part += f" (with '{context_for[kind]}')"
            shown.add(context_for[kind])
        parts.append(part)
    reason = f"{SUBJECTS.get(event_kind, 'text')} contains {_join(parts)}{cue_note}"
    return Signal(detector="doxxing", label=LABEL, score=combined, evidence=evidence, reason=reason)


class DoxxingDetector(Detector):
    """Signals posts that publish a home address, phone number or email."""

    name: ClassVar[str] = "doxxing"
    reads: ClassVar[frozenset[EventKind]] = frozenset({"post", "report", "appeal", "account"})
    labels: ClassVar[dict[str, float]] = {LABEL: 0.5}
    text_only: ClassVar[bool] = True

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        results: list[list[Signal]] = []
        for event in batch:
            text = text_of(event) if event.kind in self.reads else ""
            signal = assess(text, event.kind) if text else None
            results.append([signal] if signal is not None else [])
        return results

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        def post(number: int, text: str) -> PostEvent:
            return PostEvent(id=f"doxxing-example-{number}", author_id="example-author", text=text)

        doxxing = frozenset({LABEL})
        return (
            DetectorExample(
                post(1, "Go pay him a visit, he lives at 42 Elm Street, Springfield IL 62704"),
                doxxing,
                "street address with 'lives at' and a ZIP code",
            ),
            DetectorExample(
                post(2, "her number is (415) 555-2671, make her regret it"), doxxing, "phone"
            ),
            DetectorExample(
                post(3, "Der Typ wohnt in der Hauptstraße 12, 10115 Berlin"),
                doxxing,
                "German address with 'wohnt'",
            ),
            DetectorExample(
                ReportEvent(
                    id="doxxing-example-4",
                    reporter_id="example-reporter",
                    target_kind="post",
                    target_id="p-4",
                    reason="doxxing",
                    text="عنوانه شارع الملك فهد رقم 12",
                ),
                doxxing,
                "reported Arabic post: 'his address is King Fahd Street number 12'",
            ),
            DetectorExample(
                post(
                    5, "Protests on 5th Avenue in 2014 drew thousands, said the 1st Street Journal"
                ),
                frozenset(),
                "news mention: ordinals and a year are not an address",
            ),
            DetectorExample(
                post(6, "Questions? Email us at support@example.com, or call 911 in an emergency"),
                frozenset(),
                "business mailbox and an emergency number",
            ),
            DetectorExample(
                post(
                    7,
                    "v10.0.19041.1234 shipped 2014-09-12 at 10:30 for $1,299.99"
                    " (id 521234567890123456)",
                ),
                frozenset(),
                "version, date, time, price and a tweet id are not phone numbers",
            ),
            DetectorExample(
                AccountEvent(
                    id="doxxing-example-8",
                    action="profile",
                    account_id="a-8",
                    username="leeds_plumbing",
                    bio="Plumber in Leeds. Call me on 0113 496 0000",
                ),
                frozenset(),
                "an account's own business number in its bio",
            ),
        )
