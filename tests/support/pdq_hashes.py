"""PDQ hashes at a chosen distance from another, for the bank and media tests."""

from __future__ import annotations


def flip(value: str, bits: int) -> str:
    """``value`` (64 hex digits) with its ``bits`` lowest bits flipped: at PDQ distance
    ``bits`` from it."""
    return f"{int(value, 16) ^ ((1 << bits) - 1):064x}"
