"""The words that make a threat concrete: weapons, times, places, targets, per language.

Kept as plain data, apart from the matching code, so a reviewer or a translator can
read and extend it without touching a regular expression. Entries are written as
people write them (accents, hamza, capitals are fine: every entry is folded the same
way posts are) in a small phrase syntax that ``cues_patterns`` compiles:

- ``|`` separates whole phrases; in a phrase, words are separated by single spaces
  and must follow each other;
- ``a/b`` is one word with alternatives; ``word*`` also matches longer words
  (inflections, ``stab*`` -> ``stabbed``), ``*word`` matches compounds ending in it
  (``*messer`` -> ``Küchenmesser``); ``~`` is any one word; a trailing ``?`` makes a
  word optional;
- Arabic words also take the attached prefixes and endings Arabic writes as one word
  with them: a noun takes و ف, then ب ك ل, then ``ال`` (``لل`` after ``ل``); a word
  written ``+word`` is a verb and takes و ف, then س or ل, then أ ن ي ت instead (so
  ``+فجر`` is not found in ``الفجر``, dawn); any word takes endings (pronouns, plural
  and feminine endings) unless written ``word=``.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The set of space-separated words in ``text`` (for the stop lists below)."""
    return frozenset(text.split())


LANGUAGES = ("en", "de", "fr", "ar")

MEANS: dict[str, tuple[str, ...]] = {
    "en": (
        "knife|knives|machete*|sword*|blade|dagger|axe|hatchet|cleaver",
        "gun|guns|pistol*|rifle*|handgun*|shotgun*|revolver*|glock|ar15|ak47|ak 47|kalashnikov*",
        "bullet*|ammo|bomb|bombs|bombing*|bomber*|explosive*|ied|ieds|grenade*|detonat*",
        "suicide vest*|suicide belt*|pipe bomb*|car bomb*|pressure cooker*",
        "acid|poison*|gasoline|petrol|molotov*|arson",
        "shoot|shoots|shooting|shot|stab|stabs|stabbed|stabbing",
        "behead*|decapitat*|slaughter*|butcher*|strangl*|lynch*|hanged|hanging|noose|exterminat*",
        "gas chamber*",
        "run/runs/ran/running over|mow/mowed down",
        "blow/blew/blowing ~? up",
        "slit/cut ~ throat*",
        "set ~ on fire|burn/burned/burnt ~? alive",
        "assassin*|sniper*|hitman|gunman|gunmen|lone wolf|lone wolves",
    ),
    "de": (
        "*messer|*messern|machete*|schwert*|axt|beil|klinge",
        "*waffe|*waffen|pistole*|gewehr*|revolver*|kalaschnikow*|knarre*|kugel|kugeln",
        "*bombe|*bomben|sprengstoff*|sprengsatz*|sprenggurtel*|granate*|*sprengen|sprengt",
        "saure|gift|benzin|molotow*|brandsatz*|schalldampfer|*schuss|*schusse",
        "erschiess*|erschoss*|abknall*|abgeknallt|erstech*|ersticht|erstach*|abstech*",
        "abgestochen|kopfen|gekopft|kopft|enthaupt*|schlacht*|abschlacht*|aufhang*|aufgehangt",
        "uberfahr*|uberfahren|niederstech*|anzund*|abfackel*|verbrenn*",
        "in die luft jagen|in die luft gejagt|kopf ab",
        "attentater*|scharfschutze*|einsamer wolf|einsame wolfe",
    ),
    "fr": (
        "couteau*|machette*|hache|epee|lame",
        "arme a feu|armes a feu|pistolet*|fusil*|kalach*|balle|balles",
        "bombe*|explosif*|ceinture d'explosifs|grenade*|acide|poison|essence",
        "egorg*|poignard*|decapit*|abattre|abattu*|fusill*|tirer sur|brule*|ecraser|ecrase*",
        "assassin*|tireur*|loup solitaire|loups solitaires",
    ),
    "ar": (
        "سكين|سكاكين|ساطور|سيف|سيوف|خنجر|مسدس|رصاص|طلقه|طلقات|بندقي|بنادق|كلاشن|قناص",
        "قنبل|متفجر|تفجير|ناسف|عبوه|مفخخ|صاروخ",
        "+فجر|+احرق|+اغتال",
        "ذبح|نحر|طعن|دهس|حرق|اغتيال|قنص",
        "جز رقاب",
        "قطع راس/رووس",
        "ذئب منفرد|ذئاب منفرده|الذئاب المنفرده",
    ),
}

