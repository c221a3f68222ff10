"""TextBankIndex: edited, quoted and partial copies of statements match, with the right span."""

from __future__ import annotations

import io

import numpy as np
import pytest

from watchkeeper.banks import text_index
from watchkeeper.banks.text_index import (
    DEFAULT_THRESHOLD,
    MIN_SCORE,
    TextBankIndex,
    TextMatch,
)
from watchkeeper.banks.text_shingles import KEYS_VERSION

STATEMENT = (
    "The soldiers of the Caliphate stormed the positions of the apostate army south of "
    "the city and killed dozens of them, and praise be to Allah"
)
OTHER = (
    "Brothers, the winter campaign continues in the north and the enemy is retreating "
    "from every village they once held, so be patient and steadfast"
)
ARABIC = (
    "أعلنت الدولة الإسلامية السيطرة الكاملة على المدينة بعد معارك عنيفة مع جيش "
    "النظام استمرت ثلاثة أيام"
)
UNRELATED = (
    "The city council met on Tuesday to discuss the new bus routes and the budget "
    "for repairing the bridge south of the river"
)


def _index(*entries: tuple[int, str]) -> TextBankIndex:
    index = TextBankIndex()
    for entry_id, text in entries:
        index.add(entry_id, text)
    return index


def _one(index: TextBankIndex, text: str) -> TextMatch:
    (found,) = index.query_many([text])
    assert found, f"no match for {text!r}"
    return found[0]


def test_exact_copy_scores_one_and_spans_the_whole_post() -> None:
    index = _index((1, STATEMENT), (2, OTHER))
    match = _one(index, STATEMENT)
    assert (match.entry_id, match.score) == (1, 1.0)
    assert (match.start, match.end) == (0, len(STATEMENT))


def test_quoted_in_a_longer_post_matches_fully_and_the_span_is_the_quote() -> None:
    index = _index((1, STATEMENT), (2, OTHER))
    before = "Look at what they published today, unbelievable stuff: «"
    post = f"{before}{STATEMENT}» What do you all think about this? {UNRELATED}"
    match = _one(index, post)
    assert match.entry_id == 1
    assert match.score == 1.0
    assert post[match.start : match.end] == STATEMENT


def test_surface_edits_still_match_and_the_span_is_the_text_as_written() -> None:
    index = _index((1, STATEMENT))
    post = (
        "RT @brother_in_sham: THE SOLDIERS OF THE C\u0410LIPHATE stormed the pósitions of the "
        "apostate 4rmy south of the clty and kiiiilled dozens of them, and praise be to "
        "ALLAH!!! #Khilafah https://t.co/abc123"
    )  # Cyrillic A, accent, leet, l for i, a letter run, RT, hashtag, link
    match = _one(index, post)
    assert match.entry_id == 1
    assert match.score == 1.0
    assert post[match.start : match.end].startswith("THE SOLDIERS")
    assert post[match.start : match.end].endswith("ALLAH")


def test_a_changed_word_costs_one_word_of_the_score() -> None:
    index = _index((1, STATEMENT))
    words = STATEMENT.split()
    changed = " ".join(["enemy" if w == "apostate" else w for w in words])
    assert _one(index, changed).score == pytest.approx((len(words) - 1) / len(words))


def test_a_partial_copy_scores_its_share_of_the_entry() -> None:
    index = _index((1, STATEMENT))
    words = STATEMENT.split()
    part = " ".join(words[: round(0.7 * len(words))])
    match = _one(index, part)
    assert match.score == pytest.approx(round(0.7 * len(words)) / len(words))
    assert match.score >= DEFAULT_THRESHOLD
    assert (match.start, match.end) == (0, len(part))
    too_little = " ".join(words[: round(0.4 * len(words))])
    assert index.query_many([too_little]) == [[]]


def test_unrelated_and_near_topic_posts_do_not_match() -> None:
    index = _index((1, STATEMENT), (2, OTHER), (3, ARABIC))
    posts = [
        UNRELATED,
        "The army said its soldiers stormed positions south of the city yesterday",
        "praise be to Allah for this beautiful morning with my family",
        "",
        "short",
    ]
    assert index.query_many(posts) == [[] for _ in posts]


def test_arabic_letter_variants_harakat_and_tatweel_match() -> None:
    index = _index((3, ARABIC), (2, OTHER))
    variant = (
        "اعلنت الدوله الاسلاميه السيطره الكامله علي المـدينة بَعْدَ معارك عنيفة مع جيش "
        "النظام استمرت ثلاثه ايام"
    )
    post = f"عاجل | {variant} #الدولة_الاسلامية"
    match = _one(index, post)
    assert (match.entry_id, match.score) == (3, 1.0)
    assert post[match.start : match.end] == variant


