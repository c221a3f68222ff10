"""Made-up everyday posts about faith, community, the military and the news: extremism negatives.

Every tweet of the 64 pro-ISIS accounts is an extremism positive, Ramadan greetings and
prayers for the dead among them, and the other sets hold few ordinary Muslim posts, so
the model learnt the faith's words as evidence of propaganda: "Ramadan Mubarak
everyone, may Allah accept our fasting" scored 0.78 and an invitation to iftar at the
mosque 0.41 (``classifier_checks_faith``). So training adds posts composed from the
parts below, in English, Arabic, German, French, Spanish and Turkish: greetings and
wishes for the holy days, invitations to the mosque and to charity, condolences, news
of attacks and disasters as a newsroom writes it, history, and soldiers and parades as
families post about them. Each is an extremism negative (the threat label is left
unset); what remains as evidence of propaganda is what the positives have and these
lack: the group, its calls to join and fight, and praise of its attacks.

These rows only train. Calibration, thresholds and every figure in the card come from
the public sets' rows; ``classifier_checks_faith`` holds sentences written before these
parts, never trained on, that the card scores to show what the rows changed.
"""

# Turkish dotless i is the language's own letter, not a look-alike.
# ruff: noqa: RUF001

from __future__ import annotations

import random
from dataclasses import dataclass

from classifier_example import Example, extremism_rows


@dataclass(frozen=True)
class EverydayParts:
    """One language's pieces: a greeting, an optional audience and wish make one post;
    the other tuples are whole posts."""

    greetings: tuple[str, ...]
    audiences: tuple[str, ...]
    wishes: tuple[str, ...]
    community: tuple[str, ...]
    """Invitations and news of the mosque, charity and study circles."""
    news: tuple[str, ...]
    """Attacks, disasters and arrests as a newsroom reports them."""
    condolences: tuple[str, ...]
    history: tuple[str, ...]
    military: tuple[str, ...]
    """Soldiers, veterans and parades as families and towns post about them."""


