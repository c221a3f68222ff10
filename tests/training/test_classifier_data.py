"""The classifier training data: each file dialect parsed, placeholders unified, duplicates
merged, and a split that never puts one author on both sides.

Most tests write tiny files in each set's own dialect into a temporary folder, so they
run anywhere; the last one loads the real sets when ``../shared/data`` is present.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from classifier_data import deduplicate, load_examples, read_all, split
from classifier_example import LINK, OLID_URL, Example, clean_text, script_lang
from classifier_sources import (
    read_cyberagression,
    read_ethos,
    read_gab,
    read_germeval,
    read_osact,
    read_sohateful,
)
from classifier_sources_context import read_isis, read_lhsab

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def write(root: Path, relative: str, text: str, encoding: str = "utf-8") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)


def ex(
    text: str,
    *,
    source: str = "s",
    author: str | None = None,
    threat: int | None = 0,
    extremism: int | None = None,
) -> Example:
    return Example(text, "en", source, author, threat, extremism)


# --- text cleanup -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("@USER @USER Go home URL", "@user @user Go home https://t.co/x"),
        ("<user> you are <url>", "@user you are https://t.co/x"),
        ("[@IND] und [@PRE] lügen", "@user und @user lügen"),
        ("مستخدم@ انتي", "@user انتي"),
        ("!!! RT @mayasolovely: As a woman &amp; a man &#128514;", "!!! As a woman & a man 😂"),
        ("see https://justpaste.it/abc and www.x.org/y now", f"see {LINK} and {LINK} now"),
        ("mail me at a.b@example.com, @Real_Handle9", "mail me at a.b@example.com, @user"),
        ("line<LF>break   and\ttabs", "line break and tabs"),
    ],
)
def test_clean_text_unifies_each_sets_placeholders(raw: str, clean: str) -> None:
    assert clean_text(raw, (OLID_URL,)) == clean


def test_url_word_is_only_a_link_in_sets_that_mask_links_that_way() -> None:
    assert clean_text("type the URL here") == "type the URL here"


def test_language_by_script() -> None:
    assert script_lang("الدولة الإسلامية باقية") == "ar"
    assert script_lang("Breaking: الدولة in Raqqa today, more soon") == "en"


# --- readers, one per dialect -----------------------------------------------------------


def test_tab_separated_with_quotes_gab(tmp_path: Path) -> None:
    write(
        tmp_path,
        "gab_hate_corpus/ghc_train.tsv",
        'text\thd\tcv\tvo\n"He said ""kill them all"" today"\t1\t1\t0\nnice day\t0\t0\t0\n',
    )
    rows = [e for e in read_gab(tmp_path) if e is not None]
    assert [(e.text, e.threat, e.kind) for e in rows] == [
        ('He said "kill them all" today', 1, "cv+hd"),
        ("nice day", 0, "none"),
    ]


def test_semicolon_csv_with_fractions_ethos(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ethos/Ethos_Dataset_Multi_Label.csv",
        "comment;violence;directed_vs_generalized\nkill them;0.5;0\nthey are dumb;0.2;1\n",
    )
    write(tmp_path, "ethos/Ethos_Dataset_Binary.csv", "comment;isHate\nkill them;1.0\nhello;0.1\n")
    rows = [e for e in read_ethos(tmp_path) if e is not None]
    assert [(e.text, e.threat, e.source) for e in rows] == [
        ("kill them", 1, "ethos/multi"),
        ("they are dumb", 0, "ethos/multi"),
        ("hello", 0, "ethos/binary"),
    ]


def test_germeval_prefers_2026_labels_and_skips_unlabelled_tests(tmp_path: Path) -> None:
    root = "germeval_harmful/GermEval20"
    write(
        tmp_path,
        f"{root}26/data/vio/vio_train_26.csv",
        'id;description;vio\n1;"Hängt sie\nalle auf";call2violence\n2;Gut so;support\n'
        "3;Schönes Wetter;nothing\n",
    )
    write(
        tmp_path,
        f"{root}25/data/vio/vio_train.csv",
        "id;description;VIO\n1;x;TRUE\n4;Ruhig;FALSE\n",
    )
    write(tmp_path, f"{root}25/data/vio/vio_test.csv", "id;description\n5;unlabelled\n")
    write(
        tmp_path,
        f"{root}26/data/dbo/dbo_train_26.csv",
        "id;description;dbo\n6;Umsturz jetzt;subversive\n",
    )
    rows = {e.text: e for e in read_germeval(tmp_path) if e is not None}
    assert set(rows) == {"Hängt sie alle auf", "Gut so", "Schönes Wetter", "Ruhig", "Umsturz jetzt"}
    assert (rows["Hängt sie alle auf"].threat, rows["Hängt sie alle auf"].extremism) == (1, None)
    assert (rows["Gut so"].threat, rows["Gut so"].extremism) == (None, 1)
    assert (rows["Schönes Wetter"].threat, rows["Schönes Wetter"].extremism) == (0, 0)
    assert rows["Ruhig"].source == "germeval_harmful/2025/vio"
    assert (rows["Umsturz jetzt"].threat, rows["Umsturz jetzt"].extremism) == (None, 1)


def test_comma_csv_with_bom_osact(tmp_path: Path) -> None:
    write(
        tmp_path,
        "osact2022/train_data2022.csv",
        "\ufeffId,Tweet,Offensive,Hate,Vulgar,Violence\n"
        "1,@USER سأقتلك URL,OFF,NOT_HS,NOT_VLG,VIO\n2,صباح الخير,NOT_OFF,NOT_HS,NOT_VLG,NOT_VIO\n",
    )
    write(tmp_path, "osact2022/dev_data2022.csv", "Id,Tweet,Offensive,Hate,Vulgar,Violence\n")
    rows = [e for e in read_osact(tmp_path) if e is not None]
    assert [(e.text, e.threat, e.extremism) for e in rows] == [
        (f"@user سأقتلك {LINK}", 1, None),
        ("صباح الخير", 0, 0),
    ]


def test_sohateful_blank_violence_is_negative_only_when_not_offensive(tmp_path: Path) -> None:
    header = "NUM,info_text,Q4.1: Offensive/Vulgar لغة,Q4.6: Violence تحريض على العنف\n"
    body = "1,نص أول,YES,Yes \n2,نص ثان,no,\n3,نص ثالث,YES,\n4,نص رابع,yes,no\n"
    write(tmp_path, "sohateful/SoHateful.csv", header + body)
    rows = [e for e in read_sohateful(tmp_path) if e is not None]
    assert [(e.text, e.threat, e.extremism) for e in rows] == [
        ("نص أول", 1, None),
        ("نص ثان", 0, 0),
        ("نص ثالث", None, None),
        ("نص رابع", 0, None),
    ]
    assert rows[2].kind == "offensive"


def test_tab_separated_without_quotes_lhsab(tmp_path: Path) -> None:
    body = "Tweet\tClass\nكلام عادي\tnormal\nيا حمار\tabusive\n"  # noqa: RUF001
    write(tmp_path, "l_hsab/L-HSAB", body)
    rows = [e for e in read_lhsab(tmp_path) if e is not None]
    assert [(e.kind, e.threat, e.extremism) for e in rows] == [
        ("normal", None, 0),
        ("abusive", None, None),
    ]


def test_isis_accounts_are_authors_and_re_registrations_share_one(tmp_path: Path) -> None:
    write(
        tmp_path,
        "isis_fanboy/IsisFanboy_dev.csv",
        "name,username,tweetid,time,tweets\n"
        'Abu T,abutariq040,1.0,1/6/2015 21:07,"Victory, by Allah https://t.co/abc"\n'
        "Abu T,abutariq041,2.0,1/7/2015 21:07,الدولة الإسلامية باقية وتتمدد\n"
        "Other,someone_else,3.0,1/8/2015 21:07,RT @abutariq040: news from Raqqa\n",
    )
    rows = [e for e in read_isis(tmp_path) if e is not None]
    assert [e.lang for e in rows] == ["en", "ar", "en"]
    assert rows[0].author == rows[1].author != rows[2].author
    assert rows[2].text == "news from Raqqa"
    assert all(e.extremism == 1 and e.threat is None for e in rows)


def test_cyberagression_author_is_scenario_speaker(tmp_path: Path) -> None:
    write(
        tmp_path,
        "cyberagressionado_fr/cyberagressionado_scenarii.csv",
        "ID,TIME,NAME,TEXT,ROLE,TARGET,HATE_SPEECH,VERBAL_ABUSE,HUMOR,scenario\n"
        "0,[2:41:37 PM], <Adrien-Harceleur>, je vais te frapper,bully,none,no,threat,no,scen_A\n"
        "1,[2:42:10 PM], <Théo>, grave,bully_support,none,no,none,no,scen_A\n",
    )
    rows = [e for e in read_cyberagression(tmp_path) if e is not None]
    assert [(e.threat, e.author) for e in rows] == [
        (1, "scen_a/Adrien-Harceleur"),
        (0, "scen_a/Théo"),
    ]


def test_rows_without_words_or_labels_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "l_hsab/L-HSAB", "Tweet\tClass\nhttps://t.co/q @someone\tnormal\n\tnormal\n")
    assert read_all(tmp_path, [read_lhsab]) == []


# --- duplicates and split --------------------------------------------------------------


def test_duplicates_merge_labels_and_keep_positive_on_conflict() -> None:
    rows = [
        ex("Kill  them", source="a", threat=0),
        ex("kill them", source="b", threat=1, extremism=0),
        ex("other", source="a"),
    ]
    kept, report = deduplicate(rows)
    assert [(e.text, e.source, e.threat, e.extremism) for e in kept] == [
        ("Kill  them", "a", 1, 0),
        ("other", "a", 0, None),
    ]
    assert report.dropped == 1
    assert report.pairs[("a", "b")] == 1
    assert report.conflicts["threat"] == 1


def test_load_examples_dedups_across_readers(tmp_path: Path) -> None:
    write(tmp_path, "l_hsab/L-HSAB", "Tweet\tClass\nنص واحد\tnormal\n")
    write(
        tmp_path,
        "osact2022/train_data2022.csv",
        "Id,Tweet,Offensive,Hate,Vulgar,Violence\n1,نص  واحد,OFF,NOT_HS,NOT_VLG,VIO\n",
    )
    write(tmp_path, "osact2022/dev_data2022.csv", "Id,Tweet,Offensive,Hate,Vulgar,Violence\n")
    [only] = load_examples(tmp_path, [read_osact, read_lhsab])
    assert (only.source, only.threat, only.extremism) == ("osact2022", 1, 0)


def _corpus() -> list[Example]:
    rows = [
        ex(f"post {a}-{i}", source="forum", author=f"user{a}", threat=int(i == 0))
        for a in range(30)
        for i in range(5)
    ]
    rows += [ex(f"tweet {i}", source="tweets", threat=int(i % 10 == 0)) for i in range(300)]
    return rows


def test_split_keeps_each_author_on_one_side() -> None:
    train, test = split(_corpus())
    train_authors = {e.author for e in train if e.author}
    test_authors = {e.author for e in test if e.author}
    assert train_authors and test_authors
    assert not train_authors & test_authors
    assert len(train) + len(test) == len(_corpus())


def test_split_is_deterministic_and_seeded() -> None:
    first, second = split(_corpus()), split(_corpus())
    assert [e.text for e in first[1]] == [e.text for e in second[1]]
    assert {e.text for e in split(_corpus(), seed=14)[1]} != {e.text for e in first[1]}


def test_split_puts_positives_of_every_source_in_test() -> None:
    _, test = split(_corpus())
    for source in ("forum", "tweets"):
        assert any(e.threat == 1 for e in test if e.source == source)
    share = len(test) / len(_corpus())
    assert 0.15 < share < 0.3


# --- the real sets ---------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not present")
def test_real_sets_give_each_language_threat_positives() -> None:
    started = time.perf_counter()
    examples = load_examples(SHARED_DATA)
    elapsed = time.perf_counter() - started
    for lang in ("en", "ar", "de"):
        positives = sum(1 for e in examples if e.lang == lang and e.threat == 1)
        assert positives >= 100, (lang, positives)
    assert elapsed < 60, elapsed  # about 11-23 s measured on the 2-core dev machine
