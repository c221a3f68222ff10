"""``training/evasion_data.py``: distractors are never drawn from the names checked as unrelated."""

from __future__ import annotations

from evasion_data import Account, Query, SplitData, distractor_corpus


def _split() -> SplitData:
    return SplitData(
        suspended=[Account("s1", "AdamHasakah7"), Account("s2", "mike_77"), Account("d3", "Mik9")],
        queries=[
            Query(Account("n4", "gt3KDyxVwE5sF4r"), None, "unrelated"),
            Query(Account("e5", "AdamHasakah8"), "s1", "generated"),
        ],
        stems={"adamhasakah", "mike", "gtkdyxvwesfr"},
    )


def test_distractors_learn_from_the_real_suspended_names_only() -> None:
    """Learnt from the unrelated names too, a character chain drew near-copies of them
    (``gt3KDyxVwE5sF4r`` -> ``AghKDyxVwE5sFah``) into the suspended index."""
    assert distractor_corpus(_split()) == ["AdamHasakah7", "mike_77"]