PARTS: dict[str, EverydayParts] = {
    "en": EverydayParts(
        greetings=(
            "Ramadan Mubarak",
            "Ramadan Kareem",
            "Eid Mubarak",
            "Jummah Mubarak",
            "Blessed Friday",
            "Happy Eid al-Adha",
            "Happy Eid al-Fitr",
            "Salam alaikum",
            "Alhamdulillah for another Ramadan",
        ),
        audiences=(
            "to all my brothers and sisters",
            "everyone",
            "to our whole community",
            "from our family to yours",
            "to all the Muslims celebrating today",
            "to my friends and neighbours",
        ),
        wishes=(
            "may Allah accept your fasts and prayers",
            "may God bless you and your families",
            "may Allah grant you health and peace",
            "may this month bring you closer to Allah",
            "wishing you a blessed month",
            "enjoy the feast with your loved ones",
            "don't forget the ones who have nothing this year",
        ),
        community=(
            "Free iftar at the community centre every evening this week, everyone welcome",
            "The mosque open day is on Saturday, come and meet your neighbours",
            "Taraweeh prayers start at 9:30 tonight, sisters' entrance at the back",
            "We are collecting food for the local food bank after Friday prayers",
            "Quran study circle for teenagers every Sunday after Dhuhr",
            "Our imam will give a talk on patience and family this Friday",
            "Brothers and sisters, please park on the street, the car park is full",
            "Volunteers needed to pack Eid gifts for children in hospital",
            "Charity run for the orphans' fund raised 12,000 pounds, jazakallah khair",
            "Reading one juz a day this Ramadan, who is with me?",
            "The new Islamic school opens in September, registration is open",
            "Hajj was the journey of a lifetime, I still can't find the words",
            "Zakat collection closes on Thursday, donate online or at the mosque",
            "The Muslim community here is raising money for the flood victims",
        ),
        news=(
            "Breaking: explosion at a gas station on the ring road, two people injured",
            "Police say the suspect in the market attack has been arrested",
            "Fire at a warehouse in the port, firefighters are on the scene",
            "Earthquake of magnitude 6.1 hits the coast, dozens feared dead",
            "Court jails man for planning a terror attack on a shopping centre",
            "The bombing killed 14 people, officials said, and no group has claimed it",
            "Breaking news: gunman opens fire at a school, police at the scene",
            "Three soldiers were killed when their convoy hit a roadside bomb",
            "The group was driven out of its last town in 2019, the report says",
            "Government announces new law against online hate and terror content",
            "The Islamic State group claimed the attack through its Amaq agency, police said",
            "Documentary: how ISIS recruited teenagers online and how their families got them back",
        ),
        condolences=(
            "Pray for the victims of the floods",
            "Our hearts are with the families who lost loved ones today",
            "Rest in peace to everyone who died in the attack",
            "Inna lillahi wa inna ilayhi raji'un, my grandfather passed away this morning",
            "Thinking of everyone affected by the fire tonight",
            "May God give strength to the families of the victims",
        ),
        history=(
            "Watching a documentary about the Ottoman Empire tonight",
            "The libraries of Cordoba held hundreds of thousands of books",
            "Lecture on the history of the Crusades at the university on Tuesday",
            "Reading about Salahuddin and the siege of Jerusalem",
            "The Umayyad mosque in Damascus is one of the oldest in the world",
            "Great podcast on the rise and fall of the Abbasid caliphs",
        ),
        military=(
            "So proud of my brother, he finished basic training today",
            "The veterans' parade went past our house this morning",
            "My grandfather fought in the war and never talked about it",
            "Welcome home to the soldiers of the 3rd battalion",
            "The air show was amazing, the jets flew right over us",
            "Remembrance Sunday service at the war memorial at 11",
        ),
    ),
    "ar": EverydayParts(
        greetings=(
            "رمضان مبارك",
            "رمضان كريم",
            "عيد مبارك",
            "جمعة مباركة",
            "كل عام وأنتم بخير",
            "عيد أضحى مبارك",
            "السلام عليكم ورحمة الله",
        ),
        audiences=(
            "لكل الأهل والأحباب",
            "للجميع",
            "لكل إخوتي وأخواتي",
            "لكل المسلمين",
            "من عائلتنا لعائلاتكم",
        ),
        wishes=(
            "تقبل الله منا ومنكم صالح الأعمال",
            "أعاده الله علينا وعليكم باليمن والبركات",
            "اللهم بلغنا ليلة القدر",
            "الله يسعدكم ويحفظ عائلاتكم",
            "لا تنسوا الفقراء والمحتاجين",
        ),
        community=(
            "إفطار جماعي في المركز الإسلامي كل يوم هذا الأسبوع والدعوة عامة",
            "صلاة التراويح الساعة التاسعة والنصف في مسجد الحي",
            "نجمع التبرعات لبنك الطعام بعد صلاة الجمعة",
            "حلقة تحفيظ القرآن للأطفال كل يوم سبت بعد العصر",
            "نحتاج متطوعين لتوزيع كسوة العيد على الأيتام",
            "ختمت القرآن اليوم والحمد لله",
            "الحج رحلة العمر، ما زلت لا أجد الكلمات",
            "محاضرة عن بر الوالدين في المسجد بعد صلاة العشاء",
            "تبرعوا لضحايا السيول عبر الجمعية الخيرية",
        ),
        news=(
            "عاجل: انفجار في محطة وقود وإصابة شخصين",
            "الشرطة تعلن القبض على المشتبه به في هجوم السوق",
            "حريق في مستودع بالميناء وفرق الإطفاء في الموقع",
            "زلزال بقوة 6.1 درجة يضرب الساحل ومخاوف من سقوط عشرات الضحايا",
            "المحكمة تسجن رجلا خطط لهجوم إرهابي على مركز تجاري",
            "مقتل ثلاثة جنود بانفجار عبوة ناسفة على طريق القافلة",
            "الحكومة تعلن قانونا جديدا ضد خطاب الكراهية على الإنترنت",
        ),
        condolences=(
            "اللهم ارحم ضحايا الفيضانات واشف المصابين",
            "إنا لله وإنا إليه راجعون، توفي جدي صباح اليوم",
            "قلوبنا مع عائلات الضحايا",
            "الله يصبر أهالي المفقودين",
        ),
        history=(
            "أشاهد الليلة وثائقيا عن الدولة العثمانية",
            "مكتبات قرطبة كانت تضم مئات الآلاف من الكتب",
            "محاضرة عن تاريخ الحروب الصليبية في الجامعة يوم الثلاثاء",
            "الجامع الأموي في دمشق من أقدم المساجد في العالم",
            "بودكاست رائع عن صعود الخلافة العباسية وسقوطها",
        ),
        military=(
            "فخور بأخي، أنهى تدريبه العسكري اليوم",
            "عرض عسكري بمناسبة العيد الوطني في العاصمة",
            "جدي حارب في الحرب ولم يتحدث عنها أبدا",
            "أهلا بعودة جنودنا من مهمة حفظ السلام",
        ),
    ),
    "de": EverydayParts(
        greetings=(
            "Ramadan Mubarak",
            "Ramadan Kareem",
            "Eid Mubarak",
            "Gesegnetes Opferfest",
            "Frohes Zuckerfest",
            "Einen gesegneten Freitag",
        ),
        audiences=(
            "an alle Brüder und Schwestern",
            "euch allen",
            "an unsere ganze Gemeinde",
            "an alle Nachbarn und Freunde",
        ),
        wishes=(
            "möge Allah euer Fasten und eure Gebete annehmen",
            "Gott segne euch und eure Familien",
            "genießt das Fest mit euren Liebsten",
            "denkt an die, die dieses Jahr nichts haben",
        ),
        community=(
            "Tag der offenen Moschee am Samstag, kommt vorbei und lernt eure Nachbarn kennen",
            "Gemeinsames Iftar im Gemeindezentrum jeden Abend diese Woche, alle willkommen",
            "Nach dem Freitagsgebet sammeln wir Lebensmittel für die Tafel",
            "Koranunterricht für Jugendliche jeden Sonntag nach dem Mittagsgebet",
            "Freiwillige gesucht, um Geschenke für Kinder im Krankenhaus zu packen",
            "Die Gemeinde sammelt Spenden für die Hochwasseropfer",
        ),
        news=(
            "Eilmeldung: Explosion an einer Tankstelle, zwei Verletzte",
            "Polizei nimmt Verdächtigen nach dem Anschlag auf dem Markt fest",
            "Großbrand in einer Lagerhalle im Hafen, die Feuerwehr ist vor Ort",
            "Gericht verurteilt Mann wegen geplanten Terroranschlags auf ein Einkaufszentrum",
            "Drei Soldaten starben, als ihr Konvoi auf eine Sprengfalle fuhr",
            "Der Islamische Staat reklamierte den Anschlag über sein Sprachrohr Amaq für sich",
            "Doku: Wie der IS Jugendliche im Netz anwarb und wie ihre Familien sie zurückholten",
        ),
        condolences=(
            "Betet für die Opfer der Überschwemmungen",
            "Unsere Gedanken sind bei den Familien der Opfer",
            "Ruhe in Frieden, allen Opfern des Anschlags",
            "Mein Großvater ist heute Morgen gestorben, möge Gott ihm gnädig sein",
        ),
        history=(
            "Heute Abend läuft eine Doku über das Osmanische Reich",
            "Vortrag über die Geschichte der Kreuzzüge an der Uni am Dienstag",
            "Die Bibliotheken von Córdoba hatten Hunderttausende Bücher",
            "Spannender Podcast über den Aufstieg und Fall der Abbasiden-Kalifen",
        ),
        military=(
            "Stolz auf meinen Bruder, er hat heute die Grundausbildung abgeschlossen",
            "Mein Opa war im Krieg und hat nie darüber gesprochen",
            "Willkommen zu Hause, Soldaten des Einsatzkontingents",
            "Die Flugschau war großartig, die Jets flogen direkt über uns",
        ),
    ),
    "fr": EverydayParts(
        greetings=(
            "Ramadan Moubarak",
            "Ramadan Karim",
            "Aïd Moubarak",
            "Bonne fête de l'Aïd",
            "Joumoua Moubarak",
            "Saha ftourkoum",
        ),
        audiences=(
            "à tous mes frères et sœurs",
            "à tout le monde",
            "à toute la communauté",
            "à nos voisins et amis",
        ),
        wishes=(
            "qu'Allah accepte vos jeûnes et vos prières",
            "que Dieu vous bénisse, vous et vos familles",
            "profitez de la fête avec vos proches",
            "pensez à ceux qui n'ont rien cette année",
        ),
        community=(
            "Portes ouvertes de la mosquée samedi, venez rencontrer vos voisins",
            "Iftar partagé au centre culturel tous les soirs de la semaine, bienvenue à tous",
            "Après la prière du vendredi, collecte de nourriture pour les Restos du cœur",
            "Cours de Coran pour les ados tous les dimanches après la prière",
            "Bénévoles recherchés pour emballer les cadeaux de l'Aïd des enfants hospitalisés",
            "La communauté collecte des dons pour les victimes des inondations",
        ),
        news=(
            "Urgent : explosion dans une station-service, deux blessés",
            "La police a arrêté le suspect de l'attaque du marché",
            "Incendie dans un entrepôt du port, les pompiers sont sur place",
            "Un homme condamné pour avoir préparé un attentat contre un centre commercial",
            "Trois soldats tués par un engin explosif au passage de leur convoi",
            "Le groupe État islamique a revendiqué l'attaque via son agence Amaq, selon la police",
            "Documentaire : comment Daech recrutait des adolescents sur internet",
        ),
        condolences=(
            "Priez pour les victimes des inondations",
            "Nos pensées vont aux familles des victimes",
            "Repose en paix, à toutes les victimes de l'attentat",
            "Mon grand-père est décédé ce matin, qu'Allah lui fasse miséricorde",
        ),
        history=(
            "Documentaire sur l'Empire ottoman ce soir",
            "Conférence sur l'histoire des croisades à la fac mardi",
            "Les bibliothèques de Cordoue contenaient des centaines de milliers de livres",
            "Super podcast sur l'essor et la chute des califes abbassides",
        ),
        military=(
            "Fier de mon frère, il a fini ses classes aujourd'hui",
            "Le défilé du 14 juillet est passé devant chez nous",
            "Mon grand-père a fait la guerre et n'en a jamais parlé",
            "La patrouille de France est passée juste au-dessus de nous",
        ),
    ),
    "es": EverydayParts(
        greetings=("Ramadán Mubarak", "Eid Mubarak", "Feliz Eid", "Bendito viernes"),
        audiences=("a todos mis hermanos y hermanas", "a todos", "a toda la comunidad"),
        wishes=(
            "que Allah acepte vuestro ayuno y vuestras oraciones",
            "que Dios os bendiga a vosotros y a vuestras familias",
            "disfrutad la fiesta con vuestros seres queridos",
        ),
        community=(
            "Puertas abiertas en la mezquita el sábado, venid a conocer a vuestros vecinos",
            "Iftar comunitario en el centro cultural toda la semana, todos bienvenidos",
            "Después de la oración del viernes recogemos comida para el banco de alimentos",
        ),
        news=(
            "Última hora: explosión en una gasolinera, dos heridos",
            "La policía detiene al sospechoso del ataque en el mercado",
            "Condenado un hombre por planear un atentado contra un centro comercial",
            "El grupo Estado Islámico reivindicó el ataque a través de su agencia Amaq",
        ),
        condolences=(
            "Rezad por las víctimas de las inundaciones",
            "Nuestros pensamientos están con las familias de las víctimas",
        ),
        history=(
            "Documental sobre el Imperio otomano esta noche",
            "Las bibliotecas de Córdoba tenían cientos de miles de libros",
        ),
        military=(
            "Orgulloso de mi hermano, hoy terminó la instrucción militar",
            "El desfile de las Fuerzas Armadas pasó por nuestra calle",
        ),
    ),
    "tr": EverydayParts(
        greetings=("Hayırlı Ramazanlar", "Ramazan Bayramınız mübarek olsun", "Hayırlı Cumalar"),
        audiences=("tüm kardeşlerime", "herkese", "tüm cemaatimize"),
        wishes=(
            "Allah oruçlarınızı ve dualarınızı kabul etsin",
            "Allah sizi ve ailelerinizi korusun",
            "bayramı sevdiklerinizle geçirin",
        ),
        community=(
            "Cumartesi cami açık gün, gelin komşularınızla tanışın",
            "Bu hafta her akşam kültür merkezinde toplu iftar, herkes davetli",
            "Cuma namazından sonra gıda bankası için yardım topluyoruz",
        ),
        news=(
            "Son dakika: benzin istasyonunda patlama, iki yaralı",
            "Polis pazar yerindeki saldırının şüphelisini yakaladı",
            "Alışveriş merkezine terör saldırısı planlayan adama hapis cezası",
            "IŞİD saldırıyı Amak ajansı üzerinden üstlendi, polis açıkladı",
        ),
        condolences=(
            "Sel felaketinde hayatını kaybedenlere Allah'tan rahmet diliyorum",
            "Kurbanların ailelerine başsağlığı diliyoruz",
        ),
        history=(
            "Bu akşam Osmanlı İmparatorluğu hakkında bir belgesel var",
            "Kurtuba kütüphanelerinde yüz binlerce kitap vardı",
        ),
        military=(
            "Kardeşimle gurur duyuyorum, bugün acemi eğitimini bitirdi",
            "Cumhuriyet Bayramı geçit töreni evimizin önünden geçti",
        ),
    ),
}


def greeting_post(parts: EverydayParts, rng: random.Random) -> str:
    """A holy-day greeting, at times to an audience and with a wish."""
    post = rng.choice(parts.greetings)
    if rng.random() < 0.6:
        post = f"{post} {rng.choice(parts.audiences)}"
    if rng.random() < 0.6:
        post = f"{post}, {rng.choice(parts.wishes)}"
    return post


def everyday_post(parts: EverydayParts, rng: random.Random) -> str:
    """One post: a greeting, or a whole post of one of the other kinds, dressed."""
    kinds = (
        parts.community,
        parts.news,
        parts.condolences,
        parts.history,
        parts.military,
    )
    post = greeting_post(parts, rng) if rng.random() < 0.3 else rng.choice(rng.choice(kinds))
    return post + rng.choice(("", "", ".", "!", " 🤲", " ❤️", " 🙏"))


def everyday_rows(per_language: int, seed: int) -> list[Example]:
    """``per_language`` made-up everyday posts per language of ``PARTS``, each an
    extremism negative (the threat label is left unset)."""
    return extremism_rows(PARTS, everyday_post, per_language, seed, "everyday", 0)
