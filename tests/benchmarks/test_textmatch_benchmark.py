"""A small run of ``benchmarks/textmatch.py``'s parts on texts written here (not the shared data).

The benchmark's numbers are only as good as its edits, its roles (no copy of a bank
entry may count as an unrelated post) and its bookkeeping (ids, recall, false-match
rate); these tests check those on a handful of statements, and that both matchers run.
(Not ``test_textmatch.py``: the detector's tests hold that name, and test files without
``__init__.py`` need unique names.)
"""

from __future__ import annotations

import random

import pytest
from textmatch import (
    EDITS,
    Datasketch,
    Ours,
    Query,
    assign,
    clusters,
    evaluation,
    false_rate,
    make_queries,
    measure,
    recall,
    report,
)

from watchkeeper.banks.text_index import DEFAULT_THRESHOLD

LATIN = [
    "The soldiers of the Caliphate stormed the positions of the apostate army south of "
    "the city and killed dozens of them, and praise be to Allah for this victory",
    "A new message from the official spokesman calls on the supporters in every land to "
    "rise up and strike the enemies wherever they find them without waiting for orders",
    "The media office of the province released a new video showing the training of the "
    "cubs of the Caliphate in the camps near the river and their pledge of allegiance",
]
ARABIC = [
    "أعلنت الدولة الإسلامية السيطرة الكاملة على المدينة بعد معارك عنيفة مع جيش "
    "النظام استمرت ثلاثة أيام وقتل العشرات من الجنود",
    "بيان صادر عن المكتب الإعلامي يدعو الأنصار في كل مكان إلى نشر الإصدار الجديد "
    "على أوسع نطاق وعدم الالتفات إلى حملات الإغلاق",
]
DONORS = [
    "I can't believe what I just read on the news this morning, people are crazy",
    "Weather is finally nice again so we are going to the beach with the kids",
    "The council approved the new budget for the bridge repairs after a long debate",
]
ARABIC_DONORS = [
    "الجو اليوم جميل جدا والحمد لله على كل حال",
    "مبروك للفريق الفوز المستحق في مباراة الأمس",
]


@pytest.mark.parametrize("kind", list(EDITS))
def test_every_edit_keeps_the_statement_findable(kind: str) -> None:
    matcher = Ours()
    statements = LATIN + ARABIC
    matcher.build(list(enumerate(statements)))
    rng = random.Random(3)
    for source, text in enumerate(statements):
        if kind == "arabic_letters" and source < len(LATIN):
            continue
        donors = ARABIC_DONORS if source >= len(LATIN) else DONORS
        edited = EDITS[kind](text, rng, donors)
        if kind != "exact":
            assert edited != text
        (found,) = matcher.query([edited])
        assert any(e == source and s >= DEFAULT_THRESHOLD for e, s in found), (kind, edited)


def test_clusters_join_posts_that_share_six_words_and_count_words() -> None:
    texts = [LATIN[0], f"RT this now: {LATIN[0][:80]}", LATIN[1], DONORS[0]]
    numbers, counts = clusters(texts)
    assert numbers[0] == numbers[1]
    assert len({numbers[0], numbers[2], numbers[3]}) == 3
    assert counts[3] == len(DONORS[0].replace("'", " ").split())


def test_assign_gives_each_cluster_one_role() -> None:
    posts = [(text, "isis_fanboy", "en") for text in LATIN]
    posts += [(f"Share: {LATIN[0]}", "isis_fanboy", "en")]  # a copy of a statement
    posts += [(text, "sohateful", "ar") for text in ARABIC]
    posts += [(text, "olid", "en") for text in DONORS * 2]
    corpus = assign(posts, negatives_per_group=100)
    statements = [t for split in corpus.statements.values() for ts in split.values() for t in ts]
    negatives = [t for split in corpus.negatives.values() for ts in split.values() for t in ts]
    assert not set(statements) & set(negatives)
    assert not set(statements) & set(corpus.filler)
    copies = [t for t in statements + negatives + corpus.filler if LATIN[0] in t]
    assert len(copies) <= 1  # one cluster: at most one member in any role
    assert set(negatives) <= {text for text, _, _ in posts}


def test_queries_point_at_their_statements_and_rates_count_right() -> None:
    statements = {"latin": LATIN, "arabic": ARABIC}
    queries = make_queries(statements, 10, {"latin": DONORS, "arabic": ARABIC_DONORS}, 2, 1)
    ids = {q.source for q in queries}
    assert ids <= set(range(10, 10 + len(LATIN) + len(ARABIC)))
    assert {q.kind for q in queries} == set(EDITS)
    assert all(q.script == "arabic" for q in queries if q.kind == "arabic_letters")
    picked = [Query("exact", "latin", 1, ""), Query("exact", "latin", 2, "")]
    results = [[(1, 0.9)], [(5, 0.95), (2, 0.55)]]
    assert recall(results, picked, 0.6) == 0.5
    assert recall(results, picked, 0.5) == 1.0
    assert false_rate(results, 0.9) == 1.0
    assert false_rate([[], [(3, 0.7)]], 0.8) == 0.0


def test_a_tiny_benchmark_runs_both_matchers_and_reports() -> None:
    corpus = assign(
        [(text, "isis_fanboy", "en") for text in LATIN]
        + [(text, "sohateful", "ar") for text in ARABIC]
        + [(text, "olid", "en") for text in DONORS],
        negatives_per_group=10,
    )
    corpus.negatives["dev"].setdefault("en", []).extend(DONORS)
    corpus.negatives["test"].setdefault("en", []).extend(DONORS)
    corpus.negatives["test"].setdefault("arabic", []).extend(ARABIC_DONORS)
    corpus.negatives["dev"].setdefault("arabic", []).extend(ARABIC_DONORS)
    ev = evaluation(corpus, entries=10, per_kind=2, seed=5)
    assert [entry_id for entry_id, _ in ev.entries] == list(range(len(ev.entries)))
    outcomes = [(m.name, measure(m, ev, 1, 20, 5)) for m in (Ours(), Datasketch())]
    for _, outcome in outcomes:
        assert outcome.build_s >= 0 and outcome.batch_rate > 0 and outcome.single_rate > 0
        assert outcome.memory_mb >= 0
    lines = "\n".join(report(ev, outcomes))
    assert "ours" in lines and "datasketch" in lines and "posts/s" in lines
    assert f"DEFAULT_THRESHOLD={DEFAULT_THRESHOLD}" in lines
