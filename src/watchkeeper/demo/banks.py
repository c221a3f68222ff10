"""A small demo bank, so the demo shows hash-bank matches as well as classifier flags.

Real bank contents (GIFCT's hashes, TCAP's lists) are shared under agreements and are
not ours to ship, so the demo bank holds placeholders that say so in their provenance:
python-threatexchange's own PDQ example hash, and the 2014 "lone wolf" line quoted in
the case this project starts from, as a known statement. Three demo posts follow the
stream: a photo a few bits away from the banked hash, the statement re-posted with
edits, and a photo behind a URL on a host the demo has not allowlisted.
"""

from __future__ import annotations

from datetime import UTC, datetime

from watchkeeper.banks.repository import BankError, BankRepository, NewEntry
from watchkeeper.model import MediaItem, PostEvent
from watchkeeper.store.repository import Store

DEMO_BANK = "demo-known-content"
PLACEHOLDER = "demo placeholder, not a real bank entry"
DEMO_PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
"""python-threatexchange's example PDQ hash."""
STATEMENT = (
    "Every Twitter employee in San Francisco should bear in mind and watch over himself "
    "because on his doorstep there might be a lone wolf assassin waiting"
)


def seed_demo_bank(store: Store) -> bool:
    """Create the demo bank with its two entries unless it exists; True if created."""
    repository = BankRepository(store)
    try:
        repository.create_bank(DEMO_BANK, description=PLACEHOLDER, label="terrorism")
    except BankError:
        return False
    repository.add_entries(
        DEMO_BANK,
        [
            NewEntry("pdq", DEMO_PDQ, provenance=f"{PLACEHOLDER}: photo"),
            NewEntry("raw_text", STATEMENT, provenance=f"{PLACEHOLDER}: 2014 statement"),
        ],
    )
    return True


def _near(pdq: str, flips: int) -> str:
    value = int(pdq, 16) ^ sum(1 << (7 * bit) for bit in range(flips))
    return f"{value:064x}"


def bank_demo_events() -> list[PostEvent]:
    """The three posts that show the media and textmatch detectors at work."""
    at = datetime(2014, 9, 15, 12, 0, tzinfo=UTC)
    return [
        PostEvent(
            id="demo-bank-photo",
            created_at=at,
            author_id="demo-account-media",
            text="watch till the end",
            media=[MediaItem(pdq=_near(DEMO_PDQ, 5), pdq_quality=90)],
            meta={"demo_source": "watchkeeper"},
        ),
        PostEvent(
            id="demo-bank-statement",
            created_at=at,
            author_id="demo-account-media",
            text="READ AND SHARE: every twitter employee in SF should bear in mind and "
            "watch over himself because on his doorstep there might be a lone wolf "
            "assassin waiting #The_Concept_of_Lone_Wolf_Attacks",
            meta={"demo_source": "watchkeeper"},
        ),
        PostEvent(
            id="demo-bank-url",
            created_at=at,
            author_id="demo-account-media",
            text="new release",
            media=[MediaItem(url="https://media.example.invalid/release.jpg")],
            meta={"demo_source": "watchkeeper"},
        ),
    ]
