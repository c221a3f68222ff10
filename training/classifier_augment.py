"""Extra training rows for what the public sets lack: reporting, and Arabizi spellings.

Reporting is not threatening. News and counter-speech quote threats ("police are
investigating a tweet that read '…'"), and none of the public sets has enough of
them, so threat and extremism positives are wrapped in reporting frames and added
as negatives. Frames come in two disjoint sets: ``TRAIN_FRAMES`` for training and
``HELD_OUT_FRAMES`` only for the model card's "quoted in a report" check, so that
check measures whether the model learnt reporting in general, not our sentences.

Arabizi: Arabic threats written in Latin letters and digits. The sets have Arabic
script only, so a share of Arabic positives and negatives is transliterated with a
table written here (``ح`` -> ``7``, ``ع`` -> ``3``, ``خ`` -> ``5``, …); the model then
sees Arabizi in both labels, not only in threats.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from classifier_example import Example

TRAIN_FRAMES: dict[str, tuple[str, ...]] = {
    "en": (
        'Police are investigating a post that said "{t}"',
        'The account was suspended after it posted "{t}"',
        'Court papers show the defendant wrote "{t}"',
        'We condemn messages like "{t}" and have reported them.',
        'Journalists received this: "{t}". The newsroom has informed the police.',
        'How can anyone write "{t}"? Reported and blocked.',
        'Researchers found thousands of tweets such as "{t}" in the network.',
        'The judge read out the message "{t}" before sentencing him.',
    ),
    "de": (
        "Die Polizei ermittelt wegen eines Beitrags, in dem es hieß: „{t}“",
        "Der Nutzer schrieb „{t}“ und wurde gesperrt.",
        "Wir verurteilen Aussagen wie „{t}“ aufs Schärfste.",
        "Laut Anklage hatte er gepostet: „{t}“",
        "Solche Nachrichten („{t}“) haben wir der Polizei gemeldet.",
    ),
    "ar": (
        'قالت الشرطة إن المنشور جاء فيه: "{t}"',
        'تم حذف الحساب بعد أن نشر "{t}"',
        'ندين بشدة عبارات مثل "{t}" وقد أبلغنا عنها',
        'تحقق السلطات في رسالة نصها "{t}"',
        'كشفت المحكمة أن المتهم كتب "{t}"',
    ),
}
HELD_OUT_FRAMES: dict[str, tuple[str, ...]] = {
    "en": (
        'According to the BBC, the message said: "{t}"',
        'A spokesperson condemned the post, which read "{t}"',
        'Screenshots show the account wrote "{t}"; it has since been removed.',
    ),
    "de": (
        "Wie die Zeitung berichtet, stand in der Nachricht: „{t}“",
        "Ein Sprecher verurteilte den Post mit dem Wortlaut „{t}“",
    ),
    "ar": (
        'ذكرت وسائل الإعلام أن الرسالة تضمنت: "{t}"',
        'استنكر المتحدث الرسمي التغريدة التي قالت "{t}"',
    ),
}

_ARABIZI: dict[str, str] = {
    "ا": "a",
    "أ": "a",
    "إ": "e",
    "آ": "a",
    "ء": "2",
    "ؤ": "2",
    "ئ": "2",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "7",
    "خ": "5",
    "د": "d",
    "ذ": "th",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "6",
    "ظ": "z",
    "ع": "3",
    "غ": "gh",
    "ف": "f",
    "ق": "2",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "w",
    "ي": "y",
    "ى": "a",
}
_ARABIZI_TABLE = str.maketrans(_ARABIZI)
_VOWEL_AFTER = "bdfhklmnrstz"


def arabizi(text: str, rng: random.Random) -> str:
    """``text`` with Arabic letters written as Arabizi, vowels sprinkled in like people do."""
    out: list[str] = []
    for char in text.translate(_ARABIZI_TABLE):
        out.append(char)
        if char in _VOWEL_AFTER and rng.random() < 0.35:
            out.append(rng.choice("aaeiou"))
    return "".join(out)


def frame(text: str, lang: str, frames: dict[str, tuple[str, ...]], rng: random.Random) -> str:
    """``text`` quoted inside one reporting frame of its language (English otherwise)."""
    return rng.choice(frames.get(lang, frames["en"])).format(t=text)


def reporting_negatives(examples: Sequence[Example], share: float, seed: int) -> list[Example]:
    """Positives of either label, quoted in a training frame, as negatives of both."""
    rng = random.Random(seed)
    made: list[Example] = []
    for example in examples:
        if (example.threat == 1 or example.extremism == 1) and rng.random() < share:
            made.append(
                Example(
                    text=frame(example.text, example.lang, TRAIN_FRAMES, rng),
                    lang=example.lang,
                    source="augment/reporting",
                    author=example.author,
                    threat=0,
                    extremism=0,
                    kind="reporting",
                )
            )
    return made


def arabizi_copies(examples: Sequence[Example], share: float, seed: int) -> list[Example]:
    """Arabic rows (positives always, negatives at ``share``) rewritten in Arabizi."""
    rng = random.Random(seed)
    made: list[Example] = []
    for example in examples:
        if example.lang != "ar":
            continue
        positive = example.threat == 1 or example.extremism == 1
        if positive or rng.random() < share:
            made.append(
                Example(
                    text=arabizi(example.text, rng),
                    lang="ar-latn",
                    source="augment/arabizi",
                    author=example.author,
                    threat=example.threat,
                    extremism=example.extremism,
                    kind=example.kind,
                )
            )
    return made