TIME: dict[str, tuple[str, ...]] = {
    "en": (
        "today|tonight|tomorrow|tmrw|tmr|2moro|2morrow|2nite|tonite",
        "on/this/next/by/until? monday/tuesday/wednesday/thursday/friday/saturday/sunday "
        "night/morning/evening/afternoon?",
        "this/next morning/afternoon/evening/weekend/week/month",
        "in ~? ~ days/hours/minutes/weeks",
        "at midnight/noon/dawn/sunrise/sunset",
    ),
    "de": (
        "heute/morgen nacht/abend/fruh?|ubermorgen",
        "am? montag/dienstag/mittwoch/donnerstag/freitag/samstag/sonntag/wochenende",
        "nachste/nachsten/diese/diesen woche/monat/freitag",
        "in ~? ~ tagen/stunden/wochen",
        "um mitternacht",
    ),
    "fr": (
        "aujourd'hui|demain|ce soir|cette nuit|apres demain",
        "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
        "la semaine prochaine|le mois prochain|a minuit",
    ),
    "ar": (
        "غدا=|بكره=|بكرا=|الليله=|اليوم=",
        "بعد غد",
        "الاسبوع القادم/الجاي",
        "يوم? الجمعه/السبت/الاحد/الاثنين/الثلاثاء/الاربعاء/الخميس",
        "عند الفجر|منتصف الليل",
    ),
}
"""Times in words; numeric times and dates are patterns in ``cues_patterns``."""

PLACE_NOUNS: dict[str, tuple[str, ...]] = {
    "en": (
        "in/at/on/outside/near/to/inside/by/behind your/his/her/their/ur/the/my ~? "
        "house/home/doorstep/door/office/offices/work/workplace/school/job/"
        "street/neighborhood/neighbourhood/apartment/flat/car/headquarters/hq/church/"
        "mosque/synagogue/temple/embassy/station/airport/concert/parade/mall/campus",
        "in front of your/his/her/their/the house/home/door/office/school",
        "where you/he/she/they live/lives/work/works/sleep/sleeps",
    ),
    "de": (
        "vor/in/an/bei deiner/deinem/deine/seiner/seinem/ihrer/ihrem/der/dem/eurer/eurem "
        "tur/haustur/wohnung/haus/buro/arbeit/arbeitsplatz/schule/moschee/synagoge/kirche/"
        "redaktion/zentrale/botschaft/bahnhof",
        "bei dir/euch/ihm/ihr zu? hause/zuhause",
        "wo du/er/sie wohnst/wohnt/arbeitest/arbeitet",
    ),
    "fr": (
        "chez toi/vous/lui/elle/eux",
        "devant/a/dans ta/ton/sa/son/votre/la/le maison/porte/bureau/travail/ecole/"
        "mosquee/synagogue/eglise/redaction",
        "ou tu habites|ou il habite|ou elle habite",
    ),
    "ar": (
        "في/عند/امام/قرب/على/داخل باب? بيت/منزل/مكتب/مدرس/جامع/مسجد/كنيس/سفاره/مقر/شق",
        "مكان عمل",
        "عقر دار",
        "اين تسكن|وين ساكن|وين تسكن|نعرف بيتك|نعرف وين",
    ),
}

PLACE_PREPOSITIONS: tuple[str, ...] = ("in|at|near|outside|inside|nach|bei|a|en",)
"""Prepositions before a place's name; the name itself is found by its capitals."""

GAZETTEER_AR: tuple[str, ...] = (
    "سان فرانسيسكو|نيويورك|واشنطن|لندن|باريس|برلين|روما|بروكسل|امستردام|مدريد",
    "دمشق|بغداد|القاهره|الرياض|عمان|بيروت|اسطنبول|الموصل|الرقه|تل ابيب|القدس",
    "امريكا|اوروبا|فرنسا|بريطانيا|المانيا|ايطاليا",
)
"""Places named in Arabic (no capitals to find them by): a short list of likely ones."""

STAFF: dict[str, tuple[str, ...]] = {
    "en": (
        "employee|employees|staff|staffers|workers|personnel|executives|moderators|"
        "admins|cartoonists|editors|newsroom",
    ),
    "de": ("mitarbeiter*|angestellte*|belegschaft|personal|beschaftigte*|redaktion",),
    "fr": ("employes|salaries|personnel|redaction|dessinateurs",),
    "ar": ("موظف|عمال|طاقم|محرري", "العاملين في"),
}
"""Words for the people who work for an organization: a threat to them targets it."""

INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "the/their/its company/headquarters/hq/offices/embassy/consulate/ministry/newspaper/"
        "magazine/studio/studios/bank/parliament",
    ),
    "de": ("die/der/das ~? firma/zentrale/botschaft/konsulat/ministerium/zeitung/redaktion",),
    "fr": ("l'entreprise|l'ambassade|le journal|le siege|le ministere",),
    "ar": ("شرك|سفاره|قنصليه|وزاره|صحيف|جريده|مقر",),
}

