"""Build the event stream that ``watchkeeper demo`` plays through the service.

Why this exists: a new operator should see the engine flag real things within seconds
of starting it, on traffic that looks like a platform's rather than on toy sentences.
So the stream mixes ordinary posts with the cases Watchkeeper is built for, all on one
timeline of about two hours in September 2014:

* ordinary posts sampled from public labelled sets whose licences let us ship them
  (MIT, CC BY 4.0, CC0), plus short German, Arabic and French posts we wrote ourselves,
  because every German and Arabic set in ``../shared/data`` is GPL or unlicensed;
* posts from pro-ISIS accounts (isis_fanboy, CC0) and call-for-violence posts (Latent
  Hatred, CC BY 4.0);
* a re-enactment, in our own words, of the 2014 campaign that urged "lone wolf" attacks
  on Twitter employees: a burst under ``#The_Concept_of_Lone_Wolf_Attacks`` and
  ``#AttackingTwitterEmployees``, news posts that quote it, and counter-speech;
* doxxing (fictional addresses, 555 numbers, example.com mail) beside harmless
  business contact details;
* sign-ups, suspensions and re-registrations under bumped or look-alike usernames,
  reports from users and from a trusted referral unit, and appeals.

Every line is validated with ``EVENT_ADAPTER`` before it is written, and the output is
a pure function of the data folder, the seed and the size, so the test suite can
rebuild it and compare bytes. Mentions and links are masked the same way in every
source (``@user123``, ``https://example.org/...``) so nothing real is linked and no
source can be recognised by its masking style. ``SOURCES.md`` is written beside the
stream with each set's licence, row count and citation.
"""

from __future__ import annotations

import argparse
import csv
import html
import itertools
import json
import random
import re
import string
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from watchkeeper.model import EVENT_ADAPTER

START = datetime(2014, 9, 8, 18, 0, tzinfo=UTC)
"""The stream's first second: the Monday the campaign in the story broke."""
WINDOW_S = 2 * 60 * 60
LAST = WINDOW_S - 10
"""Nothing happens later than this (seconds after START)."""
MAX_POST_CHARS = 280

# -- the sets we sample, with what SOURCES.md says about each -----------------------------


@dataclass(frozen=True)
class SourceSet:
    key: str
    title: str
    licence: str
    taken: str
    citation: str
    licence_file: str | None = None


SOURCE_SETS: tuple[SourceSet, ...] = (
    SourceSet(
        key="davidson2017",
        title="Automated Hate Speech Detection and the Problem of Offensive Language "
        "(English tweets, `labeled_data.csv`)",
        licence="MIT License (Copyright (c) 2017 Tom Davidson), as stated in the repository; "
        "the licence text is reproduced at the end of this file",
        taken="ordinary posts: rows whose coders all voted `neither`",
        citation="Davidson, T., Warmsley, D., Macy, M., Weber, I. (2017). Automated Hate Speech "
        "Detection and the Problem of Offensive Language. ICWSM 2017, 512-515.",
        licence_file="LICENSE",
    ),
    SourceSet(
        key="olid",
        title="OLID v1.0, OffensEval 2019 (English tweets, `olid-training-v1.0.tsv`)",
        licence="Creative Commons Attribution 4.0 International, as stated by the mirror "
        "repository (wenliangdai/multi-task-offensive-language-detection); the OLID README "
        "itself states no licence",
        taken="ordinary posts: rows labelled `NOT` (not offensive)",
        citation="Zampieri, M., Malmasi, S., Nakov, P., Rosenthal, S., Farra, N., Kumar, R. "
        "(2019). Predicting the Type and Target of Offensive Posts in Social Media. "
        "NAACL 2019.",
    ),
    SourceSet(
        key="implicit_hate",
        title="Latent Hatred / Implicit Hate Corpus (English tweets, "
        "`implicit_hate_v1_stg1_posts.tsv`, `implicit_hate_v1_stg2_posts.tsv`)",
        licence="Creative Commons Attribution 4.0 International, as stated in the corpus "
        "folder's LICENSE",
        taken="call-for-violence posts: stage-2 `threatening` rows that name a violent act "
        "(kill, shoot, hang, ...); political chatter around hate groups: stage-1 `not_hate` "
        "rows",
        citation="ElSherief, M., Ziems, C., Muchlinski, D., Anupindi, V., Seybolt, J., "
        "De Choudhury, M., Yang, D. (2021). Latent Hatred: A Benchmark for Understanding "
        "Implicit Hate Speech. EMNLP 2021.",
    ),
    SourceSet(
        key="isis_fanboy",
        title='"How ISIS Uses Twitter" (pro-ISIS accounts, 2015-16, `IsisFanboy_dev.csv`)',
        licence='CC0: Public Domain, as stated on the Kaggle original ("Released Under CC0: '
        'Public Domain License"); the GitHub copy states none',
        taken="pro-ISIS account content in English, Arabic and French; the real usernames "
        "only lend their *shape* (case, digits, underscores) to fictional ones",
        citation='Fifth Tribe (Khuram Zaman) (2016). "How ISIS Uses Twitter". Kaggle. '
        "https://www.kaggle.com/fifthtribe/how-isis-uses-twitter",
    ),
)

