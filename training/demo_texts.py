"""The text we wrote ourselves for the demo stream, kept apart from the code that places it.

Why: much of what makes the demo convincing is hand-written: the 2014 campaign
re-enacted in our own words, news and counter-speech about it, doxxing with fictional
details beside harmless business contacts, and everyday German, Arabic and French posts
(every German and Arabic set in ``../shared/data`` is GPL or unlicensed, so we cannot
ship theirs). Keeping the prose here lets a reviewer read or correct it without wading
through sampling code. Order matters: authors, replies and times are handed out by
position from one seeded random source, so reordering a tuple changes the stream's bytes
(and the test that rebuilds it fails).
"""

from __future__ import annotations


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
