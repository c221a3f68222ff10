"""The timeline, fictional accounts and event drafts the demo stream is assembled from.

Why: every part of the stream (public-set samples, the scripted campaign, reports and
appeals) needs the same things: one seeded random source, unique fictional usernames,
moments on the two-hour timeline, and events that refer to earlier ones. ``Builder``
holds them so each part stays a small function and the whole stream stays a pure
function of the data folder, the seed and the size. Events are kept as drafts because
ids follow time order, which is only known once every part has added its events.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from demo_cleaning import ANACHRONISM, Masker
from demo_texts import FIRST_NAMES, NAME_TAILS, NAME_WORDS, SHORT_WORDS

START = datetime(2014, 9, 8, 18, 0, tzinfo=UTC)
"""The stream's first second: the Monday the campaign in the story broke."""
WINDOW_S = 2 * 60 * 60
LAST = WINDOW_S - 10
"""Nothing happens later than this (seconds after START)."""
MAX_POST_CHARS = 280


@dataclass
class Account:
    account_id: str
    username: str
    created_at: datetime | None


@dataclass
class Draft:
    """An event before ids are given out: ids follow time order, so refs are resolved late."""

    kind: str
    at: int
    key: str
    fields: dict[str, Any]
    refs: dict[str, str] = field(default_factory=dict)
    seq: int = 0


ID_PREFIX = {
    "post": "demo-post",
    "account": "demo-account",
    "report": "demo-report",
    "enforcement": "demo-enforcement",
    "appeal": "demo-appeal",
}


def iso(moment: datetime) -> str:
    return moment.isoformat()


def at_time(seconds: int) -> datetime:
    return START + timedelta(seconds=seconds)


def offset_of(moment: datetime | None) -> int:
    """Seconds from the stream's start (0 for unknown or earlier moments)."""
    return max(int((moment - START).total_seconds()), 0) if moment else 0


