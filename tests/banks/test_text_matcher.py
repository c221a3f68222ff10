"""``watchkeeper.banks.text_matcher``: banked statements found in posts, kept current.

Runs on SQLite and PostgreSQL; bank changes arrive through the store's change log on
the follower's beat, driven here by a hand-moved clock.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from watchkeeper.banks.follower import DEFAULT_REFRESH_SECONDS, BankFollower
from watchkeeper.banks.repository import BankRepository, NewEntry
from watchkeeper.banks.text_matcher import TextBankMatch, TextMatcher
from watchkeeper.store.repository import Store

STATEMENT = (
    "The soldiers of the caliphate carried out a blessed operation against the "
    "crusaders and we call on every lone wolf to follow their example"
)
SECOND = (
    "Brothers we must never forget the martyrs of the east whose blood waters the "
    "tree of our faith and our victory is near"
)
EDITED = "Read this!!! " + STATEMENT.replace("blessed", "great").upper() + " #news https://t.co/x"
"""The statement re-posted shouted, with a word changed, a hashtag and a link."""
HALF = "hello " + " ".join(STATEMENT.split()[:14])
"""The first 14 of the statement's 24 words: about 0.58 of it."""
TOO_SHORT = "may Allah accept him and his family"


@dataclass
class Ticker:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def repo(store: Store) -> BankRepository:
    return BankRepository(store)


def started(repo: BankRepository) -> tuple[TextMatcher, Ticker]:
    matcher = TextMatcher(repo)
    ticker = Ticker()
    matcher.follower = BankFollower(repo, monotonic=ticker)
    matcher.start()
    return matcher, ticker


def refresh(matcher: TextMatcher, ticker: Ticker) -> None:
    ticker.now += DEFAULT_REFRESH_SECONDS
    matcher.refresh_if_due()


def banks_of(matcher: TextMatcher, text: str) -> list[tuple[str, bool]]:
    [matches] = matcher.match([text])
    return sorted((match.bank, match.negative) for match in matches)


def test_a_banked_statement_is_found_in_an_edited_post(repo: BankRepository) -> None:
    repo.create_bank("statements")
    [entry_id, _] = repo.add_entries(
        "statements", [NewEntry("raw_text", STATEMENT), NewEntry("raw_text", SECOND)]
    ).added
    matcher, _ = started(repo)
    assert len(matcher) == 2
    results = matcher.match([EDITED, "see you at lunch", "", "The soldiers came home today"])
    [match] = results[0]
    assert isinstance(match, TextBankMatch)
    assert (match.entry_id, match.bank, match.negative) == (entry_id, "statements", False)
    assert 0.9 <= match.score < 1.0  # one word of 24 changed
    assert EDITED[match.start : match.end].startswith("THE SOLDIERS OF THE CALIPHATE")
    assert EDITED[match.start : match.end].endswith("FOLLOW THEIR EXAMPLE")
    assert results[1:] == [[], [], []]
    [[exact]] = matcher.match([f"quoted: “{STATEMENT}” end"])
    assert exact.score == 1.0


def test_each_bank_has_its_own_minimum_score(repo: BankRepository) -> None:
    repo.create_bank("lenient", text_min_score=0.5)
    repo.create_bank("default")
    for bank in ("lenient", "default"):
        repo.add_entries(bank, [NewEntry("raw_text", STATEMENT)])
    matcher, ticker = started(repo)
    assert banks_of(matcher, EDITED) == [("default", False), ("lenient", False)]
    assert banks_of(matcher, HALF) == [("lenient", False)]
    repo.update_bank("default", text_min_score=0.55)
    refresh(matcher, ticker)
    assert banks_of(matcher, HALF) == [("default", False), ("lenient", False)]


def test_disabled_banks_are_not_matched(repo: BankRepository) -> None:
    repo.create_bank("b")
    repo.add_entries("b", [NewEntry("raw_text", STATEMENT)])
    matcher, ticker = started(repo)
    repo.update_bank("b", enabled=False)
    refresh(matcher, ticker)
    assert banks_of(matcher, EDITED) == []


def test_entries_added_or_removed_after_start_follow_on_refresh(repo: BankRepository) -> None:
    repo.create_bank("b")
    [first] = repo.add_entries("b", [NewEntry("raw_text", STATEMENT)]).added
    matcher, ticker = started(repo)
    repo.add_entries("b", [NewEntry("raw_text", SECOND)])
    assert banks_of(matcher, SECOND) == []  # not yet due
    refresh(matcher, ticker)
    assert banks_of(matcher, SECOND) == [("b", False)]
    repo.remove_entries("b", [first])
    refresh(matcher, ticker)
    assert banks_of(matcher, EDITED) == []
    assert len(matcher) == 1
    repo.add_entries("b", [NewEntry("raw_text", STATEMENT, negative=True)])  # revived
    refresh(matcher, ticker)
    assert banks_of(matcher, EDITED) == [("b", True)]
    assert {m.entry_id for m in matcher.match([EDITED])[0]} == {first}


def test_negative_entries_are_flagged_and_a_changed_flag_is_followed(
    repo: BankRepository,
) -> None:
    repo.create_bank("b")
    repo.create_bank("fp")
    repo.add_entries("b", [NewEntry("raw_text", STATEMENT)])
    [negative] = repo.add_entries("fp", [NewEntry("raw_text", STATEMENT, negative=True)]).added
    matcher, ticker = started(repo)
    assert banks_of(matcher, EDITED) == [("b", False), ("fp", True)]
    repo.remove_entries("fp", [negative])
    repo.add_entries("fp", [NewEntry("raw_text", STATEMENT)])  # revived, no longer negative
    refresh(matcher, ticker)
    assert banks_of(matcher, EDITED) == [("b", False), ("fp", False)]


def test_too_short_entries_are_skipped_not_matched(repo: BankRepository) -> None:
    repo.create_bank("b")
    repo.add_entries("b", [NewEntry("raw_text", TOO_SHORT), NewEntry("raw_text", STATEMENT)])
    matcher, ticker = started(repo)
    assert (len(matcher), matcher.skipped) == (1, 1)
    assert banks_of(matcher, f"{TOO_SHORT}. {TOO_SHORT}") == []
    repo.add_entries("b", [NewEntry("raw_text", "pray for them all today friends")])
    refresh(matcher, ticker)
    assert (len(matcher), matcher.skipped) == (1, 2)


def test_only_text_entries_are_loaded(repo: BankRepository) -> None:
    repo.create_bank("b")
    repo.add_entries("b", [NewEntry("video_md5", "d41d8cd98f00b204e9800998ecf8427e")])
    matcher, ticker = started(repo)
    assert len(matcher) == 0
    assert matcher.match([EDITED, ""]) == [[], []]
    assert matcher.match([]) == []
    repo.add_entries("b", [NewEntry("pdq", "0f" * 32)])
    refresh(matcher, ticker)
    assert len(matcher) == 0
