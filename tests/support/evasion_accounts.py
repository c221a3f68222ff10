"""A small suspended-account index with one account per evasion pattern, for the tests."""

from __future__ import annotations

from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.profile import AccountProfile

PDQ = "0123456789abcdef" * 4


def account(id_: str, username: str, **extra: object) -> AccountProfile:
    return AccountProfile.model_validate({"id": id_, "username": username, **extra})


def filled() -> SuspendedIndex:
    index = SuspendedIndex()
    index.add_many(
        [
            account("1", "abutariq040"),
            account("2", "INSIDER"),
            account("3", "GunsandCoffee70", display_name="GunsandCoffee"),
            account("4", "wayf44rer"),
            account("5", "abu_muhammad"),
            account("6", "someone_else", email="x.y+z@gmail.com", ip="192.0.2.7"),
            account("7", "pictures", avatar_pdq=PDQ),
        ]
        + [account(f"f{i}", f"filler{i}name") for i in range(200)]
    )
    return index


def ids(index: SuspendedIndex, profile: AccountProfile) -> list[str]:
    return [index.account_id(row) for row in index.candidates(profile)]
