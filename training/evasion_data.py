"""The ban-evasion evaluation, built from the public sets in ../shared/data.

No public set pairs suspended accounts with their successors, so we build the
pairs, from real names wherever we can:

* **Real usernames.** @handles mentioned in tweets (davidson2017, gab_hate_corpus,
  sohateful, two Arabic offensive sets, isis_fanboy). Masked mentions (``@USER``) are
  dropped. These are the parents of generated successors and, separately, the
  "unrelated real usernames" that measure false flags.
* **Real re-registration families.** In the isis_fanboy accounts and their @mentions,
  handles that agree once case, digits, underscores and repeated letters are removed
  (``AdamHasakah7``/``AdamHasakah17``/``adam_hasakah86``) but differ otherwise; one
  member (lowest number) is the suspended parent, the others its successors. This
  family rule is simpler than the library's normalization (no leetspeak, look-alikes
  or transliteration), but it does favour name-based matching: a family the rule
  cannot see is not in the set.
* **Generated successors** of real handles (``evasion_transforms.evade``).
* **isis_fanboy accounts with posts**: each account's tweets split in time; the first
  half belongs to the suspended parent, the second half's first posts to the successor.
* **Distractors**: each split's suspended side is crowded with 20,000 more names (50,000
  for training, so the model sees crowded stems often) drawn
  from that split's real suspended handles (``evasion_names.NameGenerator``), so a
  successor must be told apart from many similar suspended names, as in a real
  suspended set. A drawn name that copies a real handle's stem is kept only when it
  ends in digits (mostly the deliberate "same name, other number" case). The handles
  checked as unrelated are not drawn from: a character chain learnt from
  ``gt3KDyxVwE5sF4r`` drew ``AghKDyxVwE5sFah`` into the index, a near-copy that no
  real suspended set holds for an unrelated person; drawn names were the best match
  of 52 of the test split's 60 highest-scoring unrelated names, many of them such.

Everything else an account may carry (display name, email, IP, avatar PDQ, follows)
is simulated with stated rules (see ``_simulate_fields``): shared NAT addresses and a
default avatar make identifiers imperfect; followed accounts are drawn from a skewed
popularity so unrelated accounts overlap too.

Splits are by name stem (the family key), so no stem is in two splits: 60% train,
20% validation, 20% test.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import itertools
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from evasion_names import NameGenerator
from evasion_transforms import evade

from watchkeeper.text.normalize import split_camel

__all__ = [
    "Account",
    "Query",
    "SplitData",
    "build_splits",
    "distractor_corpus",
    "family_key",
    "load_handles",
    "load_isis",
    "other_real_handles",
]

SPLITS = ("train", "val", "test")
_HANDLE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{3,15})\b")
_MASKED = frozenset({"user", "url", "users"})
_MENTION_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("davidson2017/labeled_data.csv", "tweet", ","),
    ("gab_hate_corpus/ghc_train.tsv", "text", "\t"),
    ("sohateful/SoHateful.csv", "info_text", ","),
    ("arabic_offensive_taxonomy/arabic_off_lang_dataset_ID12.csv", "text", ","),
    ("arabic_offensive_taxonomy/arabic_off_lang_dataset_ID14.csv", "text", ","),
    ("isis_fanboy/IsisFanboy_dev.csv", "tweets", ","),
)
_ISIS = "isis_fanboy/IsisFanboy_dev.csv"
_POST_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("davidson2017/labeled_data.csv", "tweet", ","),
    ("gab_hate_corpus/ghc_train.tsv", "text", "\t"),
)


def family_key(handle: str) -> str:
    """Lower case, digits and underscores removed, repeated letters written once."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[\d_]+", "", handle.lower()))


@functools.cache
def split_of(key: str) -> str:
    bucket = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 10
    return "train" if bucket < 6 else "val" if bucket < 8 else "test"


