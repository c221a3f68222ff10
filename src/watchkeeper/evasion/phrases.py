"""Re-follow requests: the first posts of a returning account asking for its old audience.

A suspended user's new account has no followers, so its first posts ask for them
back ("help me reach my previous followers", "my old account was suspended",
"عدنا" — we are back). Such a request says nothing about *which* account came back,
but it makes a weak name match much more telling, so the scorer uses it as one
feature and quotes it in the reasons. The patterns are matched on folded text
(``watchkeeper.text.fold``), so case, Arabic letter variants and marks don't matter;
the Arabic ones are folded the same way when compiled (the English ones are
written folded already).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from watchkeeper.text.normalize import fold

__all__ = ["REFOLLOW_PATTERNS", "refollow_request"]

_OLD = r"(?:old|previous|former|last|first|main|original|suspended|banned|deleted)"
_ACCOUNT = r"(?:account|acc|acct|profile|handle|id)"

REFOLLOW_PATTERNS: tuple[str, ...] = (
    rf"\breach (?:my|our|the) {_OLD} (?:followers|brothers|sisters|family|audience)",
    rf"\b(?:my|our) {_OLD} {_ACCOUNT}\b",
    rf"\b{_ACCOUNT} (?:was|got|has been|is) (?:suspended|banned|deleted|closed|taken down)",
    rf"\bnew {_ACCOUNT}\b",
    r"\b(?:i am|im|i'm|we are|we're) back\b",
    r"\bback again\b",
    r"\bwe (?:always |will )?(?:come|came) back\b",
    r"\b(?:re ?follow|refollow)\b",
    rf"\b(?:follow|support|share|rt|retweet|spread) (?:my|our|this|the) new {_ACCOUNT}",
    r"\bsuspended (?:\d+|again|twice|many) ",
    r"\bback from (?:suspension|suspended|being suspended)",
    rf"\b(?:share|spread) (?:my|our) {_ACCOUNT}",
    r"\b(?:all )?(?:my|our) followers (?:were|are) (?:gone|lost)",
    r"\b(?:mon|notre) (?:ancien|nouveau) compte\b",
    rf"\b(?:mein|unser) (?:alter|neuer) {_ACCOUNT}\b",
    "عدنا",
    "عدت من جديد",
    "رجعنا",
    "حسابي القديم",
    "حسابي السابق",
    "حسابي الجديد",
    "حساب جديد",
    "حسابنا الجديد",
    "حسابنا القديم",
    "الحساب الجديد",
    "متابعيني السابقين",
    "متابعي حسابي",
    "تم ايقاف حسابي",
    "تعليق حسابي",
    "اغلاق حسابي",
    "ادعموا الحساب",
    "ادعموا حسابي",
)


@functools.cache
def _compiled() -> re.Pattern[str]:
    folded = (pattern if pattern.isascii() else fold(pattern) for pattern in REFOLLOW_PATTERNS)
    return re.compile("|".join(f"(?:{pattern})" for pattern in folded))


def refollow_request(posts: Sequence[str], first: int = 5) -> str | None:
    """The first re-follow request in the first ``first`` posts, as folded text, or None."""
    pattern = _compiled()
    for post in posts[:first]:
        found = pattern.search(fold(post[:2_000]))
        if found:
            return found.group()
    return None
