"""One reader per public data set, each turning its files into ``Example`` rows.

The sets differ in separator, quoting, encoding, header spelling and label scheme, and
each one's mapping to our two labels (threat, extremism) is a judgement call worth
reading in one place. Each reader knows one set's dialect and mapping and nothing
else; ``classifier_data`` combines them, removes duplicates and splits. A label the set
does not speak to is ``None``; the set's own class name is kept in ``kind``.

``READERS`` is ordered by precedence: when the same post is in two sets, the copy from
the earlier reader is the one kept (sets labelled for threat come first).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from classifier_csv import Reader, make_example, read_dicts, read_rows
from classifier_example import OLID_URL, Example
from classifier_sources_context import (
    read_arabic_taxonomy,
    read_davidson,
    read_hatexplain,
    read_isis,
    read_lhsab,
    read_olid,
    read_stormfront,
)

# --- threat-labelled sets -------------------------------------------------------------


def read_gab(data: Path) -> Iterator[Example | None]:
    """Gab Hate Corpus: ``cv`` (call for violence) is the threat label; no extremism label."""
    for row in read_dicts(data / "gab_hate_corpus" / "ghc_train.tsv", "\t"):
        kinds = [name for name in ("cv", "hd", "vo") if row.get(name) == "1"]
        yield make_example(
            row["text"],
            "en",
            "gab_hate_corpus",
            threat=int(row["cv"] == "1"),
            extremism=None,
            kind="+".join(kinds) or "none",
        )


def read_implicit_hate(data: Path) -> Iterator[Example | None]:
    """Latent Hatred: stage-2 ``threatening`` is threat, ``incitement`` is extremism.

    Stage-1 ``not_hate`` and the other stage-2 classes are negatives for both; explicit
    hate and implicit hate without a stage-2 class say nothing about either.
    """
    folder = data / "implicit_hate"
    stage2: dict[str, set[str]] = {}
    for row in read_dicts(folder / "implicit_hate_v1_stg2_posts.tsv", "\t"):
        classes = {row["implicit_class"], row.get("extra_implicit_class", "")} - {""}
        stage2.setdefault(row["post"], set()).update(classes)
    for row in read_dicts(folder / "implicit_hate_v1_stg1_posts.tsv", "\t"):
        post, stage1 = row["post"], row["class"]
        threat: int | None = None
        extremism: int | None = None
        kind = stage1
        if stage1 == "not_hate":
            threat, extremism = 0, 0
        elif post in stage2:
            classes = stage2[post]
            kind = "+".join(sorted(classes))
            threat = 1 if "threatening" in classes else (None if "incitement" in classes else 0)
            extremism = 1 if "incitement" in classes else (None if "threatening" in classes else 0)
        yield make_example(
            post, "en", "implicit_hate", threat=threat, extremism=extremism, kind=kind
        )


def read_ethos(data: Path) -> Iterator[Example | None]:
    """ETHOS: multi-label ``violence`` >= 0.5 is threat; non-hate comments are negatives."""
    folder = data / "ethos"
    seen: set[str] = set()
    for row in read_dicts(folder / "Ethos_Dataset_Multi_Label.csv", ";"):
        seen.add(row["comment"])
        threat = int(float(row["violence"]) >= 0.5)
        yield make_example(
            row["comment"], "en", "ethos/multi", threat=threat, extremism=None, kind="hate"
        )
    for row in read_dicts(folder / "Ethos_Dataset_Binary.csv", ";"):
        if row["comment"] in seen or float(row["isHate"]) >= 0.5:
            continue
        yield make_example(
            row["comment"], "en", "ethos/binary", threat=0, extremism=None, kind="not_hate"
        )


def read_osact(data: Path) -> Iterator[Example | None]:
    """OSACT 2022: ``VIO`` is threat; non-offensive tweets are extremism negatives."""
    for name in ("train_data2022.csv", "dev_data2022.csv"):
        for row in read_dicts(data / "osact2022" / name):
            not_offensive = row["Offensive"] == "NOT_OFF"
            yield make_example(
                row["Tweet"],
                "ar",
                "osact2022",
                threat=int(row["Violence"] == "VIO"),
                extremism=0 if not_offensive else None,
                kind=f"{row['Offensive']}/{row['Hate']}",
                extra=(OLID_URL,),
            )


def read_armi(data: Path) -> Iterator[Example | None]:
    """ArMI 2021: category ``threat of violence`` is threat, every other category is not."""
    for row in read_dicts(data / "armi2021" / "ArMI2021_training.tsv", "\t"):
        category = row["category"].strip()
        yield make_example(
            row["text"],
            "ar",
            "armi2021",
            threat=int(category == "threat of violence"),
            extremism=None,
            kind=category,
        )


def _yes(value: str) -> bool | None:
    value = value.strip().lower()
    return True if value == "yes" else False if value.startswith("no") else None


def read_sohateful(data: Path) -> Iterator[Example | None]:
    """SoHateful: Q4.6 incitement to violence is threat (only asked of offensive tweets).

    A non-offensive tweet is a negative for both labels; an offensive one without a
    Q4.6 answer says nothing about threat.
    """
    for row in read_dicts(data / "sohateful" / "SoHateful.csv"):
        offensive_key = next(key for key in row if key.startswith("Q4.1"))
        violence_key = next(key for key in row if key.startswith("Q4.6"))
        offensive, violence = _yes(row[offensive_key]), _yes(row[violence_key])
        threat: int | None = None
        if violence is not None:
            threat = int(violence)
        elif offensive is False:
            threat = 0
        kind = {True: "offensive", False: "not_offensive", None: ""}[offensive]
        extremism = 0 if offensive is False and threat == 0 else None
        yield make_example(
            row["info_text"],
            "ar",
            "sohateful",
            threat=threat,
            extremism=extremism,
            kind=kind,
        )


def _germeval(data: Path, task: str) -> Iterator[tuple[str, str, str]]:
    """(edition, text, label) for one GermEval task; 2026 labels win over 2025 by id.

    2026 re-annotated most 2025 tweets (vio finer, dbo partly changed), so a 2025 row is
    used only when its id has no 2026 label. Unlabelled ``*_test.csv`` files are skipped.
    """
    root = data / "germeval_harmful"
    files = [
        ("2026", root / "GermEval2026" / "data" / task / f"{task}_train_26.csv"),
        ("2026", root / "GermEval2026" / "data" / task / f"{task}_trial.csv"),
        ("2025", root / "GermEval2025" / "data" / task / f"{task}_train.csv"),
        ("2025", root / "GermEval2025" / "data" / task / f"{task}_trial.csv"),
    ]
    seen: set[str] = set()
    for edition, path in files:
        if not path.exists():
            continue
        for row in read_rows(path, ";")[1:]:
            if len(row) < 3 or not row[2].strip() or row[0] in seen:
                continue
            seen.add(row[0])
            yield edition, row[1], row[2].strip()


# 2026 vio classes: threat for intent/calls, extremism for approval of violence.
_VIO_2026: dict[str, tuple[int | None, int | None]] = {
    "nothing": (0, 0),
    "call2violence": (1, None),
    "prospensity": (1, None),
    "propensity": (1, None),
    "support": (None, 1),
    "glorification": (None, 1),
    "other": (None, None),
}
# 2025 binary vio: TRUE mixes calls with support/glorification/other (about half are
# threats where 2026 re-labelled them), so TRUE is not a clean threat label.
_VIO_2025: dict[str, tuple[int | None, int | None]] = {"FALSE": (0, 0), "TRUE": (None, None)}
_DBO: dict[str, int] = {"nothing": 0, "criticism": 0, "agitation": 1, "subversive": 1}


def read_germeval(data: Path) -> Iterator[Example | None]:
    """GermEval 2025/2026 harmful content: ``vio`` for threat/extremism, ``dbo`` for extremism."""
    for edition, text, label in _germeval(data, "vio"):
        table = _VIO_2026 if edition == "2026" else _VIO_2025
        threat, extremism = table.get(label, (None, None))
        yield make_example(
            text,
            "de",
            f"germeval_harmful/{edition}/vio",
            threat=threat,
            extremism=extremism,
            kind=f"vio:{label}",
        )
    for edition, text, label in _germeval(data, "dbo"):
        yield make_example(
            text,
            "de",
            f"germeval_harmful/{edition}/dbo",
            threat=None,
            extremism=_DBO.get(label),
            kind=f"dbo:{label}",
        )


def read_urdu(data: Path) -> Iterator[Example | None]:
    """Urdu threatening tweets: ``label`` 1 is threat, 0 is not (the S/G target is unreliable)."""
    for row in read_dicts(data / "urdu_threat" / "urdu_threat_train.csv"):
        if row["label"] not in ("0", "1"):
            continue
        threat = int(row["label"])
        yield make_example(
            row["Tweets"],
            "ur",
            "urdu_threat",
            threat=threat,
            extremism=None,
            kind="threatening" if threat else "non-threatening",
        )


def read_cyberagression(data: Path) -> Iterator[Example | None]:
    """CyberAgressionAdo (fr): VERBAL_ABUSE ``threat`` is threat; author = scenario + speaker."""
    for row in read_dicts(data / "cyberagressionado_fr" / "cyberagressionado_scenarii.csv"):
        abuse = row["VERBAL_ABUSE"].strip()
        speaker = row["NAME"].strip().strip("<>")
        yield make_example(
            row["TEXT"],
            "fr",
            "cyberagressionado_fr",
            threat=int(abuse == "threat"),
            extremism=None,
            kind=abuse,
            author=f"{row['scenario'].lower()}/{speaker}",
        )


READERS: tuple[Reader, ...] = (
    read_gab,
    read_implicit_hate,
    read_ethos,
    read_armi,
    read_osact,
    read_sohateful,
    read_germeval,
    read_urdu,
    read_cyberagression,
    read_isis,
    read_davidson,
    read_olid,
    read_hatexplain,
    read_stormfront,
    read_lhsab,
    read_arabic_taxonomy,
)
