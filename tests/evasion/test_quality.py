"""Quality smoke test: real re-registration families held out from training.

The families are public pro-ISIS handles from the isis_fanboy set (CC0) whose stems
fall in the evaluation's test split, so the shipped model never saw them. Their
parents sit among generated distractors, and unrelated names are checked too (half
from the distractors' name parts, so coincidences like ``Iraq430``/``Iraq305`` occur). The
floors are well under the measured figures (see MODEL_CARD.md): they catch a broken
model or normalization, not a small regression.
"""

from __future__ import annotations

import random
import string

from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.matcher import EvasionMatcher
from watchkeeper.evasion.profile import AccountProfile

FAMILIES = [
    ["AbuHaleema28", "Abu189Haleema", "AbuHaleema164"],
    ["AbuHanzalah2", "abuhanzalah10"],
    ["AdamHasakah7", "AdamHasakah112", "AdamHasakah17", "AdamHasakah69", "adam_hasakah86"],
    ["AlamrikiOmar", "alamriki_omar"],
    ["BintSaaand", "BintSand_", "BintSannd", "Bint_Sand"],
    ["Bint_Dutches2", "bint_dutches14"],
    ["CXaafada2", "CXafada5"],
    ["ERRRhabi", "Erhabi39", "erhabi37", "erhabii41"],
    ["GreatISNation00", "GreatISNation05", "GreatISNation10"],
    ["Mundafen2", "Mundafen3", "Mundafenn4"],
    ["mustafaklash34", "mustafaklash37", "mustafaklash52"],
    ["nightwalker_137", "nightwalker_138"],
    ["ozwitness", "OzWitness132", "OzWitness50"],
    ["warrnews", "WarNews24_7"],
    ["wayf44rer16", "wayf44rer_", "wayff44rer", "wwayyf44rer"],
]
PARTS = (
    "abu",
    "umm",
    "ibn",
    "al",
    "bint",
    "news",
    "media",
    "war",
    "truth",
    "sham",
    "iraq",
    "omar",
    "ali",
    "khalid",
    "ahmad",
    "mustafa",
    "adam",
    "sara",
    "john",
    "mike",
    "daily",
    "real",
    "the",
    "world",
    "report",
    "free",
    "voice",
    "light",
    "dawn",
    "star",
)


OTHER_PARTS = (
    "river",
    "stone",
    "blue",
    "garden",
    "maria",
    "lucas",
    "chen",
    "photo",
    "coffee",
    "jazz",
    "north",
    "pixel",
    "travel",
    "kitchen",
    "yoga",
    "mountain",
    "ocean",
    "laura",
    "diego",
)


def names(rng: random.Random, count: int, parts: tuple[str, ...] = PARTS) -> list[str]:
    found = []
    for _ in range(count):
        if rng.random() < 0.6:
            name = "".join(rng.choice(parts).capitalize() for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.5:
                name += str(rng.randint(0, 999))
        else:
            name = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 12)))
        found.append(name[:15])
    return found


def test_real_families_are_found_and_unrelated_names_are_not_flagged() -> None:
    index = SuspendedIndex()
    parents = {family[0]: f"p{i}" for i, family in enumerate(FAMILIES)}
    index.add_many(AccountProfile(id=pid, username=name) for name, pid in parents.items())
    distractors = names(random.Random(1), 2_000)
    index.add_many(AccountProfile(id=f"d{i}", username=name) for i, name in enumerate(distractors))
    matcher = EvasionMatcher(index)
    reciprocal, flagged, successors = 0.0, 0, 0
    for family in FAMILIES:
        for member in family[1:]:
            query = AccountProfile(id="q", username=member)
            found = matcher.match(query, top=10)
            ids = [match.id for match in found]
            successors += 1
            if parents[family[0]] in ids:
                reciprocal += 1 / (ids.index(parents[family[0]]) + 1)
            flagged += matcher.is_flagged(query, found)
    taken = {name.lower() for name in [*parents, *distractors]}
    # a username is unique on a platform: an unrelated one never equals a suspended one
    drawn = names(random.Random(2), 200) + names(random.Random(3), 200, OTHER_PARTS)
    unrelated = [name for name in drawn if name.lower() not in taken]
    false_flags = 0
    for name in unrelated:
        query = AccountProfile(id="n", username=name)
        false_flags += matcher.is_flagged(query, matcher.match(query, top=1))
    assert reciprocal / successors >= 0.9
    assert flagged / successors >= 0.6
    assert false_flags / len(unrelated) <= 0.07
