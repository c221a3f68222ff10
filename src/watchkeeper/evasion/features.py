"""The evidence that a new account is a suspended one, as numbers the model weighs.

Each feature answers one question a moderator would ask ("is the name the old one
with a number bumped?", "same email?", "does it repost the old posts?"), and every
optional field comes with a flag saying whether both accounts have it, so the model
can tell "no evidence" from "evidence against". Features are computed only for the
few candidates the index returns, from an ``AccountView`` built once per account.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from watchkeeper.evasion.content import (
    TextProfile,
    cosine,
    early_mentions,
    near_identical,
    style_similarity,
    text_profile,
)
from watchkeeper.evasion.context import CONTEXT_FEATURES
from watchkeeper.evasion.names import NameKeys, name_keys, numbers_close, transliterate
from watchkeeper.evasion.phrases import refollow_request
from watchkeeper.evasion.profile import PDQ_MATCH_DISTANCE, AccountProfile, pdq_distance
from watchkeeper.evasion.rarity import stem_bits

__all__ = [
    "CONTEXT_START",
    "FEATURE_NAMES",
    "SIMILARITY_COLUMN",
    "AccountView",
    "NameEvidence",
    "account_view",
    "crowd_value",
    "features",
]

_MAX_BITS = 60.0

FEATURE_NAMES: tuple[str, ...] = (
    "name_ratio_plain",
    "name_ratio_skeleton",
    "name_high_skeleton",
    "name_ratio_collapsed",
    "name_ratio_consonants",
    "name_high_collapsed",
    "name_edits_collapsed",
    "name_same_plain",
    "name_same_stem",
    "name_same_collapsed",
    "name_same_consonants",
    "name_prefix",
    "name_contained",
    "name_query_bits",
    "name_shared_bits",
    "name_same_x_bits",
    "name_crowd",
    "name_short",
    "name_number_bumped",
    "name_number_changed",
    "name_number_added",
    "display_both",
    "display_ratio",
    "display_same",
    "display_cross",
    "display_any",
    "bio_both",
    "bio_cosine",
    "email_both",
    "email_same",
    "ip_both",
    "ip_same",
    "avatar_both",
    "avatar_closeness",
    "avatar_match",
    "follows_both",
    "follows_jaccard",
    "follows_common",
    "posts_both",
    "posts_cosine",
    "posts_near",
    "posts_style",
    "posts_mention_old",
    "refollow",
    "refollow_x_name",
    "name_skeleton_x_bits",
    *CONTEXT_FEATURES,
)
CONTEXT_START = FEATURE_NAMES.index(CONTEXT_FEATURES[0])
"""First of the columns ``context.add_context`` fills once all candidates are known."""
SIMILARITY_COLUMN = FEATURE_NAMES.index("name_ratio_skeleton")


@dataclass(frozen=True, slots=True)
class AccountView:
    """One account with everything the features need, computed once."""

    profile: AccountProfile
    name: NameKeys
    display: NameKeys | None
    display_text: str
    bio: TextProfile | None
    posts: TextProfile | None
    follows: frozenset[str]
    refollow: str | None
    mentioned: frozenset[str]
    """Handles @mentioned in the first posts, lower case ("my previous account @x")."""


def account_view(profile: AccountProfile, name: NameKeys | None = None) -> AccountView:
    """Everything the features need about ``profile`` (``name``: its username's keys,
    when already known)."""
    display = name_keys(profile.display_name) if profile.display_name else None
    return AccountView(
        profile=profile,
        name=name or name_keys(profile.username),
        display=display if display and display.plain else None,
        display_text=transliterate(profile.display_name) if profile.display_name else "",
        bio=text_profile([profile.bio]) if profile.bio and profile.bio.strip() else None,
        posts=text_profile(profile.posts) if profile.posts else None,
        follows=frozenset(profile.follows),
        refollow=refollow_request(profile.posts) if profile.posts else None,
        mentioned=early_mentions(profile.posts),
    )


@dataclass(frozen=True, slots=True)
class NameEvidence:
    """Name comparisons kept for the explanation as well as the model."""

    shared: str
    shared_bits: float


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0 if a and b else 0.0


def _shared_part(a: str, b: str) -> str:
    """The part of the longer name that best matches the shorter one (rapidfuzz alignment)."""
    if a == b:
        return a
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    found = fuzz.partial_ratio_alignment(shorter, longer)
    if found is None:
        return ""
    shared = shorter[found.src_start : found.src_end]
    return shared if shared in longer else longer[found.dest_start : found.dest_end]


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        size += 1
    return size


def _name_features(q: NameKeys, c: NameKeys) -> tuple[list[float], NameEvidence]:
    ratio_collapsed = _ratio(q.collapsed, c.collapsed)
    shared = _shared_part(q.collapsed, c.collapsed) if ratio_collapsed >= 0.5 else ""
    shared_bits = min(stem_bits(shared), _MAX_BITS) / _MAX_BITS if len(shared) >= 3 else 0.0
    query_bits = min(stem_bits(q.collapsed), _MAX_BITS) / _MAX_BITS
    longest = max(len(q.collapsed), len(c.collapsed), 1)
    shorter, longer = sorted((q.collapsed, c.collapsed), key=len)
    same_collapsed = float(bool(q.collapsed) and q.collapsed == c.collapsed)
    edits = Levenshtein.distance(q.collapsed, c.collapsed) if ratio_collapsed >= 0.5 else 9
    q_number, c_number = q.trail or q.lead, c.trail or c.lead
    ratio_skeleton = _ratio(q.skeleton, c.skeleton)
    values = [
        _ratio(q.plain, c.plain),
        ratio_skeleton,
        max(0.0, ratio_skeleton - 0.8) / 0.2,
        ratio_collapsed,
        _ratio(q.consonants, c.consonants),
        max(0.0, ratio_collapsed - 0.8) / 0.2,
        min(edits, 9) / 9.0,
        float(q.plain == c.plain),
        float(bool(q.stem) and q.stem == c.stem),
        same_collapsed,
        float(len(q.consonants) >= 3 and q.consonants == c.consonants),
        _common_prefix(q.collapsed, c.collapsed) / longest,
        float(len(shorter) >= 4 and shorter != longer and shorter in longer),
        query_bits,
        shared_bits,
        same_collapsed * query_bits,
        float(len(q.collapsed) <= 4),
        float(numbers_close(q, c)),
        float(bool(q_number) and bool(c_number) and q_number != c_number),
        float(bool(q_number) != bool(c_number)),
    ]
    return values, NameEvidence(shared=shared, shared_bits=shared_bits * _MAX_BITS)


def _display_features(q: AccountView, c: AccountView) -> list[float]:
    both = q.display is not None and c.display is not None
    ratio = same = 0.0
    if both:
        ratio = fuzz.token_set_ratio(q.display_text, c.display_text) / 100.0
        same = float(q.display_text == c.display_text)
    cross = 0.0
    pairs = [(q.display, c.name), (q.name, c.display)]
    if both:
        pairs.append((q.display, c.display))
    for left, right in pairs:
        if left is None or right is None:
            continue
        cross = max(cross, _ratio(left.collapsed, right.collapsed))
        if len(left.consonants) >= 4 and left.consonants == right.consonants:
            cross = max(cross, 0.95)
    any_display = q.display is not None or c.display is not None
    return [float(both), ratio, same, cross, float(any_display)]


def _identifier_features(q: AccountProfile, c: AccountProfile) -> list[float]:
    values: list[float] = []
    for left, right in ((q.email, c.email), (q.ip, c.ip)):
        both = bool(left and right)
        values += [float(both), float(both and left == right)]
    if q.avatar_pdq and c.avatar_pdq:
        distance = pdq_distance(q.avatar_pdq, c.avatar_pdq)
        values += [1.0, max(0.0, 1.0 - distance / 64.0), float(distance <= PDQ_MATCH_DISTANCE)]
    else:
        values += [0.0, 0.0, 0.0]
    return values


def _follow_features(q: AccountView, c: AccountView) -> list[float]:
    if not q.follows or not c.follows:
        return [0.0, 0.0, 0.0]
    common = len(q.follows & c.follows)
    union = len(q.follows | c.follows)
    return [1.0, common / union, min(1.0, math.log1p(common) / math.log1p(50))]


def _post_features(q: AccountView, c: AccountView) -> list[float]:
    if q.posts is None or c.posts is None or not q.posts.cleaned or not c.posts.cleaned:
        return [0.0, 0.0, 0.0, 0.0]
    hits, looked = near_identical(q.posts, c.posts)
    return [
        1.0,
        cosine(q.posts.vector, c.posts.vector),
        hits / looked if looked else 0.0,
        style_similarity(q.posts, c.posts),
    ]


def crowd_value(suspended_with_stem: int) -> float:
    """How crowded the query's stem is among suspended names, in [0, 1] (log scale).

    One suspended ``gunsandcoffee`` makes a new ``gunsandcoffee71`` telling; a thousand
    suspended ``mike…`` make any one of them weak evidence for a new ``mike7``.
    """
    return min(1.0, math.log1p(suspended_with_stem) / math.log1p(1_000))


def features(
    q: AccountView, c: AccountView, crowd: float = 0.0
) -> tuple[list[float], NameEvidence]:
    """The feature vector (in ``FEATURE_NAMES`` order) for query ``q`` against ``c``.

    ``crowd`` is ``crowd_value`` of the number of suspended names sharing the query's
    collapsed stem (the index knows it; 0 when unknown). The ``CONTEXT_FEATURES``
    columns are left at 0 for ``context.add_context`` to fill from the whole list.
    """
    name, evidence = _name_features(q.name, c.name)
    name.insert(FEATURE_NAMES.index("name_crowd"), crowd)
    bio_both = q.bio is not None and c.bio is not None
    bio = [float(bio_both), cosine(q.bio.vector, c.bio.vector) if q.bio and c.bio else 0.0]
    refollow = float(q.refollow is not None)
    values = [
        *name,
        *_display_features(q, c),
        *bio,
        *_identifier_features(q.profile, c.profile),
        *_follow_features(q, c),
        *_post_features(q, c),
        float(c.profile.username.lower() in q.mentioned),
        refollow,
        refollow * name[3],
        name[2] * name[13],
        *[0.0] * len(CONTEXT_FEATURES),
    ]
    return values, evidence
