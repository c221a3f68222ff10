"""How alike two accounts write: early posts, bios and posting style.

A returning account reposts what the old one posted (often word for word), links the
same channels and writes in the same mix of languages and hashtags. Three measures
capture that without any trained vocabulary, so they work in every language:

* ``cosine``: character 3-gram counts of all posts (folded, links and @mentions
  replaced by placeholders so a shortened link doesn't count as different text),
  hashed into 2**20 buckets, sublinear term frequency, compared by cosine;
* ``near_identical``: how many of the new account's first posts are near-copies
  (rapidfuzz ratio >= 90 after folding) of a post of the old one;
* ``early_mentions``: the handles a new account names in its first posts, since
  a returning user often names the old account ("my previous account @x");
* ``style_similarity``: 1 minus the mean absolute difference of seven per-account
  rates (links, hashtags, mentions, retweets, Arabic script, capitals, length).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from watchkeeper.text.normalize import fold

__all__ = [
    "TextProfile",
    "cosine",
    "early_mentions",
    "near_identical",
    "style_similarity",
    "text_profile",
]

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})")
_HASHTAG = re.compile(r"#\w+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_BUCKETS = (1 << 20) - 1
_NEAR = 90.0
_MAX_POSTS = 50
_MAX_CHARS = 2_000


def _clean(post: str) -> str:
    text = _URL.sub(" \u2192 ", post[:_MAX_CHARS])
    text = _MENTION.sub(" @ ", text)
    return fold(text)


@dataclass(frozen=True, slots=True)
class TextProfile:
    """What the content measures need of one account's posts, computed once."""

    cleaned: tuple[str, ...]
    vector: dict[int, float]
    style: tuple[float, ...]


def _vector(texts: Sequence[str]) -> dict[int, float]:
    counts: Counter[int] = Counter()
    for text in texts:
        padded = f" {text} "
        counts.update(
            zlib.crc32(padded[i : i + 3].encode("utf-8")) & _BUCKETS for i in range(len(padded) - 2)
        )
    weights = {key: 1.0 + math.log(count) for key, count in counts.items()}
    norm = math.sqrt(sum(value * value for value in weights.values())) or 1.0
    return {key: value / norm for key, value in weights.items()}


def _style(posts: Sequence[str]) -> tuple[float, ...]:
    if not posts:
        return ()
    total = len(posts)
    letters = sum(sum(char.isalpha() for char in post) for post in posts) or 1
    capitals = sum(sum(char.isupper() for char in post) for post in posts)
    return (
        sum(bool(_URL.search(post)) for post in posts) / total,
        sum(bool(_HASHTAG.search(post)) for post in posts) / total,
        sum(bool(_MENTION.search(post)) for post in posts) / total,
        sum(post.startswith("RT @") for post in posts) / total,
        sum(bool(_ARABIC.search(post)) for post in posts) / total,
        capitals / letters,
        min(sum(len(post) for post in posts) / total, 280.0) / 280.0,
    )


def text_profile(posts: Sequence[str]) -> TextProfile:
    """The cleaned posts (at most 50), their n-gram vector and their style rates."""
    kept = [post for post in posts[:_MAX_POSTS] if post.strip()]
    cleaned = tuple(_clean(post) for post in kept)
    return TextProfile(cleaned=cleaned, vector=_vector(cleaned), style=_style(kept))


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    """Cosine of two L2-normalized sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, sum(value * b.get(key, 0.0) for key, value in a.items()))


def near_identical(new: TextProfile, old: TextProfile, first: int = 5) -> tuple[int, int]:
    """(how many of the first ``first`` new posts nearly copy an old post, how many looked at)."""
    looked = [text for text in new.cleaned[:first] if len(text) >= 12]
    if not looked or not old.cleaned:
        return 0, len(looked)
    hits = sum(
        process.extractOne(text, old.cleaned, scorer=fuzz.ratio, score_cutoff=_NEAR) is not None
        for text in looked
    )
    return hits, len(looked)


def style_similarity(a: TextProfile, b: TextProfile) -> float:
    """1 - mean absolute difference of the style rates (0 when either has no posts)."""
    if not a.style or not b.style:
        return 0.0
    return 1.0 - sum(abs(x - y) for x, y in zip(a.style, b.style, strict=True)) / len(a.style)


def early_mentions(posts: Sequence[str], first: int = 5) -> frozenset[str]:
    """Lower-cased @handles in the first ``first`` posts ("my previous account @x")."""
    return frozenset(
        handle.lower() for post in posts[:first] for handle in _HANDLE.findall(post[:2_000])
    )