def _rows(path: Path, delimiter: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def load_handles(data: Path) -> dict[str, set[str]]:
    """Every mentioned @handle, grouped by source file (spelling as first seen)."""
    found: dict[str, set[str]] = {}
    for relative, column, delimiter in _MENTION_SOURCES:
        handles: set[str] = set()
        for row in _rows(data / relative, delimiter):
            for handle in _HANDLE.findall(row.get(column) or ""):
                if handle.lower() not in _MASKED:
                    handles.add(handle)
        found[relative] = handles
    return found


@dataclass
class IsisAccount:
    username: str
    display_names: list[str]
    posts: list[str]


def load_isis(data: Path) -> list[IsisAccount]:
    """isis_fanboy accounts with at least 8 tweets, tweets in time order."""
    by_user: dict[str, list[tuple[datetime, str, str]]] = defaultdict(list)
    for row in _rows(data / _ISIS, ","):
        user = row["username"]
        if not re.fullmatch(r"\w{2,15}", user):
            continue
        when = datetime.strptime(row["time"].strip(), "%m/%d/%Y %H:%M")
        by_user[user].append((when, row["name"], row["tweets"].strip()))
    accounts = []
    for user, rows in sorted(by_user.items()):
        rows.sort()
        if len(rows) >= 8:
            names = list(dict.fromkeys(name for _, name, _ in rows if name.strip()))
            accounts.append(IsisAccount(user, names, [text for _, _, text in rows]))
    return accounts


def load_other_posts(data: Path) -> list[str]:
    """Tweets and Gab posts from non-ISIS sets, for unrelated accounts' posts."""
    posts = []
    for relative, column, delimiter in _POST_SOURCES:
        posts += [row[column] for row in _rows(data / relative, delimiter) if row.get(column)]
    return posts


@dataclass
class Account:
    """One simulated account (fields as the CLI reads them, raw email/IP)."""

    id: str
    username: str
    display_name: str | None = None
    bio: str | None = None
    posts: list[str] = field(default_factory=list)
    email: str | None = None
    ip: str | None = None
    avatar_pdq: str | None = None
    follows: list[str] = field(default_factory=list)

    def as_json(self, fields: frozenset[str]) -> dict[str, object]:
        row: dict[str, object] = {"id": self.id, "username": self.username}
        for name in ("display_name", "bio", "email", "ip", "avatar_pdq"):
            value = getattr(self, name)
            if name in fields and value:
                row[name] = value
        if "posts" in fields and self.posts:
            row["posts"] = self.posts
        if "follows" in fields and self.follows:
            row["follows"] = self.follows
        return row


@dataclass
class Query:
    """A new account to check, and the suspended account it really is (None: unrelated)."""

    account: Account
    parent: str | None
    kind: str  # "generated", "real_family", "isis", or "unrelated"


@dataclass
class SplitData:
    suspended: list[Account]
    queries: list[Query]
    stems: set[str]


_NAMING_TEMPLATES = (
    "My previous account @{old} was suspended. Follow me on this account",
    "@{old} is suspended, this is the new account",
    "حسابي القديم @{old} تم ايقافه",
)
_REFOLLOW_TEMPLATES = (
    "Please share our new account after the previous one was suspended",
    "RT so this account can reach my previous followers",
    "My previous account was suspended. Follow me on this account and spread it",
    "NEW ACCOUNT - back again, please support",
    "I'm back, help me reach my old followers",
    "عدنا بفضل الله، انشروا الحساب",
    "حسابي القديم تم ايقافه، ادعموا الحساب الجديد",
    "برجاء نشر حسابنا الجديد",
)
_INNOCENT_TEMPLATES = (
    "Finally made a new account for my art",
    "back again at the gym after a week off",
    "we are back with another episode tonight",
)
_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "yahoo.com", "hotmail.com", "outlook.com")


def _display_for(username: str, rng: random.Random, others: list[str]) -> str:
    pick = rng.random()
    words = split_camel(re.sub(r"\d+", " ", username)).replace("_", " ").strip()
    if pick < 0.55 and words:
        return words.title() if rng.random() < 0.5 else words
    if pick < 0.7:
        return username
    return split_camel(rng.choice(others)).replace("_", " ").strip() or username


