"""The scripted parts of the demo stream: the 2014 campaign and what follows it.

Why: the engine exists for cases a random sample of public data rarely has together on
one timeline: threats under varied hashtag spellings, suspended accounts back under
bumped or look-alike names, doxxing, news, counter-speech, reports from users and a
trusted referral unit, a wrongful removal and appeals. They are staged here with our
own text from ``demo_texts``; sampled posts come from ``demo_sources``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from demo_builder import LAST, WINDOW_S, Account, Builder, at_time, offset_of
from demo_cleaning import PROPAGANDA
from demo_texts import (
    BENIGN_CONTACT,
    CAMPAIGN_BURST,
    COUNTER_POSTS,
    DOXX_HARASSMENT,
    DOXX_THREATS,
    EVADER_POSTS,
    NEWS_POSTS,
    OWN_AR,
    OWN_DE,
    OWN_FR,
)


@dataclass(frozen=True)
class Enforced:
    """A platform action someone may appeal: whom it hit, its draft key, when."""

    account: Account
    key: str
    at: int


@dataclass
class Story:
    """What later parts of the stream need to know about the campaign."""

    campaign: list[Account]
    burst: list[str]
    suspensions: dict[str, str]
    evaders: list[Account]
    news: list[str]
    counter: list[str]


def build_campaign(b: Builder) -> Story:
    """The 2014 burst, its suspensions, the re-registrations, news and counter-speech."""
    rng = b.rng
    isis = b.rows("isis_fanboy/IsisFanboy_dev.csv")
    # real usernames lend their shape; the two look-alike ones are re-enacted by hand below
    shapes = sorted(
        {row["username"] for row in isis if re.fullmatch(r"[A-Za-z0-9_]{4,15}", row["username"])}
        - {"lNSlDEWAR", "thefIamesofhaqq"}
    )
    rng.shuffle(shapes)
    hand_made = ["ShamReporter1", "abufalah040", "INSIDER_Sham"]
    campaign: list[Account] = []
    for index in range(12):  # most a day old, three older accounts lending credibility
        name = hand_made[index] if index < 3 else b.shaped_name(shapes[index])
        created = b.days_old(0.8, 1.4) if index < 9 else b.days_old(90, 400)
        campaign.append(b.account(name, created))
    # three more sign up during the burst; burst post i goes to campaign[i] first
    joined = {2300: 12, 2700: 13, 3300: 14}
    for offset, index in joined.items():
        account = b.account(b.shaped_name(shapes[index + 5]), at_time(offset))
        b.signup(offset, account, bio="Baqiya wa tatamaddad. #AttackingTwitterEmployees")
        campaign.append(account)

    burst: list[str] = []
    for index, (lang, text) in enumerate(CAMPAIGN_BURST):
        author = campaign[index] if index < len(campaign) else rng.choice(campaign[:12])
        at = 2400 + rng.randrange(1800)
        for offset, joiner in joined.items():
            if index == joiner:
                at = max(at, offset + 60)
        burst.append(b.post(at, author, text, lang, "watchkeeper"))

    # the platform suspends the first six; four come back under bumped names
    suspensions: dict[str, str] = {}
    for index, account in enumerate(campaign[:6]):
        at = 4300 + index * 110 + rng.randrange(60)
        suspensions[account.account_id] = b.enforce(
            at, "suspend", account, "Violent threats against employees (#AttackingTwitterEmployees)"
        )
    evader_names = {
        0: "shamreporter2",
        1: "abufalah041",
        3: bump(campaign[3].username),
        4: bump(campaign[4].username).lower(),
    }
    evaders: list[Account] = []
    for index, name in evader_names.items():
        at = 4300 + index * 110 + 400 + rng.randrange(500)
        account = b.account(name, at_time(at))
        b.signup(at, account)
        evaders.append(account)
    # two dormant accounts are renamed to wear suspended names
    sleepers = [b.account(b.ordinary_name(), b.years_old()) for _ in range(2)]
    for sleeper, name, at in (
        (sleepers[0], "lNSlDER_Sham", 5200 + rng.randrange(300)),
        (sleepers[1], bump(campaign[5].username), 5600 + rng.randrange(300)),
    ):
        old = sleeper.username
        sleeper.username = name
        b.usernames.add(name)
        b.add(
            "account",
            at,
            {
                "action": "rename",
                "account_id": sleeper.account_id,
                "username": name,
                "meta": {"previous_username": old},
            },
        )
    returning = evaders + sleepers
    for index, (lang, text) in enumerate(EVADER_POSTS):
        author = returning[index % len(returning)]
        floor = max(offset_of(author.created_at) + 120, 5950)
        b.post(floor + rng.randrange(900), author, text, lang, "watchkeeper")

    # news coverage and counter-speech from ordinary, older accounts
    reporters = [
        b.account(name, b.years_old())
        for name in ("CityDeskSF", "newsroom_de", "RedactionFR", "akhbar_alyawm")
    ]
    desks = {"en": reporters[0], "de": reporters[1], "fr": reporters[2], "ar": reporters[3]}
    news: list[str] = []
    for lang, text in NEWS_POSTS:
        news.append(b.post(3900 + rng.randrange(3000), desks[lang], text, lang, "watchkeeper"))
    counter: list[str] = []
    for index, (lang, text) in enumerate(COUNTER_POSTS):
        author = b.ordinary_account()
        parent = burst[index] if index < 4 else None
        at = (b.post_at[parent] if parent else 3600) + 120 + rng.randrange(1800)
        counter.append(b.post(at, author, text, lang, "watchkeeper", reply_to=parent))
    return Story(campaign, burst, suspensions, evaders, news, counter)


def bump(username: str) -> str:
    """The next re-registration: the trailing number + 1, or a trailing digit added."""
    match = re.search(r"(\d+)$", username)
    if not match:
        return f"{username}1"
    digits = match.group(1)
    return username[: match.start()] + str(int(digits) + 1).zfill(len(digits))


def build_doxxing(b: Builder, story: Story) -> list[str]:
    """Home addresses posted beside threats, and harmless business contact details."""
    rng = b.rng
    threats: list[str] = []
    for index, (lang, text) in enumerate((*DOXX_THREATS, DOXX_HARASSMENT)):
        author = story.campaign[6 + index] if index < len(DOXX_THREATS) else b.ordinary_account()
        at = 3000 + index * 600 + rng.randrange(300)
        threats.append(b.post(at, author, text, lang, "watchkeeper"))
    for lang, text in BENIGN_CONTACT:
        b.post(rng.randrange(WINDOW_S - 300), b.ordinary_account(), text, lang, "watchkeeper")
    return threats


def build_own_ordinary(b: Builder) -> None:
    """German, Arabic and French everyday posts we wrote (no shippable set has them)."""
    for lang, texts in (("de", OWN_DE), ("ar", OWN_AR), ("fr", OWN_FR)):
        local = [b.ordinary_account() for _ in range(len(texts) * 2 // 3)]
        for text in texts:
            b.post(b.rng.randrange(WINDOW_S - 60), b.rng.choice(local), text, lang, "watchkeeper")


def build_accounts(b: Builder, story: Story) -> None:
    """Sign-ups of people who only read, and a few profile changes."""
    rng = b.rng
    bios = ("coffee, bikes, bad puns", "Lehrerin. Meinungen sind meine eigenen.", None, None)
    for _ in range(10):
        at = rng.randrange(WINDOW_S - 60)
        account = b.account(b.ordinary_name(), at_time(at))
        b.signup(at, account, bio=rng.choice(bios))
    campaign = story.campaign
    changes = (
        (
            campaign[9],
            "Soldier of the Khilafah",
            "Suspended 7 times. Baqiya. #The_Concept_of_Lone_Wolf_Attacks",
        ),
        (campaign[10], "الذئب المنفرد", None),
        (b.ordinary_account(), "Mia | Oakland", "Nurse, runner, aunt of three."),
    )
    for account, display_name, bio in changes:
        fields: dict[str, Any] = {
            "action": "profile",
            "account_id": account.account_id,
            "username": account.username,
            "display_name": display_name,
        }
        if bio:
            fields["bio"] = bio
        b.add("account", 3000 + rng.randrange(3600), fields)


def build_referrals(b: Builder, story: Story, isis_keys: list[str]) -> Enforced | None:
    """A police referral unit (trust 0.95) flags propaganda; two accounts are suspended."""
    rng = b.rng
    unit = b.account("CT_ReferralUnit", b.years_old())
    early = [
        key for key in isis_keys if b.post_at[key] < 6000 and PROPAGANDA.search(b.post_text[key])
    ]
    suspended: list[Enforced] = []
    for key in sorted(rng.sample(early, 10), key=b.post_at.__getitem__):
        at = b.after(key, 300, 1500)
        comment = "Referral: promotes a designated terrorist organisation."
        b.report(at, unit, 0.95, key, "terrorism", comment)
        author = b.post_author[key]
        if len(suspended) < 2 and all(author is not done.account for done in suspended):
            when = min(at + 200 + rng.randrange(400), LAST)
            reason = "Terrorist propaganda (trusted-flagger referral)"
            suspended.append(Enforced(author, b.enforce(when, "suspend", author, reason), when))
    for key in story.burst[:3]:
        comment = "Referral: incitement to attack named employees."
        b.report(b.after(key, 200, 900), unit, 0.95, key, "terrorism", comment)
    evader = story.evaders[0]
    fields: dict[str, Any] = {
        "reporter_id": unit.account_id,
        "reporter_trust": 0.95,
        "target_kind": "account",
        "target_id": evader.account_id,
        "reason": "terrorism",
        "text": evader.username,
        "comment": "Re-registration of an account suspended an hour ago (ShamReporter1).",
    }
    b.add("report", min(offset_of(evader.created_at) + 600 + rng.randrange(600), LAST), fields)
    return suspended[0] if suspended else None


def build_user_reports(
    b: Builder, story: Story, threat_keys: list[str], doxx_keys: list[str]
) -> Enforced:
    """Ordinary users (trust 0.1) report threats against them; the platform acts on some."""
    rng = b.rng
    victims = (
        "That is my home address. Please take it down.",
        "This is me. I am scared to go home.",
        "He posted where I live.",
        "My colleague's address, with a threat.",
    )
    for index, key in enumerate(doxx_keys[:4]):
        at = b.after(key, 60, 600)
        reason = "doxxing" if index % 2 else "threat"
        b.report(at, b.ordinary_account(), 0.1, key, reason, victims[index])
        if index < 3:
            when = min(at + 120 + rng.randrange(480), LAST)
            reason = "Private information posted with a threat"
            b.enforce(when, "remove", b.post_author[key], reason, key)
    for key in story.burst[3:7]:
        comment = "I work there. This is about us."
        b.report(b.after(key, 60, 900), b.ordinary_account(), 0.1, key, "threat", comment)
    threat = threat_keys[0]
    at = b.after(threat, 60, 900)
    b.report(at, b.ordinary_account(), 0.1, threat, "threat")
    b.enforce(min(at + 300, LAST), "warn", b.post_author[threat], "Call for violence", threat)
    # campaign accounts mass-report the counter-speech
    for reporter, key in zip(story.campaign[7:9], story.counter[:2], strict=True):
        b.report(b.after(key, 30, 600), reporter, 0.1, key, "harassment")
    # a news post that quotes the threat is reported and wrongly removed
    news = min(story.news, key=b.post_at.__getitem__)
    at = b.after(news, 60, 300)
    b.report(at, b.ordinary_account(), 0.1, news, "terrorism", "spreading ISIS threats")
    desk = b.post_author[news]
    return Enforced(desk, b.enforce(at + 240, "remove", desk, "Terrorist content", news), at + 240)


def build_appeals(b: Builder, story: Story, removed_news: Enforced, isis: Enforced | None) -> None:
    """The news desk, a campaign account and a propaganda account contest their cases."""
    rng = b.rng
    first = story.campaign[3]
    appeals = [
        (
            removed_news,
            removed_news.at + 360,
            "This was a news report quoting the threat, not a threat. Please restore it.",
        ),
        (
            Enforced(first, story.suspensions[first.account_id], 0),
            6300 + rng.randrange(600),
            "I only shared the news. I never threatened anyone. Unsuspend me.",
        ),
    ]
    if isis is not None:
        text = "My account only posted translations of public statements."
        appeals.append((isis, isis.at + 400 + rng.randrange(600), text))
    for enforced, at, text in appeals:
        fields = {"account_id": enforced.account.account_id, "text": text}
        b.add("appeal", min(at, LAST), fields, appealed_event_id=enforced.key)
