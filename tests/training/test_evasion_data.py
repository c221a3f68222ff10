"""``training/evasion_data.py``: distractors are never drawn from the names checked as unrelated."""

from __future__ import annotations

from evasion_data import Account, Query, SplitData, distractor_corpus, other_real_handles


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


def test_each_index_also_holds_the_other_splits_real_handles() -> None:
    """Suspended and unrelated real names of the other splits, not their drawn names,
    successors, or this split's own names."""
    other = SplitData(
        suspended=[Account("s6", "collegefession"), Account("d7", "college_fest3")],
        queries=[
            Query(Account("n8", "weather_in_oslo"), None, "unrelated"),
            Query(Account("e9", "collegefession2"), "s6", "generated"),
        ],
        stems={"colegefesion", "weatherinoslo"},
    )
    splits = {"test": _split(), "train": other}
    assert other_real_handles(splits, "test") == ["collegefession", "weather_in_oslo"]
    assert other_real_handles(splits, "train") == ["AdamHasakah7", "gt3KDyxVwE5sF4r", "mike_77"]