class Builder:
    """Holds the random source, the accounts and the drafts while the stream is put together."""

    def __init__(self, data: Path, seed: int) -> None:
        self.data = data
        self.rng = random.Random(seed)
        self.masker = Masker(self.rng)
        self.drafts: list[Draft] = []
        self.accounts: list[Account] = []
        self.usernames: set[str] = set()
        self.taken: Counter[tuple[str, str]] = Counter()
        """Rows taken per (set, label or language), for SOURCES.md."""
        self.post_text: dict[str, str] = {}
        self.post_author: dict[str, Account] = {}
        self.post_at: dict[str, int] = {}
        self.seen_texts: set[str] = set()
        self._tables: dict[str, list[dict[str, str]]] = {}

    def rows(self, relative: str, delimiter: str = ",") -> list[dict[str, str]]:
        """A data file's rows as dicts (read once, however often asked)."""
        if relative not in self._tables:
            path = self.data / relative
            if not path.is_file():
                raise SystemExit(f"missing data file: {path}")
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle, delimiter=delimiter)
                self._tables[relative] = [
                    {key: value or "" for key, value in row.items()} for row in reader
                ]
        return self._tables[relative]

    # accounts

    def account(self, username: str, created_at: datetime | None) -> Account:
        if username in self.usernames:
            raise ValueError(f"username used twice: {username}")
        self.usernames.add(username)
        account = Account(f"demo-acct-{len(self.accounts) + 1:04d}", username, created_at)
        self.accounts.append(account)
        return account

    def years_old(self) -> datetime:
        first = datetime(2008, 3, 1, tzinfo=UTC)
        span = int((datetime(2014, 6, 30, tzinfo=UTC) - first).total_seconds())
        return first + timedelta(seconds=self.rng.randrange(span))

    def days_old(self, low: float, high: float) -> datetime:
        return START - timedelta(seconds=int(self.rng.uniform(low, high) * 86_400))

    def ordinary_name(self) -> str:
        while True:
            first = self.rng.choice(FIRST_NAMES)
            style = self.rng.randrange(4)
            if style == 0:
                name = f"{first}{self.rng.randint(1, 99)}"
            elif style == 1:
                name = f"{first}_{self.rng.choice(NAME_TAILS)}"
            elif style == 2:
                name = f"{first.capitalize()}{self.rng.choice(FIRST_NAMES).capitalize()}"
            else:
                name = f"the{first}{self.rng.choice(NAME_TAILS)}"
            if name not in self.usernames:
                return name

    def ordinary_account(self) -> Account:
        roll = self.rng.random()
        created: datetime | None
        if roll < 0.65:
            created = self.years_old()
        elif roll < 0.75:
            created = self.days_old(1, 60)
        else:
            created = None
        return self.account(self.ordinary_name(), created)

    def word_like(self, length: int) -> str:
        """A fictional name word (or two joined) about ``length`` letters long."""
        if length <= 3:
            return self.rng.choice(SHORT_WORDS)
        for _ in range(100):
            word = self.rng.choice(NAME_WORDS)
            if length > 7:
                word += self.rng.choice(NAME_WORDS)
            if abs(len(word) - length) <= 2:
                return word
        return self.rng.choice(NAME_WORDS)

    def shaped_name(self, real: str) -> str:
        """A fictional username with the real one's shape: case, digits, underscores."""
        tokens = re.findall(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+|_+", real)
        while True:
            parts: list[str] = []
            for token in tokens:
                if token.isdigit():
                    parts.append("".join(str(self.rng.randrange(10)) for _ in token))
                elif token.startswith("_"):
                    parts.append(token)
                else:
                    word = self.word_like(len(token))
                    if token.isupper():
                        word = word.upper()
                    elif token[0].isupper():
                        word = word.capitalize()
                    parts.append(word)
            name = "".join(parts)[:15]
            if name not in self.usernames:
                return name

    # drafts

    def add(self, kind: str, at: int, fields: dict[str, Any], **refs: str) -> str:
        key = f"{kind}:{len(self.drafts)}"
        self.drafts.append(Draft(kind, at, key, fields, dict(refs), len(self.drafts)))
        return key

    def post(
        self,
        at: int,
        author: Account,
        text: str,
        lang: str | None,
        source: str,
        reply_to: str | None = None,
        subset: str = "",
    ) -> str:
        fields: dict[str, Any] = {"author_id": author.account_id, "text": text}
        if lang:
            fields["lang"] = lang
        if author.created_at is not None:
            fields["author_created_at"] = iso(author.created_at)
        fields["meta"] = {"demo_source": source}
        refs = {"reply_to": reply_to} if reply_to else {}
        key = self.add("post", at, fields, **refs)
        self.post_text[key] = text
        self.post_author[key] = author
        self.post_at[key] = at
        if source != "watchkeeper":
            self.taken[source, subset] += 1
        return key

    def signup(self, at: int, account: Account, bio: str | None = None) -> None:
        fields: dict[str, Any] = {
            "action": "signup",
            "account_id": account.account_id,
            "username": account.username,
        }
        if bio:
            fields["bio"] = bio
        fields["account_created_at"] = iso(at_time(at))
        self.add("account", at, fields)

    def report(
        self,
        at: int,
        reporter: Account,
        trust: float,
        post_key: str,
        reason: str,
        comment: str = "",
    ) -> None:
        fields: dict[str, Any] = {
            "reporter_id": reporter.account_id,
            "reporter_trust": trust,
            "target_kind": "post",
            "target_author_id": self.post_author[post_key].account_id,
            "reason": reason,
            "text": self.post_text[post_key],
        }
        if comment:
            fields["comment"] = comment
        self.add("report", at, fields, target_id=post_key)

    def enforce(
        self, at: int, action: str, account: Account, reason: str, post_key: str | None = None
    ) -> str:
        fields: dict[str, Any] = {"action": action, "account_id": account.account_id}
        if action == "suspend":  # platforms say whom they suspended: the evasion index needs it
            fields["username"] = account.username
        fields["reason"] = reason
        refs = {"target_id": post_key} if post_key else {}
        return self.add("enforcement", at, fields, **refs)

    def after(self, key: str, low: int, high: int) -> int:
        """A moment between ``low`` and ``high`` seconds after a post (capped at LAST)."""
        return min(self.post_at[key] + low + self.rng.randrange(high - low), LAST)

    def fresh(self, text: str) -> bool:
        """True the first time a text (case- and space-folded) is seen."""
        folded = " ".join(text.lower().split())
        if folded in self.seen_texts:
            return False
        self.seen_texts.add(folded)
        return True

    def candidates(
        self, rows: list[dict[str, str]], text_of: Callable[[dict[str, str]], str]
    ) -> Iterator[tuple[dict[str, str], str]]:
        """Rows in random order, with their cleaned text, where that text fits and is new."""
        order = list(range(len(rows)))
        self.rng.shuffle(order)
        for index in order:
            text = text_of(rows[index])
            fits = 25 <= len(text) <= MAX_POST_CHARS and not ANACHRONISM.search(text)
            if fits and self.fresh(text):
                yield rows[index], text

    def sample(
        self, rows: list[dict[str, str]], count: int, text_of: Callable[[dict[str, str]], str]
    ) -> list[tuple[dict[str, str], str]]:
        """``count`` candidates (fewer only if the rows run out)."""
        return list(itertools.islice(self.candidates(rows, text_of), count))