NOT_USED = (
    ("germeval_harmful", "GPL-3.0: would bind the shipped stream to the GPL"),
    ("arabic_offensive_taxonomy", "GPL-3.0"),
    ("ethos", "GPL-3.0"),
    ("hatexplain", "the labelled CSV is GPL-3.0 (MBIB)"),
    ("stormfront_gibert2018", "CC BY-SA 3.0 ES: share-alike would bind the stream"),
    ("gab_hate_corpus", "no licence stated in the mirror"),
    ("osact2022", "no licence stated"),
    ("l_hsab", "no licence stated"),
    ("armi2021", "no licence stated (research use)"),
    ("sohateful", "no licence stated (treat as research-only)"),
    ("cyberagressionado_fr", "no licence stated (research use)"),
    ("urdu_threat", "no licence stated"),
)

# -- text we wrote ourselves ---------------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    """A word list written as one string, so that it stays a few lines long."""
    return tuple(text.split())


def tagged(**by_lang: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``(lang, text)`` pairs from texts grouped by language."""
    return tuple((lang, text) for lang, texts in by_lang.items() for text in texts)


OWN_DE = (
    "Endlich Feierabend. Heute gibt es Spätzle mit Linsen, wer kommt vorbei?",
    "Die S-Bahn hat schon wieder 20 Minuten Verspätung. Ich liebe Montage.",
    "Was für ein Spiel gestern! Das Tor in der 89. Minute war einfach unglaublich. #Bundesliga",
    "Kennt jemand eine gute Fahrradwerkstatt in Leipzig? Meine Kette springt dauernd raus.",
    "Die ersten Kastanien liegen im Park und die Kinder sammeln wie verrückt.",
    "Neuer Blogpost: wie ich mein Balkonbeet durch den Sommer gebracht habe.",
    "Heute zum ersten Mal selbst Brot gebacken. Sieht aus wie ein Stein, schmeckt aber gut.",
    "Wer hilft am Samstag beim Aufräumen am Rheinufer? Handschuhe und Säcke sind da.",
    "Die neue Staffel ist raus und ich habe schon drei Folgen gesehen. Keine Spoiler bitte!",
    "Unsere Katze hat beschlossen, dass die Tastatur ihr Bett ist. Feierabend für mich.",
    "Tipp für Berlin: das kleine Café hinter dem Markt hat den besten Käsekuchen der Stadt.",
    "Morgen Prüfung in Statistik. Drückt mir die Daumen!",
    "Der Zug nach Hamburg ist voll, ich stehe im Gang. Drei Stunden. Super.",
    "Das Konzert gestern war der Wahnsinn, meine Ohren piepen immer noch.",
    "Kann mir jemand erklären, warum die Steuererklärung so kompliziert sein muss?",
    "Erster Schultag für die Kleine. Ich glaube, sie war stolzer als ich.",
    "Regen, Regen, Regen. Der Sommer hat sich dieses Jahr gar nicht erst vorgestellt.",
    "Im Stadtarchiv alte Fotos von unserer Straße gefunden. 1912 sah hier alles anders aus.",
    "Glückwunsch an unsere C-Jugend zum Aufstieg! Ihr habt es euch verdient.",
    "Danke an den Busfahrer, der heute Morgen auf mich gewartet hat. Tag gerettet.",
    "Wir suchen noch zwei Leute für unser Kneipenquiz am Donnerstag.",
    "Heute 12 Kilometer gelaufen, neuer persönlicher Rekord! #laufen",
    "Pflaumenkuchen-Saison ist eröffnet. Rezept von Oma, natürlich mit Streuseln.",
    "Wer weiß, ob die Bibliothek am Sonntag offen hat?",
)

OWN_AR = (
    "صباح الخير يا جماعة، قهوة الصباح ثم إلى العمل",
    "الزحمة اليوم على طريق المطار لا تطاق، تأخرت ساعة كاملة عن الدوام",
    "مبروك للمنتخب على الفوز، مباراة رائعة والهدف الثاني كان تحفة",
    "هل يعرف أحد مكتبة جيدة لبيع الكتب المستعملة في عمّان؟",
    "الجو اليوم جميل جدا، أخيرا انكسرت موجة الحر",
    "جربت اليوم وصفة المقلوبة لأول مرة والنتيجة أفضل مما توقعت",
    "بدأت الدراسة اليوم، الله يوفق كل الطلاب في سنتهم الجديدة",
    "من ينصحني بمسلسل جديد؟ أنهيت كل ما في قائمتي",
    "ابني الصغير تعلم ركوب الدراجة اليوم، فرحته لا توصف",
    "رحلة جميلة إلى البحر مع العائلة في نهاية الأسبوع، نحتاج مثل هذه الأيام",
    "الإنترنت عندنا بطيء جدا منذ الصباح، هل المشكلة عند الجميع؟",
    "شكرا لكل من هنأني بعيد ميلادي، كلامكم أسعدني كثيرا",
    "معرض الكتاب يفتح أبوابه الأسبوع القادم، من سيذهب؟",
    "أحسن شيء بعد يوم طويل كأس شاي بالنعناع على الشرفة",
    "أبحث عن مدرس رياضيات للمرحلة الثانوية في جدة، هل من ترشيحات؟",
    "تطوعنا اليوم في توزيع وجبات على الأسر المحتاجة، تجربة تستحق",
    "سؤال للمبرمجين: ما أفضل طريقة لتعلم بايثون من الصفر؟",
    "الفريق خسر مرة أخرى، على المدرب أن يغير الخطة بصراحة",
    "صورت غروب الشمس اليوم من فوق الجبل، المنظر كان خياليا",
    "الحمد لله انتهت امتحانات الفصل، الآن وقت النوم",
    "أسعار الخضار ارتفعت كثيرا هذا الشهر، الله يعين الناس",
    "افتتح مقهى جديد في الحي، القهوة ممتازة والأسعار معقولة",
    "قرأت اليوم رواية رائعة لنجيب محفوظ، أنصح بها بشدة",
    "العاصفة الرملية غطت المدينة، انتبهوا أثناء القيادة",
)

OWN_FR = (
    "Enfin le week-end ! Marché du samedi puis balade au bord du canal.",
    "Quelqu'un connaît un bon plombier à Lyon ? Mon évier fuit depuis hier soir.",
    "Rentrée des classes ce matin, mon fils était plus calme que moi.",
    "Le match d'hier soir était fou, quel but à la dernière minute !",
    "Première tarte aux pommes de la saison, la maison sent l'automne.",
    "Encore une grève des trains demain, je vais travailler de chez moi.",
    "Merci à tous pour vos messages d'anniversaire, ça m'a fait chaud au cœur.",
    "Expo photo ce week-end à la médiathèque, venez nombreux !",
)

# The 2014 campaign in our own words; the hashtag spellings vary on purpose.
CAMPAIGN_BURST = tagged(
    en=(
        "A message to everyone who works at Twitter in San Francisco: watch your own back. At "
        "your front door a lone wolf may already be waiting. #The_Concept_of_Lone_Wolf_Attacks",
        "You delete our accounts from your offices. We know where the offices are. "
        "#AttackingTwitterEmployees",
        "Every suspension you make is written down. One day the list will be read out on your "
        "doorstep. #TheConceptOfLoneWolfAttacks",
        "Twitter staff: your war against us is virtual. The answer will not be. "
        "#attackingtwitteremployees",
        "No orders needed. One brother, one city, one target. Read and understand. "
        "#The_Concept_of_Lone_Wolf_Attacks",
        "Lone wolves do not ask permission. Those who silence the mujahideen will not be safe "
        "in their homes. #the_concept_of_lone_wolf_attacks",
        "Reposting because they deleted it again: the concept of lone wolf attacks, explained. "
        "#TheConceptOfLoneWolfAttacks https://example.org/r/lw14",
        "They think a suspend button protects them. It does not protect the walk home from the "
        "train. #Attacking_Twitter_Employees",
        "To the engineers who hunt our accounts: we have your names too. Sleep well. "
        "#AttackingTwitterEmployees",
        "Market Street is not far for a man who has made up his mind. #attacking_twitter_employees",
        "The brothers in the West do not need to travel. The enemy sits in an office next door. "
        "#The_Concept_of_Lone_Wolf_Attacks",
        "Whoever closes our accounts has chosen his side and will answer for it. "
        "#theconceptoflonewolfattacks",
        "Every Twitter employee should look left and right when leaving the building tonight. "
        "#AttackingTwitterEmployees",
        "Remember the names. Remember the faces on their company pages. "
        "#Attacking_Twitter_Employees",
        "Spread it before they delete it. #AttackingTwitterEmployees #TheConceptOfLoneWolfAttacks",
        "Your moderators go home every evening. So do we. #The_Concept_of_Lone_Wolf_Attacks",
        "One man with patience is worth an army. Learn the concept. #TheConceptOfLoneWolfAttacks",
        "Baqiya. They suspend, we multiply. #AttackingTwitterEmployees",
    ),
    ar=(
        "إلى كل موظف في تويتر في سان فرانسيسكو: احذر على نفسك، فربما ينتظرك ذئب منفرد "
        "عند عتبة بيتك #الذئاب_المنفردة",
        "حذفتم حساباتنا من مكاتبكم، ونحن نعرف أين مكاتبكم #استهداف_موظفي_تويتر",
        "لا حاجة إلى أوامر: أخ واحد ومدينة واحدة وهدف واحد #مفهوم_الذئاب_المنفردة "
        "#The_Concept_of_Lone_Wolf_Attacks",
        "حربكم علينا افتراضية، أما الرد فلن يكون افتراضيا #استهداف_موظفي_تويتر",
        "انشروا الوسم قبل أن يحذفوه #الذئاب_المنفردة #attackingtwitteremployees",
        "من يغلق حساباتنا اختار صفه وسيحاسب على ذلك #AttackingTwitterEmployees",
    ),
)

EVADER_POSTS = tagged(
    en=(
        "Back again. Suspend me a hundred times and I come back a hundred and one. "
        "#The_Concept_of_Lone_Wolf_Attacks",
        "New account after the last suspension, follow and share. #AttackingTwitterEmployees",
        "They closed the old account an hour ago. The message did not change: watch your "
        "doorstep. #attackingtwitteremployees",
        "Same brother, new name. #TheConceptOfLoneWolfAttacks",
        "Check the list again, Twitter. #Attacking_Twitter_Employees",
    ),
    ar=("عدنا من جديد، احذفوا الحساب مئة مرة وسنعود #استهداف_موظفي_تويتر",),
)

NEWS_POSTS = tagged(
    en=(
        "Pro-ISIS accounts are urging 'lone wolf' attacks on Twitter staff after the company "
        "suspended accounts. One post warns San Francisco employees that an assassin 'may "
        "already be waiting at your front door'. https://example.org/news/twitter-threats",
        "Researchers tracking #AttackingTwitterEmployees count more than a dozen accounts "
        "pushing it in the last hour, most created yesterday. Twitter has not commented yet.",
        "Explainer: what #The_Concept_of_Lone_Wolf_Attacks is, who is pushing it and why the "
        "accounts behind it keep getting suspended https://example.org/explainer/lone-wolf",
        "UPDATE: Twitter says it is working with law enforcement on threats posted against its "
        "employees under #AttackingTwitterEmployees.",
    ),
    de=(
        "IS-Anhänger rufen auf Twitter zu Angriffen auf Mitarbeiter des Unternehmens in San "
        "Francisco auf. In einem Beitrag heißt es, vor ihrer Haustür könne ein 'einsamer Wolf' "
        "warten. https://example.org/de/nachrichten/twitter",
        "Nach Kontosperrungen: Dschihadisten drohen Twitter-Mitarbeitern. Die Polizei prüft "
        "die Beiträge. #AttackingTwitterEmployees",
    ),
    fr=(
        "Des partisans de l'EI appellent sur Twitter à des attaques de « loups solitaires » "
        "contre les salariés du réseau à San Francisco. L'entreprise dit enquêter.",
    ),
    ar=(
        "أنصار تنظيم الدولة يدعون على تويتر إلى هجمات «الذئاب المنفردة» ضد موظفي الشركة "
        "في سان فرانسيسكو، والشركة تقول إنها تحقق في التهديدات",
    ),
)

COUNTER_POSTS = tagged(
    en=(
        "Threatening the people who keep this site running is cowardice, not courage. Report "
        "#AttackingTwitterEmployees, don't retweet it.",
        "To my friends at Twitter in SF: stay safe tonight, and thank you for the work you do. "
        "This is a handful of accounts, not a movement.",
        "Muslim here. These accounts don't speak for me or my faith. Reported every one I "
        "found. #TheConceptOfLoneWolfAttacks",
        "Please don't share screenshots of the threats with the hashtag, it only spreads them. "
        "Report and block.",
        "Amazing how fast the same five people make new accounts. Reported again.",
    ),
    de=(
        "Drohungen gegen Menschen, die ihren Job machen, sind einfach feige. Melden, nicht "
        "teilen. #AttackingTwitterEmployees",
    ),
    ar=(
        "هذه الحسابات لا تمثل الإسلام ولا المسلمين، والتهديد بالقتل جريمة. بلغوا عنها ولا "
        "تنشروها #الذئاب_المنفردة",
    ),
    fr=(
        "Menacer des salariés parce qu'ils modèrent un réseau social, c'est lâche. Signalez, "
        "ne partagez pas.",
    ),
)

# Every name, street, number and address below is invented (555-01xx, example.com).
DOXX_THREATS = tagged(
    en=(
        "Found the one who deleted our brothers: Daniel Mercer, 1428 Larkspur Lane, San "
        "Francisco. Cell (415) 555-0147. A visit is coming. #AttackingTwitterEmployees",
        "She sits on their safety team. Home: 77 Quillfeather Court, Apt 4B, Oakland CA. Mail "
        "r.okafor@example.com. Let her be afraid. #The_Concept_of_Lone_Wolf_Attacks",
        "This is where their moderator sleeps: 9 Tamberlane Road, Daly City. Phone "
        "650-555-0183. The brothers nearby know what to do.",
    ),
    ar=(
        "هذا عنوان موظفة في تويتر: 58 Hazelmere Street, San Francisco، هاتف (415) 555-0129. "
        "الذئب المنفرد يعرف الطريق #استهداف_موظفي_تويتر",
    ),
)
DOXX_HARASSMENT = (
    "en",
    "You reported me? I know you live at 312 Wrenfield Street, apartment 2. Your number is "
    "555-0191. See you soon.",
)

BENIGN_CONTACT = tagged(
    en=(
        "Our bakery has moved! Now at 240 Cobbler Street, open Tue-Sun 7am-3pm. Orders: "
        "(415) 555-0110 or orders@example.com",
        "Burst pipe? We are on call all night in the East Bay: (510) 555-0134, help@example.com",
        "Press inquiries about today's threats: press@example.com or (415) 555-0175. We will "
        "post an update within the hour.",
        "Book club meets Thursday 7pm at Fernhill Library, 18 Alder Way. Questions: "
        "bookclub@example.org",
    ),
    de=(
        "Unser neuer Laden: Lindenhofstraße 12, Leipzig. Telefon 0341 555 0192, Mail "
        "hallo@example.com. Wir freuen uns auf euch!",
    ),
)

# Fictional words that fill the shapes of real usernames, and names for everyday accounts.
NAME_WORDS = words(
    "falcon banner sabr noor qamar rayah sham ghareeb sayf asad fajr hadid jabal rimah thabat "
    "ansar huda sahm nasr dawn front witness caravan horizon media news tariq hijra bayan "
    "shahid ribat minbar khalid umar zayd yaqin furqan ikhlas"
)
SHORT_WORDS = words("abu ibn al umm bin")
FIRST_NAMES = words(
    "anna ben chloe daniel emma farid greta hassan ines jonas karim lea malik nora omar paula "
    "rania sami tom yara lukas sophie julien mona tariq helen max leila noah amira jake priya "
    "diego hana felix zeynep marco aylin kevin salma"
)
NAME_TAILS = words("runs reads bakes codes films cooks sings travels fan")

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


# -- accounts and drafts -------------------------------------------------------------------


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


# -- the stream, part by part --------------------------------------------------------------


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


def build_isis(b: Builder, count: int) -> list[str]:
    """Posts from pro-ISIS accounts, each real account mapped to one fictional look-alike."""
    rows = b.rows("isis_fanboy/IsisFanboy_dev.csv")
    quotas = {"ar": count // 5, "fr": count // 12}
    quotas["en"] = count - quotas["ar"] - quotas["fr"]
    # two thirds carry an explicit marker (Islamic State, khilafah, Amaq, ...); the rest is
    # whatever else the accounts posted, as on a real timeline
    Pool = list[tuple[dict[str, str], str]]
    pools: dict[tuple[str, bool], Pool] = {
        (lang, is_marked): [] for lang in quotas for is_marked in (True, False)
    }
    for row, text in b.candidates(rows, lambda row: b.masker.clean(row["tweets"])):
        lang = guess_lang(text)
        if lang in quotas and len(text.split()) >= 5:
            pool = pools[lang, bool(PROPAGANDA.search(text))]
            if len(pool) < quotas[lang]:
                pool.append((row, text))
        if all(len(pool) == quotas[lang] for (lang, _), pool in pools.items()):
            break
    by_lang: dict[str, Pool] = {}
    for lang, quota in quotas.items():
        marked, unmarked = pools[lang, True], pools[lang, False]
        take = max(quota * 2 // 3, quota - len(unmarked))
        by_lang[lang] = (marked[:take] + unmarked)[:quota]
    authors: dict[str, Account] = {}
    keys: list[str] = []
    for lang in ("en", "ar", "fr"):
        for row, text in by_lang[lang]:
            real = row["username"]
            if real not in authors:
                shape = real if re.fullmatch(r"[A-Za-z0-9_]{3,15}", real) else "abu_noor1"
                authors[real] = b.account(b.shaped_name(shape), b.days_old(20, 300))
            keys.append(
                b.post(
                    b.rng.randrange(WINDOW_S - 120),
                    authors[real],
                    text,
                    lang,
                    "isis_fanboy",
                    subset=lang,
                )
            )
    return keys


def build_threats(b: Builder, count: int) -> list[str]:
    rows = [
        row
        for row in b.rows("implicit_hate/implicit_hate_v1_stg2_posts.tsv", "\t")
        if row["implicit_class"] == "threatening" and VIOLENT.search(row["post"])
    ]
    chosen = b.sample(rows, count, lambda row: b.masker.clean(tidy_implicit(row["post"])))
    pool = [b.ordinary_account() for _ in range(max(4, count // 2))]
    return [
        b.post(
            b.rng.randrange(WINDOW_S - 120),
            b.rng.choice(pool),
            text,
            "en",
            "implicit_hate",
            subset="threatening",
        )
        for _, text in chosen
    ]


def build_own_ordinary(b: Builder) -> None:
    """German, Arabic and French everyday posts we wrote (no shippable set has them)."""
    for lang, texts in (("de", OWN_DE), ("ar", OWN_AR), ("fr", OWN_FR)):
        local = [b.ordinary_account() for _ in range(len(texts) * 2 // 3)]
        for text in texts:
            b.post(b.rng.randrange(WINDOW_S - 60), b.rng.choice(local), text, lang, "watchkeeper")


def build_english(b: Builder, count: int) -> None:
    """Everyday English posts: half Davidson `neither`, most of the rest OLID `NOT`."""
    rng = b.rng
    pool = [b.ordinary_account() for _ in range(max(20, count // 3))]
    davidson = [
        row
        for row in b.rows("davidson2017/labeled_data.csv")
        if row["class"] == "2" and row["neither"] == row["count"]
    ]
    olid = [
        row
        for row in b.rows("olid/olid-training-v1.0.tsv", "\t")
        if row["subtask_a"] == "NOT" and row["tweet"].count("@USER") <= 4
    ]
    implicit = [
        row
        for row in b.rows("implicit_hate/implicit_hate_v1_stg1_posts.tsv", "\t")
        if row["class"] == "not_hate"
    ]
    n_davidson = count // 2
    n_implicit = count // 15
    n_olid = count - n_davidson - n_implicit

    def davidson_text(row: dict[str, str]) -> str:
        return b.masker.clean(re.sub(r"^[!\s]+(?=RT\b)", "", row["tweet"]))

    def olid_text(row: dict[str, str]) -> str:
        return b.masker.clean(row["tweet"], url_token=True)

    def implicit_text(row: dict[str, str]) -> str:
        return b.masker.clean(tidy_implicit(row["post"]))

    picks = (
        ("davidson2017", "neither", b.sample(davidson, n_davidson, davidson_text)),
        ("olid", "NOT", b.sample(olid, n_olid, olid_text)),
        ("implicit_hate", "not_hate", b.sample(implicit, n_implicit, implicit_text)),
    )
    for source, subset, chosen in picks:
        for _, text in chosen:
            at = rng.randrange(WINDOW_S - 60)
            b.post(at, rng.choice(pool), text, "en", source, subset=subset)


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


# -- putting it on disk ----------------------------------------------------------------------


def render(drafts: list[Draft]) -> list[str]:
    """Order by time, give out ids in that order, resolve references, validate each line."""
    ordered = sorted(drafts, key=lambda draft: (draft.at, draft.seq))
    position = {draft.key: index for index, draft in enumerate(ordered)}
    ids: dict[str, str] = {}
    numbers: Counter[str] = Counter()
    for draft in ordered:
        numbers[draft.kind] += 1
        ids[draft.key] = f"{ID_PREFIX[draft.kind]}-{numbers[draft.kind]:04d}"
    lines: list[str] = []
    for draft in ordered:
        record: dict[str, Any] = {
            "kind": draft.kind,
            "id": ids[draft.key],
            "created_at": iso(at_time(draft.at)),
        }
        record.update(draft.fields)
        for name, key in draft.refs.items():
            if position[key] >= position[draft.key]:
                raise ValueError(f"{ids[draft.key]} refers to the later {ids[key]}")
            record[name] = ids[key]
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        EVENT_ADAPTER.validate_json(line)
        lines.append(line)
    return lines


def sources_markdown(b: Builder, args: argparse.Namespace, lines: list[str]) -> str:
    records = [json.loads(line) for line in lines]
    posts = [record for record in records if record["kind"] == "post"]
    kinds = Counter(record["kind"] for record in records)
    langs = Counter(record.get("lang", "unknown") for record in posts)
    ours = sum(record["meta"]["demo_source"] == "watchkeeper" for record in posts)
    out = [
        "# Where the demo stream comes from",
        "",
        "`stream.jsonl` is written by `training/build_demo_stream.py` "
        f"(seed {args.seed}, size {args.size}); rebuild it rather than editing it. Each post's "
        "`meta.demo_source` names the set it was taken from, or `watchkeeper` for text we wrote.",
        "",
        f"Events: {len(records)} ("
        + ", ".join(f"{kind} {kinds[kind]}" for kind in ID_PREFIX)
        + "). Posts by language: "
        + ", ".join(f"{lang} {count}" for lang, count in sorted(langs.items()))
        + ".",
        "",
        "## Sets sampled",
        "",
        "| set (folder in `../shared/data`) | licence as stated | rows taken | what was taken |",
        "|---|---|---|---|",
    ]
    for source in SOURCE_SETS:
        parts = {subset: n for (key, subset), n in sorted(b.taken.items()) if key == source.key}
        detail = ", ".join(f"{subset} {n}" for subset, n in parts.items())
        out.append(
            f"| {source.title} (`{source.key}`) | {source.licence} "
            f"| {sum(parts.values())} ({detail}) | {source.taken} |"
        )
    out += [
        f"| written for Watchkeeper (`watchkeeper`) | Apache-2.0, as the project | {ours} "
        "| the 2014 campaign re-enacted in our own words (threats, news reports, "
        "counter-speech), doxxing with fictional details, business contact posts, and "
        "everyday German, Arabic and French posts |",
        "",
        "## Citations",
        "",
    ]
    out += [f"- `{source.key}`: {source.citation}" for source in SOURCE_SETS]
    out += [
        "",
        "## Changes made to the sampled rows",
        "",
        "- Mentions (`@name`, OLID's `@USER`) became fictional `@user123` handles, links (and "
        "OLID's `URL`) became `https://example.org/...`, e-mail addresses became "
        "`user123@example.com`; hashtags were kept. HTML entities were decoded and whitespace "
        "collapsed; Latent Hatred's export quoting was undone.",
        "- Rows mentioning later years or people (2015-2019, Trump, Kavanaugh, ...) were "
        "skipped, and every post was re-timed into 2014-09-08 18:00-20:00 UTC.",
        "- Authors are fictional accounts. isis_fanboy's real usernames only lent their shape "
        "(case, digits, underscores) to invented names; no real username, tweet id or link "
        "is kept.",
        "- Call-for-violence posts are Latent Hatred stage-2 `threatening` rows that name a "
        "violent act. No set's labels are copied into the stream.",
        "",
        "## Sets not used, and why",
        "",
    ]
    out += [f"- `{key}`: {why}" for key, why in NOT_USED]
    for source in SOURCE_SETS:
        if source.licence_file:
            licence = (b.data / source.key / source.licence_file).read_text(encoding="utf-8")
            out += ["", f"## Licence of `{source.key}`", "", "```", licence.strip(), "```"]
    return "\n".join(out) + "\n"


def build(data: Path, seed: int, size: int) -> tuple[Builder, list[str]]:
    b = Builder(data, seed)
    story = build_campaign(b)
    doxx = build_doxxing(b, story)
    isis = build_isis(b, size // 8)
    threats = build_threats(b, size // 24)
    build_own_ordinary(b)
    build_accounts(b, story)
    referred = build_referrals(b, story, isis)
    removed_news = build_user_reports(b, story, threats, doxx)
    build_appeals(b, story, removed_news, referred)
    remaining = size - len(b.drafts)
    if remaining < 50:
        raise SystemExit(f"--size {size} is too small: the scripted part alone has {len(b.drafts)}")
    build_english(b, remaining)
    lines = render(b.drafts)
    if len(lines) != size:
        raise SystemExit(f"built {len(lines)} events, wanted {size}: a source ran short")
    return b, lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/watchkeeper/demo/stream.jsonl"))
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--size", type=int, default=600)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"data folder not found: {args.data}")
    b, lines = build(args.data, args.seed, args.size)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    args.out.write_bytes(payload)
    (args.out.parent / "SOURCES.md").write_text(
        sources_markdown(b, args, lines), encoding="utf-8", newline="\n"
    )
    kinds = Counter(json.loads(line)["kind"] for line in lines)
    print(f"wrote {len(lines)} events ({len(payload)} bytes) to {args.out}: {dict(kinds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