ORGANIZATIONS: tuple[str, ...] = (
    "twitter|facebook|google|youtube|instagram|tiktok|telegram|microsoft",
    "cnn|bbc|reuters|nbc|cbs",
    "fox news",
    "charlie hebdo",
    "new york times",
    "تويتر|فيسبوك|يوتيوب|جوجل|غوغل|تلغرام|تيليجرام",
    "فيس بوك",
)
"""Organizations that threats in this domain name; any language, matched as written."""

GROUPS: dict[str, tuple[str, ...]] = {
    "en": (
        "muslims|jews|christians|hindus|sikhs|atheists|infidels|kuffar|kafirs|kaffirs|"
        "apostates|murtads|crusaders|shia|shias|shiites|sunnis|rafida|rafidah|rafidha|"
        "zionists|yazidis|kurds|alawites|polytheists|disbelievers|unbelievers|mushrikeen",
        "americans|arabs|blacks|whites|gays|immigrants|refugees|migrants|foreigners|"
        "cops|soldiers|troops|journalists|feminists|liberals|leftists",
        "all/both/each/every of them",
        "all/every ~? people/women/men/children/kids/students/teachers/doctors/cops",
        "every one of them",
    ),
    "de": (
        "muslime|muslimen|juden|christen|unglaubige|unglaubigen|kuffar|abtrunnige|"
        "abtrunnigen|kreuzritter|kreuzzugler|schiiten|sunniten|zionisten|jesiden|kurden",
        "amerikaner|araber|turken|auslander|fluchtlinge|migranten|polizisten|bullen|"
        "soldaten|journalisten|schwule|linke|linken",
    ),
    "fr": (
        "musulmans|juifs|chretiens|mecreants|apostats|croises|chiites|sionistes",
        "americains|arabes|etrangers|migrants|refugies|flics|policiers|soldats|journalistes",
    ),
    "ar": (
        "الكفار|الكفره|الكافرين|المرتدين|المرتدون|الصليبيين|الصليبيون|اليهود|النصاري|"
        "المسيحيين|الروافض|الرافضه|الشيعه|النصيريه|المشركين|الملحدين|العلمانيين|المجوس",
        "كفار|كفره|مرتدين|صليبيين|روافض|رافضه|نصيريه|مشركين|طواغيت",
        "الامريكان|الامريكيين|الطواغيت|الصحوات|الجنود|الشرطه|الايزيديين|اليزيديه|الصحفيين",
    ),
}

THREAT_VERBS: dict[str, tuple[str, ...]] = {
    "en": (
        "kill|killing|murder|shoot|stab|behead|slaughter|execute|hang|hunt|find|get|attack|"
        "hurt|bomb|burn|assassinate|butcher|destroy|strangle|rape|beat|punish|target",
        "death to",
    ),
    "de": ("tote|totet|toten|ermorde|ermordet|erschiesst|erschiesse|kopft|holt|jagt|tod",),
    "fr": ("tuer|tuez|egorgez|egorger|abattez", "mort a|aux"),
    "ar": ("+قتل|+ذبح|+نحر|+طعن|+دهس|+حرق|+فجر|+اغتال|+دفن|+سحل",),
}
"""Verbs (and slogans) after which a capitalized name is the person threatened."""

