"""A small demo bank, so the demo shows hash-bank matches as well as classifier flags.

Real bank contents (GIFCT's hashes, TCAP's lists) are shared under agreements and are
not ours to ship, so the demo bank holds placeholders that say so in their provenance:
python-threatexchange's own PDQ example hash, a made-up video (vPDQ frames derived
from it), and the 2014 "lone wolf" line quoted in the case this project starts from,
as a known statement. Four demo posts follow the stream: a photo a few bits away from
the banked hash, the video re-encoded with one frame changed, the statement re-posted
with edits, and a photo behind a URL on a host the demo has not allowlisted.
"""

from __future__ import annotations

import json
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


DEMO_FRAMES = [f"{int(DEMO_PDQ, 16) ^ (((1 << 40) - 1) << (36 * i)):064x}" for i in range(1, 7)]
"""Six frames of a placeholder video: each 40 bits from the example hash and the others."""


def seed_demo_bank(store: Store) -> bool:
    """Create the demo bank with its three entries unless it exists; True if created."""
    repository = BankRepository(store)
    try:
        repository.create_bank(DEMO_BANK, description=PLACEHOLDER, label="terrorism")
    except BankError:
        return False
    repository.add_entries(
        DEMO_BANK,
        [
            NewEntry("pdq", DEMO_PDQ, provenance=f"{PLACEHOLDER}: photo"),
            NewEntry(
                "vpdq",
                json.dumps([f"{frame},100,{second}.0" for second, frame in enumerate(DEMO_FRAMES)]),
                provenance=f"{PLACEHOLDER}: video",
            ),
            NewEntry("raw_text", STATEMENT, provenance=f"{PLACEHOLDER}: 2014 statement"),
        ],
    )
    return True


def _near(pdq: str, flips: int) -> str:
    value = int(pdq, 16) ^ sum(1 << (7 * bit) for bit in range(flips))
    return f"{value:064x}"


def bank_demo_events() -> list[PostEvent]:
    """The four posts that show the media and textmatch detectors at work."""
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
            id="demo-bank-video",
            created_at=at,
            author_id="demo-account-media",
            text="full release, share before it is deleted",
            media=[
                MediaItem(
                    kind="video",
                    vpdq=[_near(frame, 4) for frame in DEMO_FRAMES[:5]] + ["0f" * 32],
                )
            ],
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
