"""Readers for the sets that carry no threat label: the pro-ISIS accounts and the
offensive/hate sets whose class is kept as ``kind``.

isis_fanboy gives the extremism positives (grouped into account families so that a
re-registered account lands on the same split side). The offensive/hate sets give
extremism negatives from their ordinary rows, and their offensive-but-not-threat rows
as candidates for weighted negatives. Threat-labelled sets are in ``classifier_sources``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from classifier_csv import make_example, read_dicts, read_rows
from classifier_example import BARE_USER, OLID_URL, Example, fix_cp1256_mojibake, script_lang

# --- extremism positives --------------------------------------------------------------

_STEM_RE = re.compile(r"[\d_]+")
_REPEAT_RE = re.compile(r"(.)\1+")


def _stem(username: str) -> str:
    return _REPEAT_RE.sub(r"\1", _STEM_RE.sub("", username.lower()))


def isis_families(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each username to one family id, joining accounts by display name or name stem.

    The accounts re-registered under bumped numbers or a shared display name, so one
    person may appear as several usernames; all of them must land on one split side.
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    users: set[str] = set()
    for name, username in pairs:
        users.add(username)
        union(f"u:{username}", f"s:{_stem(username)}")
        if name.strip():
            union(f"u:{username}", f"n:{name.strip().lower()}")
    families: dict[str, set[str]] = {}
    for user in users:
        families.setdefault(find(f"u:{user}"), set()).add(user)
    return {user: min(members) for members in families.values() for user in members}


def read_isis(data: Path) -> Iterator[Example | None]:
    """isis_fanboy: every tweet is pro-ISIS account content (extremism 1, threat unknown)."""
    rows = read_dicts(data / "isis_fanboy" / "IsisFanboy_dev.csv")
    family = isis_families((row["name"], row["username"]) for row in rows)
    for row in rows:
        text = row["tweets"]
        yield make_example(
            text,
            script_lang(text),
            "isis_fanboy",
            threat=None,
            extremism=1,
            kind="pro_isis_account",
            author=f"isis:{family[row['username']]}",
        )


# --- sets without a threat label (kind only, plus ordinary rows as extremism negatives) -


def read_davidson(data: Path) -> Iterator[Example | None]:
    """Davidson 2017: class 0 hate / 1 offensive / 2 neither; neither is an extremism negative."""
    names = {"0": "hate", "1": "offensive", "2": "neither"}
    for row in read_dicts(data / "davidson2017" / "labeled_data.csv"):
        kind = names.get(row["class"], "")
        yield make_example(
            row["tweet"],
            "en",
            "davidson2017",
            threat=None,
            extremism=0 if kind == "neither" else None,
            kind=kind,
        )


def read_olid(data: Path) -> Iterator[Example | None]:
    """OLID: NOT / OFF+TIN / OFF+UNT as kind (TIN mixes insults and threats: no threat label)."""
    for row in read_dicts(data / "olid" / "olid-training-v1.0.tsv", "\t"):
        level_a, level_b = row["subtask_a"], row["subtask_b"]
        kind = level_a if level_b == "NULL" else f"{level_a}/{level_b}"
        yield make_example(
            row["tweet"],
            "en",
            "olid",
            threat=None,
            extremism=0 if level_a == "NOT" else None,
            kind=kind,
            extra=(OLID_URL,),
        )


def read_hatexplain(data: Path) -> Iterator[Example | None]:
    """HateXplain (MBIB text, where ``<user>`` became a bare ``user``): normal is a negative."""
    names = {"0": "normal", "1": "hatespeech", "2": "offensive", "3": "undecided"}
    for row in read_dicts(data / "hatexplain" / "092-HateXplain.csv"):
        kind = names.get(row["category"], "")
        yield make_example(
            row["text"],
            "en",
            "hatexplain",
            threat=None,
            extremism=0 if kind == "normal" else None,
            kind=kind,
            extra=(BARE_USER,),
        )


def read_stormfront(data: Path) -> Iterator[Example | None]:
    """Stormfront sentences: hate/noHate/relation as kind, grouped by forum user."""
    for row in read_dicts(data / "stormfront_gibert2018" / "stormfront_sentences.csv"):
        if row["label"] not in ("hate", "noHate", "relation"):
            continue
        yield make_example(
            row["text"],
            "en",
            "stormfront_gibert2018",
            threat=None,
            extremism=None,
            kind=row["label"],
            author=f"stormfront:{row['user_id']}",
        )


def read_lhsab(data: Path) -> Iterator[Example | None]:
    """L-HSAB (Levantine): normal/abusive/hate as kind; normal is an extremism negative."""
    for row in read_dicts(data / "l_hsab" / "L-HSAB", "\t"):
        kind = row["Class"].strip()
        yield make_example(
            row["Tweet"],
            "ar",
            "l_hsab",
            threat=None,
            extremism=0 if kind == "normal" else None,
            kind=kind,
        )


def read_arabic_taxonomy(data: Path) -> Iterator[Example | None]:
    """The 13 re-annotated Arabic sets (ID2..ID16): offensive or not; not is a negative.

    The joint-MSA file repeats rows of the per-set files and is skipped. ID16's text was
    stored as Windows-1256 bytes read as Latin-1, and is repaired.
    """
    folder = data / "arabic_offensive_taxonomy"
    for path in sorted(folder.glob("arabic_off_lang_dataset_ID*.csv")):
        part = path.stem.rsplit("_", 1)[-1]
        rows = read_rows(path)
        start = next(i for i, row in enumerate(rows) if "offensive" in [c.strip() for c in row])
        header = [name.strip() for name in rows[start]]
        text_at, offensive_at = header.index("text"), header.index("offensive")
        for row in rows[start + 1 :]:
            if len(row) <= max(text_at, offensive_at):
                continue
            try:
                offensive = float(row[offensive_at]) >= 0.5
            except ValueError:
                continue
            text = fix_cp1256_mojibake(row[text_at])
            yield make_example(
                text,
                "ar",
                f"arabic_offensive_taxonomy/{part}",
                threat=None,
                extremism=None if offensive else 0,
                kind="offensive" if offensive else "not_offensive",
                extra=(OLID_URL,),
            )
