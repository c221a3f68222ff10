"""The public data sets the demo stream samples: what we take, under what licence, and how.

Why: a shipped stream may only carry text whose licence allows it, and each set must be
credited with what was taken from it. The licence notes and citations that
``SOURCES.md`` prints, the reasons other sets were left out, and the code that filters
and samples each set sit together, so what is taken and the note that describes it
change in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from demo_builder import WINDOW_S, Account, Builder
from demo_cleaning import PROPAGANDA, VIOLENT, guess_lang, tidy_implicit


@dataclass(frozen=True)
class SourceSet:
    key: str
    title: str
    licence: str
    taken: str
    citation: str
    licence_file: str | None = None


SOURCE_SETS: tuple[SourceSet, ...] = (
    SourceSet(
        key="davidson2017",
        title="Automated Hate Speech Detection and the Problem of Offensive Language "
        "(English tweets, `labeled_data.csv`)",
        licence="MIT License (Copyright (c) 2017 Tom Davidson), as stated in the repository; "
        "the licence text is reproduced at the end of this file",
        taken="ordinary posts: rows whose coders all voted `neither`",
        citation="Davidson, T., Warmsley, D., Macy, M., Weber, I. (2017). Automated Hate Speech "
        "Detection and the Problem of Offensive Language. ICWSM 2017, 512-515.",
        licence_file="LICENSE",
    ),
    SourceSet(
        key="olid",
        title="OLID v1.0, OffensEval 2019 (English tweets, `olid-training-v1.0.tsv`)",
        licence="Creative Commons Attribution 4.0 International, as stated by the mirror "
        "repository (wenliangdai/multi-task-offensive-language-detection); the OLID README "
        "itself states no licence",
        taken="ordinary posts: rows labelled `NOT` (not offensive)",
        citation="Zampieri, M., Malmasi, S., Nakov, P., Rosenthal, S., Farra, N., Kumar, R. "
        "(2019). Predicting the Type and Target of Offensive Posts in Social Media. "
        "NAACL 2019.",
    ),
    SourceSet(
        key="implicit_hate",
        title="Latent Hatred / Implicit Hate Corpus (English tweets, "
        "`implicit_hate_v1_stg1_posts.tsv`, `implicit_hate_v1_stg2_posts.tsv`)",
        licence="Creative Commons Attribution 4.0 International, as stated in the corpus "
        "folder's LICENSE",
        taken="call-for-violence posts: stage-2 `threatening` rows that name a violent act "
        "(kill, shoot, hang, ...); political chatter around hate groups: stage-1 `not_hate` "
        "rows",
        citation="ElSherief, M., Ziems, C., Muchlinski, D., Anupindi, V., Seybolt, J., "
        "De Choudhury, M., Yang, D. (2021). Latent Hatred: A Benchmark for Understanding "
        "Implicit Hate Speech. EMNLP 2021.",
    ),
    SourceSet(
        key="isis_fanboy",
        title='"How ISIS Uses Twitter" (pro-ISIS accounts, 2015-16, `IsisFanboy_dev.csv`)',
        licence='CC0: Public Domain, as stated on the Kaggle original ("Released Under CC0: '
        'Public Domain License"); the GitHub copy states none',
        taken="pro-ISIS account content in English, Arabic and French; the real usernames "
        "only lend their *shape* (case, digits, underscores) to fictional ones",
        citation='Fifth Tribe (Khuram Zaman) (2016). "How ISIS Uses Twitter". Kaggle. '
        "https://www.kaggle.com/fifthtribe/how-isis-uses-twitter",
    ),
)

NOT_USED = (
    ("germeval_harmful", "GPL-3.0: would bind the shipped stream to the GPL"),
    ("arabic_offensive_taxonomy", "GPL-3.0"),
    ("ethos", "GPL-3.0"),
    ("hatexplain", "the labelled CSV is GPL-3.0 (MBIB)"),
    ("stormfront_gibert2018", "CC BY-SA 3.0 ES: share-alike would bind the stream"),
    ("gab_hate_corpus", "no licence stated in the mirror"),
    ("osact2022", "no licence stated"),
    ("l_hsab", "no licence stated"),
    ("armi2021", "no licence stated (research use)"),
    ("sohateful", "no licence stated (treat as research-only)"),
    ("cyberagressionado_fr", "no licence stated (research use)"),
    ("urdu_threat", "no licence stated"),
)


def build_isis(b: Builder, count: int) -> list[str]:
    """Posts from pro-ISIS accounts, each real account mapped to one fictional look-alike."""
    rows = b.rows("isis_fanboy/IsisFanboy_dev.csv")
    quotas = {"ar": count // 5, "fr": count // 12}
    quotas["en"] = count - quotas["ar"] - quotas["fr"]
    # two thirds carry an explicit marker (Islamic State, khilafah, Amaq, ...); the rest is
    # whatever else the accounts posted, as on a real timeline
    Pool = list[tuple[dict[str, str], str]]
    pools: dict[tuple[str, bool], Pool] = {
        (lang, is_marked): [] for lang in quotas for is_marked in (True, False)
    }
    for row, text in b.candidates(rows, lambda row: b.masker.clean(row["tweets"])):
        lang = guess_lang(text)
        if lang in quotas and len(text.split()) >= 5:
            pool = pools[lang, bool(PROPAGANDA.search(text))]
            if len(pool) < quotas[lang]:
                pool.append((row, text))
        if all(len(pool) == quotas[lang] for (lang, _), pool in pools.items()):
            break
    by_lang: dict[str, Pool] = {}
    for lang, quota in quotas.items():
        marked, unmarked = pools[lang, True], pools[lang, False]
        take = max(quota * 2 // 3, quota - len(unmarked))
        by_lang[lang] = (marked[:take] + unmarked)[:quota]
    authors: dict[str, Account] = {}
    keys: list[str] = []
    for lang in ("en", "ar", "fr"):
        for row, text in by_lang[lang]:
            real = row["username"]
            if real not in authors:
                shape = real if re.fullmatch(r"[A-Za-z0-9_]{3,15}", real) else "abu_noor1"
                authors[real] = b.account(b.shaped_name(shape), b.days_old(20, 300))
            keys.append(
                b.post(
                    b.rng.randrange(WINDOW_S - 120),
                    authors[real],
                    text,
                    lang,
                    "isis_fanboy",
                    subset=lang,
                )
            )
    return keys


def build_threats(b: Builder, count: int) -> list[str]:
    rows = [
        row
        for row in b.rows("implicit_hate/implicit_hate_v1_stg2_posts.tsv", "\t")
        if row["implicit_class"] == "threatening" and VIOLENT.search(row["post"])
    ]
    chosen = b.sample(rows, count, lambda row: b.masker.clean(tidy_implicit(row["post"])))
    pool = [b.ordinary_account() for _ in range(max(4, count // 2))]
    return [
        b.post(
            b.rng.randrange(WINDOW_S - 120),
            b.rng.choice(pool),
            text,
            "en",
            "implicit_hate",
            subset="threatening",
        )
        for _, text in chosen
    ]


def build_english(b: Builder, count: int) -> None:
    """Everyday English posts: half Davidson `neither`, most of the rest OLID `NOT`."""
    rng = b.rng
    pool = [b.ordinary_account() for _ in range(max(20, count // 3))]
    davidson = [
        row
        for row in b.rows("davidson2017/labeled_data.csv")
        if row["class"] == "2" and row["neither"] == row["count"]
    ]
    olid = [
        row
        for row in b.rows("olid/olid-training-v1.0.tsv", "\t")
        if row["subtask_a"] == "NOT" and row["tweet"].count("@USER") <= 4
    ]
    implicit = [
        row
        for row in b.rows("implicit_hate/implicit_hate_v1_stg1_posts.tsv", "\t")
        if row["class"] == "not_hate"
    ]
    n_davidson = count // 2
    n_implicit = count // 15
    n_olid = count - n_davidson - n_implicit

    def davidson_text(row: dict[str, str]) -> str:
        return b.masker.clean(re.sub(r"^[!\s]+(?=RT\b)", "", row["tweet"]))

    def olid_text(row: dict[str, str]) -> str:
        return b.masker.clean(row["tweet"], url_token=True)

    def implicit_text(row: dict[str, str]) -> str:
        return b.masker.clean(tidy_implicit(row["post"]))

    picks = (
        ("davidson2017", "neither", b.sample(davidson, n_davidson, davidson_text)),
        ("olid", "NOT", b.sample(olid, n_olid, olid_text)),
        ("implicit_hate", "not_hate", b.sample(implicit, n_implicit, implicit_text)),
    )
    for source, subset, chosen in picks:
        for _, text in chosen:
            at = rng.randrange(WINDOW_S - 60)
            b.post(at, rng.choice(pool), text, "en", source, subset=subset)