def _email_variant(email: str, rng: random.Random) -> str:
    local, _, domain = email.partition("@")
    if domain != "gmail.com":
        return email.upper() if rng.random() < 0.3 else email
    if rng.random() < 0.5 and len(local) > 3:
        i = rng.randint(1, len(local) - 1)
        local = local[:i] + "." + local[i:]
    if rng.random() < 0.5:
        local += "+" + rng.choice(("new", "x", "2", "back"))
    return f"{local}@{rng.choice(('gmail.com', 'googlemail.com'))}"


def _flip_bits(pdq: str, bits: int, rng: random.Random) -> str:
    value = int(pdq, 16)
    for position in rng.sample(range(256), bits):
        value ^= 1 << position
    return f"{value:064x}"


@dataclass
class _World:
    """Shared simulated context: popular accounts, NAT addresses, the default avatar."""

    rng: random.Random
    popular: list[str]
    cumulative: list[float]
    nat_ips: list[str]
    default_avatar: str

    @classmethod
    def make(cls, rng: random.Random) -> _World:
        popular = [f"acct{i}" for i in range(20_000)]
        weights = [1.0 / (i + 1) ** 0.9 for i in range(len(popular))]
        cumulative = list(itertools.accumulate(weights))
        nat = [f"100.64.{rng.randint(0, 255)}.{rng.randint(1, 254)}" for _ in range(30)]
        return cls(rng, popular, cumulative, nat, f"{rng.getrandbits(256):064x}")

    def follows(self) -> list[str]:
        count = int(self.rng.lognormvariate(4.0, 0.8))
        return sorted(
            set(self.rng.choices(self.popular, cum_weights=self.cumulative, k=max(count, 3)))
        )

    def ip(self) -> str:
        if self.rng.random() < 0.03:
            return self.rng.choice(self.nat_ips)
        return f"{self.rng.randint(1, 223)}.{self.rng.randint(0, 255)}.0.{self.rng.randint(1, 254)}"

    def avatar(self) -> str:
        if self.rng.random() < 0.08:
            return _flip_bits(self.default_avatar, self.rng.randint(0, 3), self.rng)
        return f"{self.rng.getrandbits(256):064x}"

    def email(self, username: str) -> str:
        local = re.sub(r"\W", "", username.lower()) + str(self.rng.randint(0, 99))
        return f"{local}@{self.rng.choice(_DOMAINS)}"


def _simulate_fields(account: Account, world: _World, others: list[str]) -> None:
    rng = world.rng
    if account.display_name is None:
        account.display_name = _display_for(account.username, rng, others)
    account.email = world.email(account.username)
    account.ip = world.ip()
    account.avatar_pdq = world.avatar()
    account.follows = world.follows()


def _successor_fields(child: Account, parent: Account, world: _World, others: list[str]) -> None:
    """What a successor keeps of its parent, each with its own probability."""
    rng = world.rng
    _simulate_fields(child, world, others)
    pick = rng.random()
    if parent.display_name and pick < 0.45:
        child.display_name = parent.display_name
    elif parent.display_name and pick < 0.65:
        child.display_name = parent.display_name + rng.choice((" 2", " ²", " (new)", "\u2714", ""))
    elif pick < 0.9:
        child.display_name = _display_for(child.username, rng, others)
    if parent.email and rng.random() < 0.35:
        child.email = _email_variant(parent.email, rng)
    if parent.ip and rng.random() < 0.3:
        child.ip = parent.ip
    if parent.avatar_pdq and rng.random() < 0.4:
        child.avatar_pdq = _flip_bits(parent.avatar_pdq, rng.randint(0, 14), rng)
    if parent.follows and rng.random() < 0.6:
        kept = rng.sample(parent.follows, k=int(len(parent.follows) * rng.uniform(0.2, 0.8)))
        child.follows = sorted(set(kept) | set(world.follows()[: rng.randint(0, 40)]))


def _family_parent(members: list[str]) -> str:
    def order(handle: str) -> tuple[int, str]:
        digits = re.findall(r"\d+", handle)
        return (int(digits[-1][:9]) if digits else -1, handle)

    return min(members, key=order)


