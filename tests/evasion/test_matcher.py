"""Matching with the shipped model: ranking, explanations, missing fields."""

from __future__ import annotations

from evasion_accounts import account

from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.matcher import EvasionMatcher
from watchkeeper.evasion.profile import AccountProfile

PDQ = "0123456789abcdef" * 4


def matcher() -> EvasionMatcher:
    index = SuspendedIndex()
    index.add_many(
        [
            account("insider", "INSIDER", display_name="Musa Al-Ansari"),
            account("guns", "GunsandCoffee70", display_name="GunsandCoffee"),
            account("tariq", "abutariq040"),
            account(
                "full",
                "war_reporter_x",
                email="war.reporter@gmail.com",
                ip="203.0.113.5",
                avatar_pdq=PDQ,
                follows=[f"a{i}" for i in range(40)],
                posts=[
                    "Breaking: the convoy reached the northern bridge this morning",
                    "Pictures from the market today, prices are up again",
                    "Statement number 12 released, read it before it is removed",
                ],
            ),
            account("mike", "mike"),
        ]
        + [account(f"f{i}", name) for i, name in enumerate(FILLER)]
    )
    return EvasionMatcher(index)


FILLER = [
    f"{first}{last}{n}"
    for n, (first, last) in enumerate(
        (a, b)
        for a in ("abu", "umm", "the", "real", "news", "daily")
        for b in ("ali", "omar", "sham", "report", "media", "truth", "world")
    )
]


def test_confusables_and_number_are_explained() -> None:
    found = matcher().match(account("q", "lNSlDER2"), top=3)
    assert found[0].id == "insider"
    assert (
        "'INSIDER' with look-alike letters or leetspeak and digits '2' added"
        in (found[0].reasons[0])
    )


def test_numbered_successor_ranks_first_and_is_flagged() -> None:
    engine = matcher()
    query = account("q", "abutariq041")
    found = engine.match(query, top=5)
    assert found[0].id == "tariq"
    assert "the number moved from 040 to 041" in found[0].reasons[0]
    assert engine.is_flagged(query, found)


def test_every_field_adds_its_reason() -> None:
    engine = matcher()
    query = account(
        "q",
        "war_reporter_y",
        email="warreporter+new@googlemail.com",
        ip="203.0.113.5",
        avatar_pdq=PDQ[:-2] + "ff",
        follows=[f"a{i}" for i in range(10, 50)],
        posts=[
            "RT so this account can reach my previous followers",
            "Breaking: the convoy reached the northern bridge this morning",
        ],
    )
    found = engine.match(query, top=1)[0]
    assert found.id == "full" and found.score > 0.9
    text = " | ".join(found.reasons)
    for expected in (
        "same canonical email hash",
        "same IP/device hash",
        "avatar is the same picture",
        "follows 30 of the same accounts",
        "1 of 2 early posts near-identical",
        "asks for old followers: 'reach my previous followers'",
    ):
        assert expected in text


def test_missing_fields_do_not_count_against_a_match() -> None:
    engine = matcher()
    assert engine.match(account("q", "GunsandCoffee71"), top=1)[0].score > 0.99
    # a name short of certain, so that the display name has room to add (near 1, the
    # trees' leaves move the fourth decimal either way)
    bare = engine.match(account("q", "GunsCoffee"), top=1)[0]
    with_display = engine.match(account("q", "GunsCoffee", display_name="GunsandCoffee"), top=1)[0]
    assert bare.id == with_display.id == "guns"
    assert with_display.score > bare.score > 0.5


def test_a_crowded_common_stem_is_weak_evidence() -> None:
    engine = matcher()
    alone = engine.match(account("q", "mike7"), top=1)[0]
    engine.index.add_many(account(f"m{i}", f"mike{i}") for i in range(100, 160))
    crowded = engine.match(account("q", "mike7"), top=1)[0]
    rare = engine.match(account("q", "GunsandCoffee7"), top=1)[0]
    assert crowded.score < alone.score
    assert rare.score > crowded.score
    unrelated = account("q", "totally_unrelated_name")
    assert not engine.is_flagged(unrelated, engine.match(unrelated, top=1))


def test_an_account_never_matches_itself() -> None:
    engine = matcher()
    found = engine.match(AccountProfile(id="guns", username="GunsandCoffee70"), top=10)
    assert all(match.id != "guns" for match in found)
