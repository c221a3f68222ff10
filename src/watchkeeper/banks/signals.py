"""The signal types a bank can hold, named and validated as python-threatexchange does.

Banks exchange entries with other systems through python-threatexchange, so an entry's
type is one of its ``SignalType`` names (``pdq``, ``video_md5``, ``video_sha256``,
``raw_text``, ``vpdq``) and its value is in the canonical form that type's
``validate_signal_str`` accepts. Keeping that mapping here means the repository, the
file formats and the exchanges all refuse the same bad values with the same words.
``vpdq`` (video) is our ``banks.vpdq_signal.VpdqSignal``, registered under
threatexchange's name for it: threatexchange's own needs a package built against
ffmpeg.
"""

from __future__ import annotations

import hashlib

from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.raw_text import RawTextSignal
from threatexchange.signal_type.sha256 import VideoSHA256Signal
from threatexchange.signal_type.signal_base import SignalType

from watchkeeper.banks.vpdq_signal import VpdqSignal

SIGNAL_TYPES: dict[str, type[SignalType]] = {
    signal.get_name(): signal
    for signal in (PdqSignal, VideoMD5Signal, VideoSHA256Signal, RawTextSignal, VpdqSignal)
}
"""Signal types python-threatexchange reads for us (files, exchanges), by its name."""
BANK_TYPES = tuple(SIGNAL_TYPES)
"""Every type a bank entry may have."""
HASH_TYPES = frozenset({"pdq", "video_md5", "video_sha256"})
TEXT_TYPE = "raw_text"
MAX_TEXT_VALUE = 20_000
"""Longest known text a bank entry may hold."""
KEY_LENGTH = 64


def validate_signal(signal_type: str, value: str) -> str:
    """``value`` in canonical form for ``signal_type``, or a ValueError saying what is wrong."""
    signal = SIGNAL_TYPES.get(signal_type)
    if signal is None:
        known = ", ".join(sorted(BANK_TYPES))
        raise ValueError(f"unknown signal type {signal_type!r} (known: {known})")
    cleaned = value.strip()
    if signal_type in HASH_TYPES:
        cleaned = cleaned.lower()
    if not cleaned:
        raise ValueError(f"empty {signal_type} value")
    if signal_type == TEXT_TYPE and len(cleaned) > MAX_TEXT_VALUE:
        raise ValueError(f"raw_text value longer than {MAX_TEXT_VALUE:,} characters")
    try:
        return str(signal.validate_signal_str(cleaned))
    except ValueError as error:
        raise ValueError(f"invalid {signal_type} value {cleaned[:80]!r}: {error}") from None


def value_key(value: str) -> str:
    """A short key for uniqueness: the value itself if short, else its SHA-256."""
    if len(value) <= KEY_LENGTH:
        return value
    return hashlib.sha256(value.encode("utf-8")).hexdigest()