def real_families(handles: set[str]) -> list[list[str]]:
    """Groups of handles that are one name re-registered (see the module docstring)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for handle in handles:
        groups[family_key(handle)].add(handle)
    families = []
    for key, members in groups.items():
        distinct = list({handle.lower(): handle for handle in sorted(members)}.values())
        if len(key) >= 5 and len(distinct) >= 2:
            parent = _family_parent(distinct)
            families.append([parent, *sorted(set(distinct) - {parent})])
    return sorted(families)


def build_splits(
    data: Path, seed: int = 7, distractors: int = 20_000, train_distractors: int = 50_000
) -> dict[str, SplitData]:
    """Suspended accounts and queries per split (see the module docstring)."""
    rng = random.Random(seed)
    world = _World.make(rng)
    by_source = load_handles(data)
    isis = load_isis(data)
    isis_handles = by_source[_ISIS] | {account.username for account in isis}
    families = real_families(isis_handles)
    family_keys = {family_key(members[0]) for members in families}
    isis_keys = {family_key(account.username) for account in isis}
    pool: dict[str, str] = {}
    for handles in by_source.values():
        for handle in sorted(handles):
            key = family_key(handle)
            if len(key) >= 2 and key not in family_keys and key not in isis_keys:
                pool.setdefault(key, handle)
    other_posts = load_other_posts(data)
    splits = {name: SplitData([], [], set()) for name in SPLITS}
    all_names = sorted(pool.values())
    serial = 0

    def new_id(prefix: str) -> str:
        nonlocal serial
        serial += 1
        return f"{prefix}{serial}"

    for key, handle in sorted(pool.items()):
        split = splits[split_of(key)]
        split.stems.add(key)
        if rng.random() < 0.5:  # an unrelated real username, checked as a new account
            account = Account(new_id("n"), handle)
            _simulate_fields(account, world, all_names)
            _give_posts(account, rng, other_posts, isis, exclude=split_of(key))
            split.queries.append(Query(account, None, "unrelated"))
            continue
        parent = Account(new_id("s"), handle)
        _simulate_fields(parent, world, all_names)
        split.suspended.append(parent)
        if rng.random() < 0.7:
            username, _ = evade(handle, rng)
            child = Account(new_id("e"), username)
            _successor_fields(child, parent, world, all_names)
            split.queries.append(Query(child, parent.id, "generated"))
    for members in families:
        split = splits[split_of(family_key(members[0]))]
        split.stems.add(family_key(members[0]))
        parent = Account(new_id("s"), members[0])
        _simulate_fields(parent, world, all_names)
        split.suspended.append(parent)
        for member in members[1:]:
            child = Account(new_id("e"), member)
            _successor_fields(child, parent, world, all_names)
            split.queries.append(Query(child, parent.id, "real_family"))
    for source in isis:
        _add_isis(splits[split_of(family_key(source.username))], source, rng, world, new_id)
    for split_name, split in splits.items():
        _posts_for_generated(split, rng, other_posts, isis)
        suspended = distractor_corpus(split)  # no drawn names in this split yet
        real = suspended + [query.account.username for query in split.queries if not query.parent]
        taken = {family_key(handle) for handle in real}
        generator = NameGenerator(suspended, rng, renumber=suspended)
        made = 0
        wanted = train_distractors if split_name == "train" else distractors
        while made < wanted:
            name = generator.name()
            if len(name) < 2 or (family_key(name) in taken and not name[-1].isdigit()):
                continue  # an unrelated name that copies a real one is no distractor
            made += 1
            account = Account(new_id("d"), name)
            _simulate_fields(account, world, all_names)
            split.suspended.append(account)
    others = {name: other_real_handles(splits, name) for name in splits}
    for split_name, split in splits.items():
        for handle in others[split_name]:
            account = Account(new_id("dr"), handle)
            _simulate_fields(account, world, all_names)
            split.suspended.append(account)
    return splits


def other_real_handles(splits: dict[str, SplitData], split_name: str) -> list[str]:
    """The real handles of the other splits (suspended or checked as unrelated), which
    ``split_name``'s index also holds, as distractors.

    A real suspended set holds other people's real names, look-alikes among them
    (``collegefession`` and ``CoIlegefessions`` have different stems, so they can fall
    in different splits). Without them, thresholds chosen on the split's index let 2-3%
    of the 1M benchmark's held-out unrelated handles through an index of the real
    handles alone.
    """
    found: list[str] = []
    for name, split in splits.items():
        if name == split_name:
            continue
        found += [account.username for account in split.suspended if account.id[0] != "d"]
        found += [query.account.username for query in split.queries if query.kind == "unrelated"]
    return sorted(found)


def distractor_corpus(split: SplitData) -> list[str]:
    """The names a split's distractors are drawn from: its real suspended handles, sorted.

    Not the handles checked as unrelated: a character chain learnt from
    ``gt3KDyxVwE5sF4r`` drew ``AghKDyxVwE5sFah`` into the index, a near-copy that no
    real suspended set holds for an unrelated person.
    """
    return sorted(account.username for account in split.suspended if account.id[0] != "d")


def _give_posts(
    account: Account,
    rng: random.Random,
    other_posts: list[str],
    isis: list[IsisAccount],
    exclude: str | None,
) -> None:
    """Unrelated accounts' posts: half from an ISIS account of another split, half from
    other sets (an account of the same split would be in the index: its very posts)."""
    count = rng.randint(1, 8)
    choices = [source for source in isis if split_of(family_key(source.username)) != exclude]
    if rng.random() < 0.5 and choices:
        source = rng.choice(choices)
        start = rng.randint(0, max(0, len(source.posts) - count))
        account.posts = source.posts[start : start + count]
    else:
        account.posts = rng.sample(other_posts, count)
    if rng.random() < 0.02:
        account.posts[0] = rng.choice(_INNOCENT_TEMPLATES)


def _add_isis(
    split: SplitData,
    source: IsisAccount,
    rng: random.Random,
    world: _World,
    new_id: Callable[[str], str],
) -> None:
    split.stems.add(family_key(source.username))
    half = len(source.posts) // 2
    parent = Account(
        new_id("s"),
        source.username,
        display_name=source.display_names[0],
        posts=source.posts[:half][-200:],
    )
    _simulate_fields(parent, world, [source.username])
    split.suspended.append(parent)
    for _ in range(3):  # three independent successors with different name changes
        username, _ = evade(source.username, rng)
        start = half + rng.randint(0, max(0, len(source.posts) - half - 5))
        child = Account(
            new_id("e"), username, posts=source.posts[start : start + rng.randint(1, 5)]
        )
        _successor_fields(child, parent, world, [source.username])
        pick = rng.random()
        if pick < 0.1:
            request = rng.choice(_NAMING_TEMPLATES).format(old=source.username)
            child.posts = [request, *child.posts]
        elif pick < 0.3:
            child.posts = [rng.choice(_REFOLLOW_TEMPLATES), *child.posts]
        split.queries.append(Query(child, parent.id, "isis"))


def _posts_for_generated(
    split: SplitData, rng: random.Random, other_posts: list[str], isis: list[IsisAccount]
) -> None:
    """A tenth of generated successors post a re-follow request, a few naming the parent."""
    parents = {account.id: account.username for account in split.suspended}
    for query in split.queries:
        if query.kind != "generated" or query.parent is None:
            continue
        pick = rng.random()
        if pick < 0.03:
            template = rng.choice(_NAMING_TEMPLATES)
            query.account.posts = [template.format(old=parents[query.parent])]
        elif pick < 0.1:
            query.account.posts = [rng.choice(_REFOLLOW_TEMPLATES)]


def with_fields(account: Account, fields: frozenset[str]) -> dict[str, object]:
    """The account as a JSON line carrying only ``fields``."""
    return account.as_json(fields)


def stripped(account: Account, fields: frozenset[str]) -> Account:
    """A copy with only ``fields`` kept (the rest None/empty)."""
    return replace(
        account,
        display_name=account.display_name if "display_name" in fields else None,
        bio=account.bio if "bio" in fields else None,
        email=account.email if "email" in fields else None,
        ip=account.ip if "ip" in fields else None,
        avatar_pdq=account.avatar_pdq if "avatar_pdq" in fields else None,
        posts=account.posts if "posts" in fields else [],
        follows=account.follows if "follows" in fields else [],
    )
