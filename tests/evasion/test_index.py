"""The suspended-account index: retrieval by every key, incremental add and remove."""

from __future__ import annotations

from evasion_accounts import PDQ, account, filled, ids

from watchkeeper.evasion.names import name_keys


def test_each_evasion_pattern_is_retrieved() -> None:
    index = filled()
    assert "1" in ids(index, account("q", "abutariq041"))
    assert "2" in ids(index, account("q", "lNSlDER"))
    assert "3" in ids(index, account("q", "GunsandCoffee71"))
    assert "4" in ids(index, account("q", "wwayff44rer"))
    assert "5" in ids(index, account("q", "x", display_name="ابو محمد"))


def test_identifiers_retrieve_whatever_the_name() -> None:
    index = filled()
    assert "6" in ids(index, account("q", "zzz", email="xy@googlemail.com"))
    assert "6" in ids(index, account("q", "zzz", ip="192.0.2.7"))
    near = PDQ[:-1] + ("0" if PDQ[-1] != "0" else "1")
    assert "7" in ids(index, account("q", "zzz", avatar_pdq=near))


def test_incremental_add_and_remove() -> None:
    index = filled()
    size = len(index)
    index.add(account("new", "freshname99"))
    assert len(index) == size + 1 and "new" in index
    assert "new" in ids(index, account("q", "freshname100"))
    assert index.remove("1") and not index.remove("1")
    assert "1" not in index and len(index) == size
    assert "1" not in ids(index, account("q", "abutariq041"))
    index.compact()  # removed rows are dropped, others keep working
    assert "1" not in ids(index, account("q", "abutariq041"))
    assert "new" in ids(index, account("q", "freshname100"))
    assert "6" in ids(index, account("q", "zzz", email="xy@gmail.com"))


def test_adding_an_id_again_replaces_it() -> None:
    index = filled()
    index.add(account("2", "completely_new"))
    assert index.get("2") == account("2", "completely_new")
    assert "2" not in ids(index, account("q", "INSIDER"))
    assert "2" in ids(index, account("q", "completely_new1"))


def test_a_query_never_retrieves_removed_identifiers() -> None:
    index = filled()
    index.remove("6")
    assert "6" not in ids(index, account("q", "zzz", email="xy@gmail.com"))


def test_stored_name_keys_stay_with_their_row_across_compaction() -> None:
    index = filled()
    index.add(account("new", "Fr3shN4me_99"))
    index.remove("2")
    index.compact()  # rows renumbered: the stored keys must move with them
    for query in (account("q", "abutariq041"), account("q", "freshname100")):
        for row in index.candidates(query):
            assert index.name_keys(row) == name_keys(index.profile(row).username)


def test_rows_with_more_than_a_username_are_told_apart() -> None:
    index = filled()
    index.add(account("plain", "plainname12"))
    index.add(account("rich", "richname12", display_name="Rich Name"))
    index.remove("1")
    index.compact()
    found = {index.account_id(row): row for row in index.candidates(account("q", "plainname13"))}
    assert not index.has_details(found["plain"])
    found = {index.account_id(row): row for row in index.candidates(account("q", "richname13"))}
    assert index.has_details(found["rich"])
