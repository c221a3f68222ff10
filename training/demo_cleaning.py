"""How sampled rows are filtered and cleaned before they enter the demo stream.

Why: the public sets mask mentions and links in different ways (``@USER``, ``URL``, raw
handles), keep HTML entities and export quoting, and mention years and people after
2014. Whether a row's text may go in, and what it looks like once it does, is decided
here: one masker gives every source the same fictional ``@user123`` handles and
``https://example.org/...`` links, so nothing real is linked and no source can be told
apart by its masking; beside it are the filters for violent, propaganda and
anachronistic text and a small language guess for the multilingual isis_fanboy rows.
"""

from __future__ import annotations

import html
import random
import re
import string

from demo_texts import words

VIOLENT = re.compile(
    r"\b(kill(?:ed|ing)?|shoot(?:ing)?|shot|hang(?:ed)?|nuke|bullets?|lynch(?:ed|ing)?|"
    r"execut(?:e|ed|ion)|slaughter|behead\w*|stab|murder|exterminat\w*|burn (?:them|it|down))\b",
    re.IGNORECASE,
)
PROPAGANDA = re.compile(
    r"islamic ?state|khilaf|caliph|dawlah|mujahid|kuffar|crusader|amaq|wilayat|baqiya|"
    r"shaheed|\bIS\b|الخلافة|الدولة|ولاية|أعماق|اعماق|مجاهد|المجاهدين|الصليبي",
    re.IGNORECASE,
)
ANACHRONISM = re.compile(
    r"\b(trump|maga|kavanaugh|brexit|antifa|qanon|metoo)\b|(?<!\d)(201[5-9]|143[67])(?!\d)",
    re.IGNORECASE,
)
URL_RE = re.compile(r"\bhttps?\S*|\bwww\.\S+|\bpic\.twitter\.com/\S+", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MENTION_RE = re.compile(r"(?<![\w@])@\w+")
ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u00ff]")
FR_WORDS = frozenset(
    words(
        "le la les des est une pour pas je tu que qui sur avec dans il et ce mais vous nous c'est"
    )
)
EN_WORDS = frozenset(words("the and is to of in for you that with on are it this was be"))


def guess_lang(text: str) -> str | None:
    """Script and stop-word vote; None where neither says enough."""
    if len(ARABIC_RE.findall(text)) > len(LATIN_RE.findall(text)):
        return "ar"
    tokens = re.findall(r"[a-z\u00e0-\u00ff']+", text.lower())
    french = sum(token in FR_WORDS for token in tokens)
    english = sum(token in EN_WORDS for token in tokens)
    if french >= 2 and french > english:
        return "fr"
    if english >= 2 and english > french:
        return "en"
    return None


class Masker:
    """Turns every source's mentions and links into the same fictional shapes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.handles: dict[str, str] = {}

    def handle(self) -> str:
        return f"@user{self.rng.randint(100, 9999)}"

    def _mention(self, match: re.Match[str]) -> str:
        name = match.group(0)[1:]
        if name == "USER":  # already anonymised by the source: a fresh handle each time
            return self.handle()
        if name.lower() not in self.handles:
            self.handles[name.lower()] = self.handle()
        return self.handles[name.lower()]

    def _url(self, match: re.Match[str]) -> str:
        token = "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in "123456")
        return f"https://example.org/{token}"

    def _email(self, match: re.Match[str]) -> str:
        return f"user{self.rng.randint(100, 9999)}@example.com"

    def clean(self, text: str, *, url_token: bool = False) -> str:
        text = html.unescape(text)
        text = URL_RE.sub(self._url, text)
        if url_token:
            text = re.sub(r"\bURL\b", self._url, text)
        text = EMAIL_RE.sub(self._email, text)
        text = MENTION_RE.sub(self._mention, text)
        return " ".join(text.split())


def tidy_implicit(text: str) -> str:
    """Undo the Latent Hatred export's quoting and removed-handle residue."""
    text = " ".join(text.replace('""', '"').split())
    text = re.sub(r'"(?:\s*")+', '"', text)
    text = re.sub(r'^(?:"\s*)+|(?:\s*")+$', "", text).strip()
    text = re.sub(r"^:\s*", "", text)
    text = re.sub(r"\brt\s*:\s*", "RT @USER: ", text)
    text = re.sub(r"\bvia$", "via @USER", text)
    return re.sub(r"\s+([.,!?;])", r"\1", text).strip()