HARM_EN = (
    "kill/murder/shoot/stab/end/finish/hurt/behead/slaughter/butcher/gut/rape/beat/"
    "strangle/choke/hang/burn/bury/execute/hunt/torture/bomb/slit/smash/destroy/eliminate"
)
INTENT: dict[str, tuple[str, ...]] = {
    "en": (
        f"i/we will/shall/gonna/gotta/must/wil/wll ~? {HARM_EN}",
        f"i'll/ill/we'll/imma/ima/i'mma ~? {HARM_EN}",
        f"i'm/im/we're going/gonna to? ~? {HARM_EN}",
        f"i/we am/are going/gonna to? ~? {HARM_EN}",
        f"i/we want/wanna/need to? {HARM_EN} you/u/ya/him/her/them",
        "you/u/ya will/shall/gonna die/bleed/pay/suffer/regret",
        "you'll/youll/ull/you're/youre die/bleed/pay/suffer/regret",
        "you're/youre/you/u/ur are? dead|you're/youre/you/ur are? a dead man/woman",
        "tomorrow/tonight/today/soon you/u die/bleed/pay",
        "your days are numbered|count your days|you/you've have? been warned",
        "watch your back|watch yourself|watch over himself/herself/themselves",
        "sleep with one eye open",
        "i/we know where you/u live/sleep/work",
        "death to",
    ),
    "de": (
        "ich/wir werde/werden/will/wollen ~? ~? toten/umbringen/abstechen/erschiessen/"
        "abknallen/fertigmachen/kaltmachen/abschlachten/kopfen/finden/kriegen/holen",
        "ich/wir bring/bringe/bringen dich/euch/ihn/sie um",
        "ich/wir mach/mache/machen dich/euch/ihn kalt/fertig",
        "du bist/seid tot/dran/erledigt/fallig|ihr seid tot/dran/erledigt/fallig",
        "bist du tot/dran/erledigt/fallig|seid ihr tot/dran/erledigt/fallig",
        "du wirst/ihr werdet sterben/bluten/bezahlen/bereuen",
        "wir/ich wissen/weiss wo du wohnst",
        "tod den/dem",
    ),
    "fr": (
        "je/on/nous vais/va/allons te/vous/le/la/les tuer/buter/crever/egorger/massacrer/"
        "defoncer/fumer/descendre/planter/retrouver/bruler",
        "je/on te/vous tue/bute/crevera/egorge",
        "t'es/tes mort|tu/vous es/etes mort/morts",
        "tu/vous vas/allez mourir/crever/payer/saigner",
        "je sais ou tu habites|on sait ou tu habites",
        "mort aux",
    ),
    "ar": (
        "راح/رح/سوف/بدي +قتل/+ذبح/+نحر/+طعن/+دهس/+حرق/+فجر/+دفن/+سحل/+خلص/+صفي",
        "ساقتل/سنقتل/سنذبح/ساذبح/سنحرق/سنفجر",
        "بقتلك=|حقتلك=|هقتلك=|بذبحك=|حذبحك=|هذبحك=|بخلص عليك|حخلص عليك",
        "بتموت=|حتموت=|هتموت=|ستموت=|راح/رح/سوف تموت",
        "انت/انتم ميت/ميتين",
        "نعرف/اعرف وين ساكن/تسكن",
    ),
}
"""First-person statements of intent to harm ("I'll end you"), death promised to the
reader ("you will die", "tomorrow you die") and the stock warnings of veiled threats
("watch your back"): the direct threats at one reader that the public sets rarely
word this way. Read as a cue by the threat model's calibration."""

TITLES: dict[str, tuple[str, ...]] = {
    "en": ("mr|mrs|ms|dr|sheikh|president|minister|senator|judge|officer|pastor|imam|rabbi",),
    "de": ("herr|herrn|frau|dr|minister|ministerin|pfarrer|imam|richter|richterin",),
    "fr": ("m|mme|monsieur|madame|dr|ministre|juge",),
    "ar": ("الشيخ=|الدكتور=|الرئيس=|الوزير=|السيد=|المدعو=|الصحفي=|الكاتب=|القاضي=|الضابط=",),
}
"""Titles before a name: the next one or two words name a person."""

NOT_NAMES_AR: frozenset[str] = words(
    "او ثم و في من على الى عن ان إن يلي والله الله اللي هذا هذه لا ما قد كان قال مش"
)
"""Arabic words that end a name after a title (there are no capitals to go by)."""

SECOND_PERSON: dict[str, tuple[str, ...]] = {
    "en": ("you|your|yours|yourself|ur|u|ya|yall|y'all|thee",),
    "de": ("du|dich|dir|dein|deine|deinen|deinem|deiner|euch|eure|euren|eurem",),
    "fr": ("tu|toi|te|t'|vous|ton|ta|tes|votre|vos",),
    "ar": ("انت=|انتم=|انتي=|انتو=|انتن=",),
}
"""Direct address; in Arabic the object endings on a threat verb (سأقتلك) count too."""

PLURAL_YOU: tuple[str, ...] = (
    "yall|y'all",
    "you all/people/guys",
    "all/each/every of you",
    "every one of you",
    "euch",
    "vous tous",
    "انتم=|انتو=|انتن=",
)
"""Direct address to many: the target is a group, not one person."""

NOT_NAMES: frozenset[str] = words(
    "i you he she it we they him her them me us my your his our their the a an this "
    "that all every any some god allah islam jesus christ prophet muhammad mohammed "
    "lord ich du er sie wir ihr der die das ein eine jeden alle gott je tu il elle "
    "nous vous ils le la les un une dieu rt via breaking news update urgent "
    "is isis isil daesh syria iraq iran israel america usa muslim muslims arab arabs"
)
"""Capitalized words that are not a person's name (checked after folding)."""

NOT_PLACES: frozenset[str] = words(
    "i god allah islam jesus the a an my your his her our their this that english "
    "arabic german french hell paradise jannah heaven shaa sha angst ruhe zukunft "
    "gefahr frieden ordnung kurze zeit wahrheit wirklichkeit allahs gottes "
    "hause gedanken sicherheit haft not ehre dir dich ihnen uns euch isis north northern "
    "south southern east eastern west western"
)
"""Capitalized words after ``in``/``at`` that are not places (checked after folding)."""