def test_text_without_spaces_is_matched_by_characters() -> None:
    statement = "イスラム国の兵士たちは都市の南にある軍の陣地を襲撃し数十人を殺害したと発表した"
    index = _index((5, statement))
    post = f"ニュース\uff1a{statement}\u3002怖い"
    match = _one(index, post)
    assert (match.entry_id, match.score) == (5, 1.0)
    assert post[match.start : match.end] == statement


def test_matches_are_sorted_best_first_and_floored() -> None:
    index = _index((1, STATEMENT), (2, OTHER))
    words = OTHER.split()
    post = f"{STATEMENT} {' '.join(words[: int(0.6 * len(words))])}"
    (found,) = index.query_many([post])
    assert [m.entry_id for m in found] == [1, 2]
    assert found[0].score > found[1].score >= MIN_SCORE
    (fewer,) = index.query_many([post], min_score=0.9)
    assert [m.entry_id for m in fewer] == [1]


def test_a_common_phrase_is_not_a_match_for_a_short_entry() -> None:
    index = _index((7, "حسبي الله ونعم الوكيل فيكم يا أعداء الدين والوطن"))
    assert index.query_many(["@user حسبي الله ونعم الوكيل فيكم والله"]) == [[]]


@pytest.mark.parametrize(
    "text",
    [
        "Allahu akbar, may Allah accept him",
        "a b c d e f g h i j",  # ten words but fewer than 40 characters
        "الحمدلله الحمدلله الحمدلله الحمدلله الحمدلله الحمدلله الحمدلله الحمدلله الحمدلله",
        "@user @user https://t.co/abcdefghijklmnopqrstuvwxyz #IS",
    ],
)
def test_short_or_repetitive_entries_are_refused(text: str) -> None:
    index = TextBankIndex()
    with pytest.raises(ValueError, match="too short to match safely"):
        index.add(9, text)
    assert len(index) == 0


def test_remove_and_replace() -> None:
    index = _index((1, STATEMENT), (2, OTHER))
    assert len(index) == 2 and 1 in index
    index.remove(1)
    assert len(index) == 1 and 1 not in index
    assert index.query_many([STATEMENT, OTHER]) == [[], [_one(index, OTHER)]]
    index.add(2, STATEMENT)  # same id, new text: replaces
    assert len(index) == 1
    assert index.query_many([OTHER]) == [[]]
    assert _one(index, STATEMENT).entry_id == 2
    with pytest.raises(KeyError):
        index.remove(1)


def _statements(count: int) -> list[str]:
    return [
        f"{STATEMENT} number {i} in the series {i * 7} of {i * 13} reports" for i in range(count)
    ]


def test_many_adds_removes_and_queries_agree_with_a_fresh_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text_index, "DELTA_MIN", 50)  # merge and compact often
    texts = _statements(60)
    index = TextBankIndex()
    for i, text in enumerate(texts):
        index.add(i, text)
        if i % 7 == 6:
            index.query_many([texts[0]])  # flush between adds
        if i % 3 == 2:
            index.remove(i - 1)
    kept = {i: text for i, text in enumerate(texts) if not (i % 3 == 1 and i < 59)}
    assert len(index) == len(kept)
    fresh = TextBankIndex()
    for i, text in kept.items():
        fresh.add(i, text)
    assert index.query_many(texts) == fresh.query_many(texts)
    assert all(
        found and found[0].entry_id == i
        for i, found in zip(kept, index.query_many(list(kept.values())), strict=True)
    )


def test_to_bytes_and_back_answers_the_same() -> None:
    index = _index((1, STATEMENT), (2, OTHER), (3, ARABIC))
    index.remove(2)
    posts = [STATEMENT, OTHER, f"quoted: {ARABIC}", UNRELATED]
    loaded = TextBankIndex.from_bytes(index.to_bytes())
    assert len(loaded) == 2
    assert loaded.query_many(posts) == index.query_many(posts)
    loaded.add(4, OTHER)
    assert _one(loaded, OTHER).entry_id == 4


def test_from_bytes_refuses_another_format_or_keys_version() -> None:
    saved = np.load(io.BytesIO(_index((1, STATEMENT)).to_bytes()))
    arrays = {name: saved[name] for name in saved.files}
    for meta in ([text_index.FORMAT_VERSION + 1, 3, KEYS_VERSION], [1, 3]):
        arrays["meta"] = np.array(meta, np.int64)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        with pytest.raises(ValueError, match="rebuild"):
            TextBankIndex.from_bytes(buffer.getvalue())


def test_size_is_reported() -> None:
    index = _index(*enumerate(_statements(10)))
    assert 0 < index.nbytes < 100_000
