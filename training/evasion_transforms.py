"""How evaders change a username: a generator of realistic successors for evaluation.

We have few real (suspended, successor) pairs, so most of the evaluation takes real
usernames and changes them the way suspended pro-ISIS accounts did in 2014-16, as
seen in the accounts and @mentions of the isis_fanboy set (``AdamHasakah7`` ->
``AdamHasakah17`` -> ``adam_hasakah86``, ``wayf44rer`` -> ``wayff44rer`` -> ``wwayf44rer``,
``BintSand`` -> ``BintSaaand``, ``MaghrebiWS1`` -> ``MaghrebiWS2``, ``INSIDER`` ->
``lNSlDER``, ``NameQ`` -> ``NameHD``). One to three changes are drawn per successor,
with the mix itself drawn per call, so no single pattern dominates. To keep the test
honest some changes are ones no normalization undoes (a typo, two letters swapped, a
new ending, a prefix), and the result is cut to 15 characters like a Twitter handle.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable

__all__ = ["TRANSFORMS", "evade"]

_MAX = 15
_DIGITS = re.compile(r"\d+")
_ASCII_LOOKALIKE = {"l": "I", "I": "l", "i": "1", "o": "0", "O": "0", "e": "3", "a": "4", "s": "5"}
_SCRIPT_LOOKALIKE = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441"}
_SUFFIXES = ("HD", "WM", "Q", "x", "_x", "news", "TV", "back", "again", "Ar", "En", "_1")
_PREFIXES = ("the", "The_", "real", "i", "its", "_", "1", "x")


def _number_bump(name: str, rng: random.Random) -> str:
    runs = list(_DIGITS.finditer(name))
    if not runs:
        return _append_digits(name, rng)
    run = runs[-1] if rng.random() < 0.85 else runs[0]
    value = int(run.group())
    step = rng.choice((1, 1, 1, 1, 2, 2, 3, -1))
    number = str(max(0, value + step)).zfill(len(run.group()))
    return name[: run.start()] + number + name[run.end() :]


def _append_digits(name: str, rng: random.Random) -> str:
    digits = str(rng.randint(0, 10 ** rng.choice((1, 2, 2, 3)) - 1))
    if rng.random() < 0.15:
        digits = digits.zfill(2)
    sep = "_" if rng.random() < 0.3 else ""
    if rng.random() < 0.1:
        return f"{digits}{sep}{name}"
    return f"{name}{sep}{digits}"


def _renumber(name: str, rng: random.Random) -> str:
    runs = list(_DIGITS.finditer(name))
    if not runs:
        return _append_digits(name, rng)
    run = runs[-1]
    return name[: run.start()] + str(rng.randint(0, 999)) + name[run.end() :]


def _drop_digits(name: str, rng: random.Random) -> str:
    stripped = name.rstrip("0123456789_")
    return stripped if len(stripped) >= 3 else _number_bump(name, rng)


def _confusable(name: str, rng: random.Random) -> str:
    table = _SCRIPT_LOOKALIKE if rng.random() < 0.1 else _ASCII_LOOKALIKE
    spots = [i for i, char in enumerate(name) if char in table or char.lower() in table]
    if not spots:
        return _double_letter(name, rng)
    chars = list(name)
    for i in rng.sample(spots, k=min(len(spots), rng.choice((1, 1, 2, 3)))):
        char = chars[i] if chars[i] in table else chars[i].lower()
        chars[i] = table[char]
    if table is _ASCII_LOOKALIKE and rng.random() < 0.5:  # lNSlDER: upper case hides it
        chars = [char.upper() if char not in "l" else char for char in chars]
    return "".join(chars)


def _double_letter(name: str, rng: random.Random) -> str:
    spots = [i for i, char in enumerate(name) if char.isalpha()]
    if not spots:
        return _append_digits(name, rng)
    i = rng.choice(spots)
    return name[: i + 1] + name[i] * rng.choice((1, 1, 1, 2, 3)) + name[i + 1 :]


def _drop_letter(name: str, rng: random.Random) -> str:
    doubled = [i for i in range(1, len(name)) if name[i] == name[i - 1] and name[i].isalpha()]
    vowels = [i for i, char in enumerate(name) if char.lower() in "aeiou" and i > 0]
    spots = doubled or vowels
    if not spots or len(name) <= 4:
        return _double_letter(name, rng)
    i = rng.choice(spots)
    return name[:i] + name[i + 1 :]


def _separator(name: str, rng: random.Random) -> str:
    if "_" in name and rng.random() < 0.5:
        return name.replace("_", "", 1) if rng.random() < 0.6 else name.replace("_", "__", 1)
    where = rng.random()
    if where < 0.3:
        return name + "_" * rng.choice((1, 1, 2))
    if where < 0.45:
        return "_" + name
    bounds = [i for i in range(1, len(name)) if name[i].isupper() or name[i].isdigit()]
    i = rng.choice(bounds) if bounds else rng.randint(1, max(1, len(name) - 1))
    return name[:i] + "_" + name[i:]


def _case(name: str, rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.4:
        return name.lower()
    if pick < 0.6:
        return name.capitalize()
    if pick < 0.75:
        return name.upper()
    return "".join(char.upper() if rng.random() < 0.3 else char for char in name)


def _suffix(name: str, rng: random.Random) -> str:
    base = name.rstrip("0123456789_")
    if len(base) > 5 and rng.random() < 0.5:
        base = base[: -rng.choice((1, 2))]
    return base + rng.choice(_SUFFIXES)


def _prefix(name: str, rng: random.Random) -> str:
    return rng.choice(_PREFIXES) + name


def _transpose(name: str, rng: random.Random) -> str:
    spots = [i for i in range(len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    if not spots:
        return _double_letter(name, rng)
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _typo(name: str, rng: random.Random) -> str:
    spots = [i for i, char in enumerate(name) if char.isalpha()]
    if len(spots) < 5:
        return _double_letter(name, rng)
    i = rng.choice(spots)
    letter = rng.choice(string.ascii_lowercase)
    return name[:i] + (letter.upper() if name[i].isupper() else letter) + name[i + 1 :]


Transform = Callable[[str, random.Random], str]

TRANSFORMS: dict[str, tuple[Transform, float]] = {
    "number_bump": (_number_bump, 3.0),
    "append_digits": (_append_digits, 2.0),
    "renumber": (_renumber, 1.0),
    "drop_digits": (_drop_digits, 0.5),
    "confusable": (_confusable, 1.5),
    "double_letter": (_double_letter, 1.2),
    "drop_letter": (_drop_letter, 0.8),
    "separator": (_separator, 1.5),
    "case": (_case, 1.0),
    "suffix": (_suffix, 1.0),
    "prefix": (_prefix, 0.4),
    "transpose": (_transpose, 0.4),
    "typo": (_typo, 0.5),
}
"""Each change with its base weight; ``evade`` perturbs the weights on every call."""


def evade(name: str, rng: random.Random) -> tuple[str, list[str]]:
    """A successor username for ``name`` and the changes made (never ``name`` itself)."""
    names = list(TRANSFORMS)
    weights = [TRANSFORMS[key][1] * rng.uniform(0.3, 1.7) for key in names]
    count = rng.choices((1, 2, 3), weights=(0.5, 0.35, 0.15))[0]
    applied: list[str] = []
    new = name
    for _ in range(10):
        for key in rng.choices(names, weights=weights, k=count):
            new = TRANSFORMS[key][0](new, rng)
            applied.append(key)
        if len(name) <= _MAX < len(new):
            new = new[:_MAX]
        if new != name and len(new) >= 2:
            return new, applied
        new, applied = name, []
    return name + "1", ["append_digits"]
