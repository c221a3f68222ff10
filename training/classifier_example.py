"""The labelled example that the threat/extremism training data is made of, and its text cleanup.

Every public set masks or writes mentions and links its own way (OLID ``@USER``/``URL``,
HateXplain a bare ``user``, GermEval ``[@IND]``, ArMI ``مستخدم@``), and some keep HTML
entities or retweet prefixes. A classifier trained on the raw text learns which *set* a
post came from instead of what it says, so every reader passes its text through
``clean_text``, which writes all of them in one canonical form: mentions become
``@user`` and links ``https://t.co/x``. The runtime normalises live posts the same
way, so training and serving see the same vocabulary.

This module is separate from the readers and the split so both can share it without
importing each other.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

MENTION = "@user"
LINK = "https://t.co/x"


@dataclass(frozen=True)
class Example:
    """One labelled post.

    ``threat``/``extremism`` are 1 (positive), 0 (negative) or None (this set says
    nothing about that label). ``kind`` is the set's own class name (e.g. "offensive",
    "hate", "call2violence"), kept so training can weight hard negatives.
    """

    text: str
    lang: str
    source: str
    author: str | None
    threat: int | None
    extremism: int | None
    kind: str = ""


P = TypeVar("P")
"""One language's parts of made-up posts (``classifier_direct``, ``classifier_everyday``,
``classifier_propaganda``, ``classifier_veiled``)."""


def extremism_rows(
    parts: Mapping[str, P],
    post: Callable[[P, random.Random], str],
    per_language: int,
    seed: int,
    kind: str,
    extremism: int,
) -> list[Example]:
    """``per_language`` made-up posts (``post`` of each language's ``parts``) per language,
    as training rows of the extremism label alone (the threat label is left unset), with
    source ``augment/<kind>``; the same rows for the same seed."""
    rng = random.Random(seed)
    return [
        Example(
            text=post(language_parts, rng),
            lang=language,
            source=f"augment/{kind}",
            author=None,
            threat=None,
            extremism=extremism,
            kind=kind,
        )
        for language, language_parts in parts.items()
        for _ in range(per_language)
    ]


def threat_rows(
    parts: Mapping[str, P],
    threat: Callable[[P, random.Random], str],
    harmless: Callable[[P, random.Random], str],
    everyday: Callable[[P, random.Random], str],
    per_language: int,
    seed: int,
    kind: str,
) -> list[Example]:
    """Per language of ``parts``: ``per_language`` made-up threats, as many ``harmless``
    posts in their frames and half as many ``everyday`` ones, as training rows of the
    threat label alone (the extremism label is left unset), with source
    ``augment/<kind>``; the same rows for the same seed."""
    rng = random.Random(seed)
    rows: list[Example] = []
    for language, language_parts in parts.items():
        made = [(threat(language_parts, rng), 1) for _ in range(per_language)]
        made += [(harmless(language_parts, rng), 0) for _ in range(per_language)]
        made += [(everyday(language_parts, rng), 0) for _ in range(per_language // 2)]
        rows += [
            Example(
                text=text,
                lang=language,
                source=f"augment/{kind}",
                author=None,
                threat=label,
                extremism=None,
                kind=kind,
            )
            for text, label in made
        ]
    return rows


Substitution = tuple[re.Pattern[str], str]

_LINK_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
# Placeholders written as links or users by some sets; applied before real mentions.
_PLACEHOLDERS: tuple[Substitution, ...] = (
    (re.compile(r"<LF>"), " "),
    (re.compile(r"@url\b|<url>", re.IGNORECASE), LINK),
    (re.compile(r"<user>", re.IGNORECASE), MENTION),
    (re.compile(r"\[@(?:PRE|POL|GRP|IND)\]"), MENTION),
    (re.compile(r"مستخدم@"), MENTION),
)
_MENTION_RE = re.compile(r"(?<![\w.@])@\w+")
_RETWEET_RE = re.compile(r"\bRT\s+@user\b\s*:?", re.IGNORECASE)

# Set-specific placeholders, named so readers can ask for them.
OLID_URL: Substitution = (re.compile(r"\bURL\b"), LINK)
BARE_USER: Substitution = (re.compile(r"(?<![@\w])user\b"), MENTION)

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def clean_text(text: str, extra: Iterable[Substitution] = ()) -> str:
    """Canonical form of ``text``: entities unescaped, mentions/links unified, RT removed."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    for pattern, repl in extra:
        text = pattern.sub(repl, text)
    for pattern, repl in _PLACEHOLDERS:
        text = pattern.sub(repl, text)
    text = _LINK_RE.sub(LINK, text)
    text = _MENTION_RE.sub(MENTION, text)
    text = _RETWEET_RE.sub(" ", text)
    return " ".join(text.split())


def has_content(text: str) -> bool:
    """Whether a cleaned text says anything besides mentions and links (one letter at least)."""
    rest = text.replace(MENTION, " ").replace(LINK, " ")
    return any(c.isalpha() for c in rest)


def dedup_key(text: str) -> str:
    """What makes two texts the same post: case and whitespace ignored."""
    return " ".join(text.lower().split())


def arabic_share(text: str) -> float:
    """Share of the letters in ``text`` that are Arabic-script letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)


def script_lang(text: str, default: str = "en") -> str:
    """``ar`` when more than 30% of the letters are Arabic script, else ``default``."""
    return "ar" if arabic_share(text) > 0.3 else default


def fix_cp1256_mojibake(text: str) -> str:
    """Undo Arabic text that was decoded as Windows-1252/Latin-1 instead of Windows-1256."""
    if arabic_share(text) > 0.3:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("cp1256")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if arabic_share(fixed) > 0.3:
            return fixed
    return text
