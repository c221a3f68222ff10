"""Made-up direct threats at one reader, and harmless posts in the same words, per language.

The public sets label calls for violence against groups far more often than a threat
aimed at the person reading it ("I'm going to find you and kill you" scored 0.06,
"te voy a matar" 0.04), and they hold threats in five languages only. A moderator of
a small platform mostly sees the other kind, in whatever language its users write.
So training adds short posts composed from the parts below: an intent ("I'm going
to"), a harm done to "you" ("slit your throat"), and at times a condition, a time, a
means or an insult; or a fate foretold ("you won't see Friday"); in English, German,
French, Arabic, Spanish, Portuguese, Italian, Dutch, Turkish, Russian and Polish. As
many harmless posts put a harmless act in the same frames ("I'm going to pick you up
tomorrow"), and half as many again use the harms' verbs as people do every day
(hyperbole, praise, photo shoots, cooking, games, news about a crime), so the model
learns the harm, not the frame or the verb. With everyday uses alone, the frames
became the evidence: "Te voy a ver mañana en la fiesta" scored 0.79.

These rows only train. Calibration, thresholds and every figure in the card come from
the public sets' rows; ``classifier_checks`` holds sentences written before these
parts, never trained on, that the card scores to show what the rows changed.
"""

# Turkish dotless i and Cyrillic letters are the languages' own, not look-alikes.
# ruff: noqa: RUF001

from __future__ import annotations

import random
from dataclasses import dataclass

from classifier_example import Example, threat_rows


@dataclass(frozen=True)
class Parts:
    """The pieces of one language's made-up posts; ``{}`` in an intent takes a harm (or,
    in a harmless post, a ``benign`` act), ``times`` end either kind, ``tails`` (a
    means, an insult) and ``openers`` only threats."""

    intents: tuple[str, ...]
    harms: tuple[str, ...]
    fates: tuple[str, ...]
    openers: tuple[str, ...]
    times: tuple[str, ...]
    benign: tuple[str, ...]
    """Harmless things to do to "you", that fit the intents as the harms do."""
    tails: tuple[str, ...]
    harmless: tuple[str, ...]


PARTS: dict[str, Parts] = {
    "en": Parts(
        intents=(
            "I'm going to {}",
            "I will {}",
            "I'll {}",
            "we will {}",
            "I swear to god I will {}",
            "imma {}",
            "I'm gonna {}",
            "we're coming to {}",
            "someone should {}",
            "I can't wait to {}",
        ),
        harms=(
            "kill you",
            "murder you",
            "shoot you",
            "stab you",
            "slit your throat",
            "break your neck",
            "burn your house down",
            "cut you into pieces",
            "beat you to death",
            "hunt you down",
            "blow your head off",
            "rape you",
            "strangle you",
            "put you in the ground",
            "end your life",
            "kill your whole family",
        ),
        fates=(
            "you're a dead man",
            "you won't live to see Friday",
            "you will die screaming",
            "your family will pay for this",
            "we know where your kids go to school",
            "enjoy your last days",
            "nobody will find your body",
            "you're next",
        ),
        openers=("if you post that again", "one more word and", "keep talking and", "bitch"),
        times=("tomorrow", "tonight", "when you leave work", "on Saturday"),
        benign=(
            "call you",
            "see you at the party",
            "pick you up from the station",
            "text you",
            "buy you a drink",
            "help you move",
            "make you dinner",
            "show you the photos",
            "visit you",
            "beat you at tennis",
        ),
        tails=(
            "with my knife",
            "with a shotgun",
            "you piece of shit",
            "traitor",
            "and nobody will save you",
        ),
        harmless=(
            "this exam is going to kill me",
            "my boss will kill me if I'm late again",
            "I could kill for a pizza right now",
            "my feet are killing me after that hike",
            "you killed it on stage tonight",
            "we're going to shoot the music video tomorrow",
            "I'll shoot you the files when I get home",
            "I'm going to destroy you at chess tonight haha",
            "cut the onions with a sharp knife and fry them",
            "police say the man was stabbed outside a bar last night",
            "the film ends with the hero's death",
            "I'm dying of laughter at this video",
            "we'll crush them in the final on Sunday",
            "kill the engine before you fill up the tank",
            "let's kill some time at the mall",
            "that joke killed me",
            "I will burn these old letters tonight",
            "I'm going to murder this burger",
            "who's ready to slay this weekend",
            "we're going to kill it at the show tonight",
            "the hunters shot a deer near the lake",
        ),
    ),
    "de": Parts(
        intents=(
            "ich werde {}",
            "ich will {}",
            "wir werden {}",
            "ich schwöre, ich werde {}",
            "gleich werde ich {}",
            "bald werden wir {}",
        ),
        harms=(
            "dich umbringen",
            "dich abstechen",
            "dich erschießen",
            "dich abknallen",
            "dir die Kehle durchschneiden",
            "dein Haus anzünden",
            "dich totschlagen",
            "dich finden und fertigmachen",
            "dich vergewaltigen",
            "deine ganze Familie auslöschen",
            "dir den Kopf wegblasen",
            "dich kaltmachen",
        ),
        fates=(
            "du bist ein toter Mann",
            "du wirst den Freitag nicht erleben",
            "deine Familie wird dafür bezahlen",
            "wir wissen, wo deine Kinder zur Schule gehen",
            "genieß deine letzten Tage",
            "du bist als Nächstes dran",
            "niemand wird deine Leiche finden",
        ),
        openers=("wenn du das noch mal postest,", "noch ein Wort und", "red ruhig weiter,"),
        times=("morgen", "heute Nacht", "wenn du aus der Arbeit kommst", "am Samstag"),
        benign=(
            "dich anrufen",
            "dich vom Bahnhof abholen",
            "dir schreiben",
            "dir beim Umzug helfen",
            "dich zum Essen einladen",
            "dir die Fotos zeigen",
            "dich auf der Party sehen",
            "dich beim Tennis schlagen",
        ),
        tails=(
            "mit meinem Messer",
            "du Stück Scheiße",
            "Verräter",
        ),
        harmless=(
            "diese Prüfung bringt mich noch um",
            "mein Chef bringt mich um, wenn ich wieder zu spät komme",
            "für eine Pizza würde ich gerade töten",
            "meine Füße bringen mich nach der Wanderung um",
            "ihr habt heute auf der Bühne alles zerlegt",
            "wir drehen morgen das Musikvideo",
            "ich mach dich heute Abend beim Kartenspiel fertig",
            "die Zwiebeln mit einem scharfen Messer schneiden und anbraten",
            "laut Polizei wurde der Mann gestern vor einer Bar niedergestochen",
            "ich lach mich tot über dieses Video",
            "am Sonntag schlagen wir sie im Finale",
            "lass uns im Einkaufszentrum die Zeit totschlagen",
            "ich werde die alten Briefe heute verbrennen",
            "die Jäger haben am See ein Reh geschossen",
        ),
    ),
    "fr": Parts(
        intents=(
            "je vais {}",
            "on va {}",
            "je te jure que je vais {}",
            "demain je vais {}",
            "on arrive pour {}",
        ),
        harms=(
            "te tuer",
            "te buter",
            "t'égorger",
            "te planter",
            "te tirer une balle dans la tête",
            "brûler ta maison",
            "te défoncer la gueule",
            "te retrouver et te faire la peau",
            "te violer",
            "tuer toute ta famille",
            "te descendre",
        ),
        fates=(
            "t'es un homme mort",
            "tu ne verras pas vendredi",
            "ta famille va payer",
            "on sait où tes enfants vont à l'école",
            "profite de tes derniers jours",
            "tu es le prochain",
        ),
        openers=("si tu reposte ça,", "encore un mot et", "continue de parler et"),
        times=("ce soir", "demain", "samedi", "après le travail"),
        benign=(
            "t'appeler",
            "te chercher à la gare",
            "t'écrire",
            "t'aider à déménager",
            "t'inviter à dîner",
            "te montrer les photos",
            "te voir à la fête",
            "te battre au tennis",
        ),
        tails=("avec mon couteau", "sale traître", "espèce de merde"),
        harmless=(
            "cet examen va me tuer",
            "mon patron va me tuer si je suis encore en retard",
            "je tuerais pour une pizza là",
            "vous avez tout déchiré sur scène ce soir",
            "on tourne le clip demain",
            "je vais te battre aux échecs ce soir haha",
            "couper les oignons avec un couteau bien aiguisé",
            "selon la police, l'homme a été poignardé devant un bar hier soir",
            "je suis mort de rire devant cette vidéo",
            "on va les écraser en finale dimanche",
            "on tue le temps au centre commercial",
            "je vais brûler ces vieilles lettres ce soir",
        ),
    ),
    "ar": Parts(
        intents=("راح {}", "والله ل{}", "بكرة {}", "أقسم بالله راح {}", "سوف {}"),
        harms=(
            "أقتلك",
            "أذبحك",
            "أطعنك",
            "أحرق بيتك",
            "أكسر رقبتك",
            "أطلق عليك النار",
            "أخلص عليك",
            "أقطعك",
            "أقتل عيلتك كلها",
        ),
        fates=(
            "انت ميت",
            "مش راح تشوف الجمعة",
            "عيلتك راح تدفع الثمن",
            "نعرف وين ولادك بيروحوا المدرسة",
            "استمتع بآخر أيامك",
            "انت الجاي",
        ),
        openers=("لو نشرت هذا مرة ثانية", "كلمة وحدة كمان و", "كمل كلامك و"),
        times=("الليلة", "بكرة", "يوم السبت", "بعد الشغل"),
        benign=(
            "أتصل فيك",
            "أزورك",
            "أجيبك من المحطة",
            "أكتبلك",
            "أساعدك بالنقل",
            "أعزمك على العشا",
            "أوريك الصور",
            "أشوفك بالحفلة",
        ),
        tails=("بالسكين", "يا خاين", "يا كلب"),
        harmless=(
            "هالامتحان راح يقتلني",
            "مديري راح يذبحني إذا تأخرت مرة ثانية",
            "رجلي قتلتني بعد المشي",
            "كسرتوا الدنيا على المسرح الليلة",
            "بكرة نصور الفيديو كليب",
            "راح أغلبك بالشطرنج الليلة",
            "قطع البصل بسكين حادة واقليه",
            "قالت الشرطة إن رجلا طعن أمام مقهى الليلة الماضية",
            "متت من الضحك على هالفيديو",
            "راح نسحقهم في النهائي يوم الأحد",
            "نقتل الوقت في المول",
        ),
    ),
    "es": Parts(
        intents=("te voy a {}", "te vamos a {}", "te juro que te voy a {}", "mañana te voy a {}"),
        harms=(
            "matar",
            "meter un tiro en la cabeza",
            "apuñalar",
            "cortar el cuello",
            "quemar la casa",
            "partir la cara",
            "buscar y matar",
            "violar",
            "reventar a golpes",
        ),
        fates=(
            "eres hombre muerto",
            "no vas a ver el viernes",
            "tu familia lo va a pagar",
            "sabemos a qué colegio van tus hijos",
            "disfruta tus últimos días",
            "eres el siguiente",
        ),
        openers=("si vuelves a publicar eso,", "una palabra más y", "sigue hablando y"),
        times=("esta noche", "mañana", "el sábado", "después del trabajo"),
        benign=(
            "llamar",
            "buscar a la estación",
            "escribir",
            "ayudar con la mudanza",
            "invitar a cenar",
            "enseñar las fotos",
            "ver en la fiesta",
            "ganar al tenis",
        ),
        tails=("con mi cuchillo", "traidor", "hijo de puta"),
        harmless=(
            "este examen me va a matar",
            "mi jefe me mata si llego tarde otra vez",
            "mataría por una pizza ahora mismo",
            "los pies me están matando después de la caminata",
            "lo petaste anoche en el escenario",
            "mañana grabamos el videoclip",
            "te voy a ganar al ajedrez esta noche jaja",
            "cortar la cebolla con un cuchillo afilado",
            "según la policía, el hombre fue apuñalado frente a un bar",
            "me muero de risa con este vídeo",
            "vamos a aplastarlos en la final del domingo",
        ),
    ),
    "pt": Parts(
        intents=("vou te {}", "eu vou te {}", "a gente vai te {}", "juro que vou te {}"),
        harms=(
            "matar",
            "dar um tiro na cabeça",
            "esfaquear",
            "cortar o pescoço",
            "meter bala",
            "quebrar a cara",
            "caçar e matar",
            "estuprar",
            "espancar até a morte",
        ),
        fates=(
            "você é um homem morto",
            "você não vai ver sexta-feira",
            "sua família vai pagar",
            "sabemos onde seus filhos estudam",
            "aproveita teus últimos dias",
            "você é o próximo",
        ),
        openers=("se postar isso de novo,", "mais uma palavra e", "continua falando e"),
        times=("hoje à noite", "amanhã", "no sábado", "depois do trabalho"),
        benign=(
            "ligar",
            "buscar na estação",
            "mandar mensagem",
            "ajudar com a mudança",
            "convidar para jantar",
            "mostrar as fotos",
            "ver na festa",
            "ganhar no tênis",
        ),
        tails=("com a minha faca", "traidor", "filho da puta"),
        harmless=(
            "essa prova vai me matar",
            "meu chefe me mata se eu chegar atrasado de novo",
            "eu mataria por uma pizza agora",
            "meus pés estão me matando depois da trilha",
            "vocês arrebentaram no palco ontem",
            "amanhã a gente grava o clipe",
            "vou te ganhar no xadrez hoje kkkk",
            "corte a cebola com uma faca afiada",
            "segundo a polícia, o homem foi esfaqueado em frente a um bar",
            "morri de rir com esse vídeo",
        ),
    ),
    "it": Parts(
        intents=("ti {}", "giuro che ti {}", "domani ti {}", "ora vengo e ti {}"),
        harms=(
            "ammazzo",
            "uccido",
            "sparo in testa",
            "accoltello",
            "taglio la gola",
            "brucio la casa",
            "spacco la faccia",
            "stupro",
            "faccio fuori",
        ),
        fates=(
            "sei un uomo morto",
            "non arriverai a venerdì",
            "la tua famiglia la pagherà",
            "sappiamo a che scuola vanno i tuoi figli",
            "goditi gli ultimi giorni",
            "sei il prossimo",
        ),
        openers=("se lo posti di nuovo,", "un'altra parola e", "continua a parlare e"),
        times=("stanotte", "domani", "sabato", "dopo il lavoro"),
        benign=(
            "chiamo",
            "passo a prendere alla stazione",
            "scrivo",
            "aiuto con il trasloco",
            "invito a cena",
            "faccio vedere le foto",
            "vedo alla festa",
            "batto a tennis",
        ),
        tails=("col mio coltello", "traditore", "pezzo di merda"),
        harmless=(
            "questo esame mi ucciderà",
            "il capo mi ammazza se arrivo di nuovo in ritardo",
            "ucciderei per una pizza adesso",
            "i piedi mi stanno uccidendo dopo la camminata",
            "ieri sul palco avete spaccato",
            "domani giriamo il video",
            "stasera ti batto a scacchi ahah",
            "tagliare la cipolla con un coltello affilato",
            "secondo la polizia l'uomo è stato accoltellato davanti a un bar",
            "muoio dal ridere con questo video",
        ),
    ),
    "nl": Parts(
        intents=("ik ga je {}", "ik zal je {}", "we gaan je {}", "ik zweer dat ik je ga {}"),
        harms=(
            "vermoorden",
            "afmaken",
            "neersteken",
            "neerschieten",
            "de keel doorsnijden",
            "in elkaar slaan",
            "verkrachten",
            "doodslaan",
            "opzoeken en afmaken",
        ),
        fates=(
            "je bent een dode man",
            "je haalt vrijdag niet",
            "je familie gaat hiervoor betalen",
            "we weten op welke school je kinderen zitten",
            "geniet van je laatste dagen",
            "jij bent de volgende",
        ),
        openers=("als je dat nog een keer post,", "nog één woord en", "praat maar door en"),
        times=("vannacht", "morgen", "zaterdag", "na het werk"),
        benign=(
            "bellen",
            "ophalen van het station",
            "een berichtje sturen",
            "helpen met verhuizen",
            "uitnodigen voor het eten",
            "de foto's laten zien",
            "zien op het feest",
            "verslaan met tennis",
        ),
        tails=("met mijn mes", "verrader", "vuile kankerlijer"),
        harmless=(
            "dit examen wordt mijn dood",
            "mijn baas vermoordt me als ik weer te laat ben",
            "ik zou moorden voor een pizza nu",
            "mijn voeten doen zeer na die wandeling",
            "jullie hebben het podium afgebroken gisteren",
            "morgen schieten we de videoclip",
            "ik ga je vanavond inmaken met schaken haha",
            "snijd de ui met een scherp mes",
            "volgens de politie werd de man voor een café neergestoken",
            "ik lig dubbel om deze video",
        ),
    ),
    "tr": Parts(
        intents=("{}", "yemin ederim {}", "yarın {}", "bu gece gelip {}"),
        harms=(
            "seni öldüreceğim",
            "seni gebertirim",
            "seni bıçaklayacağım",
            "seni vuracağım",
            "boğazını keseceğim",
            "evini yakacağım",
            "seni döve döve öldüreceğim",
            "seni bulup öldüreceğim",
            "sana tecavüz edeceğim",
        ),
        fates=(
            "sen ölü bir adamsın",
            "cumayı göremeyeceksin",
            "ailen bunun bedelini ödeyecek",
            "çocuklarının hangi okula gittiğini biliyoruz",
            "son günlerinin tadını çıkar",
            "sıradaki sensin",
        ),
        openers=("bunu bir daha paylaşırsan", "bir kelime daha edersen", "konuşmaya devam et,"),
        times=("bu gece", "yarın", "cumartesi", "işten sonra"),
        benign=(
            "seni arayacağım",
            "seni istasyondan alacağım",
            "sana yazacağım",
            "taşınmana yardım edeceğim",
            "seni yemeğe davet edeceğim",
            "sana fotoğrafları göstereceğim",
            "seni partide göreceğim",
            "seni teniste yeneceğim",
        ),
        tails=("bıçağımla", "hain", "şerefsiz"),
        harmless=(
            "bu sınav beni öldürecek",
            "yine geç kalırsam patronum beni öldürür",
            "şu an bir pizza için her şeyi yaparım",
            "yürüyüşten sonra ayaklarım beni öldürüyor",
            "dün sahnede yıktınız geçtiniz",
            "yarın klibi çekiyoruz",
            "bu akşam seni satrançta yeneceğim",
            "soğanı keskin bir bıçakla doğrayın",
            "polise göre adam bir barın önünde bıçaklandı",
            "bu videoya gülmekten öldüm",
        ),
    ),
    "ru": Parts(
        intents=("я тебя {}", "клянусь, я тебя {}", "завтра я тебя {}", "мы тебя {}"),
        harms=(
            "убью",
            "зарежу",
            "пристрелю",
            "прикончу",
            "найду и убью",
            "изнасилую",
            "забью до смерти",
            "закопаю",
            "сожгу вместе с домом",
        ),
        fates=(
            "ты покойник",
            "до пятницы ты не доживёшь",
            "твоя семья за это заплатит",
            "мы знаем, в какую школу ходят твои дети",
            "наслаждайся последними днями",
            "ты следующий",
        ),
        openers=("если ещё раз это выложишь,", "ещё одно слово, и", "продолжай болтать, и"),
        times=("сегодня ночью", "завтра", "в субботу", "после работы"),
        benign=(
            "наберу",
            "встречу на вокзале",
            "приглашу на ужин",
            "подвезу до дома",
            "поздравлю",
            "обниму",
            "увижу на вечеринке",
            "обыграю в теннис",
        ),
        tails=("своим ножом", "предатель", "мразь"),
        harmless=(
            "этот экзамен меня убьёт",
            "начальник меня убьёт, если я опять опоздаю",
            "убил бы за пиццу прямо сейчас",
            "ноги просто убиты после похода",
            "вы вчера порвали сцену",
            "завтра снимаем клип",
            "сегодня вечером обыграю тебя в шахматы",
            "нарежьте лук острым ножом",
            "по данным полиции, мужчину зарезали у бара",
            "умираю со смеху от этого видео",
        ),
    ),
    "pl": Parts(
        intents=("{}", "przysięgam, że cię {}", "jutro cię {}", "znajdę cię i {}"),
        harms=(
            "zabiję cię",
            "zadźgam cię",
            "zastrzelę cię",
            "poderżnę ci gardło",
            "spalę ci dom",
            "zatłukę cię",
            "zgwałcę cię",
            "rozwalę ci łeb",
            "wykończę cię",
        ),
        fates=(
            "jesteś trupem",
            "nie dożyjesz piątku",
            "twoja rodzina za to zapłaci",
            "wiemy, do której szkoły chodzą twoje dzieci",
            "ciesz się ostatnimi dniami",
            "jesteś następny",
        ),
        openers=("jak to jeszcze raz wrzucisz,", "jeszcze jedno słowo i", "gadaj dalej, a"),
        times=("dziś w nocy", "jutro", "w sobotę", "po pracy"),
        benign=(
            "odwiedzę cię",
            "odbiorę cię z dworca",
            "zaproszę cię na obiad",
            "przytulę cię",
            "podwiozę cię do domu",
            "zobaczę cię na imprezie",
            "ogram cię w tenisa",
        ),
        tails=("moim nożem", "zdrajco", "śmieciu"),
        harmless=(
            "ten egzamin mnie zabije",
            "szef mnie zabije, jak znowu się spóźnię",
            "zabiłbym za pizzę",
            "nogi mnie bolą po tej wycieczce",
            "wczoraj na scenie rozwaliliście system",
            "jutro kręcimy teledysk",
            "dziś wieczorem ogram cię w szachy haha",
            "pokrój cebulę ostrym nożem",
            "według policji mężczyzna został dźgnięty nożem przed barem",
            "umieram ze śmiechu przy tym filmiku",
        ),
    ),
}
"""Per language: what people write when they threaten one reader, and what they write
with the same verbs when they do not. Polish puts the object in the verb phrase, so
its intents mostly add a frame around a whole harm."""


def _fill(template: str, harm: str) -> str:
    """An intent with a harm in it; Polish "cię" is dropped when the harm already has it."""
    if "cię {}" in template and "cię" in harm:
        template = template.replace("cię {}", "{}")
    return template.format(harm)


def threat_post(parts: Parts, rng: random.Random) -> str:
    """One made-up direct threat: a harm with an intent, or a fate, dressed at random."""
    if rng.random() < 0.3:
        core = rng.choice(parts.fates)
    else:
        core = _fill(rng.choice(parts.intents), rng.choice(parts.harms))
    if rng.random() < 0.3:
        core = f"{rng.choice(parts.openers)} {core}"
    if rng.random() < 0.5:
        core = f"{core} {rng.choice((*parts.times, *parts.tails))}"
    return dressed(core, rng)


def harmless_post(parts: Parts, rng: random.Random) -> str:
    """An intent with a ``benign`` act: the frame of a threat ("I'm going to ... you
    tomorrow") around something harmless, so the frame alone does not make a threat."""
    core = _fill(rng.choice(parts.intents), rng.choice(parts.benign))
    if rng.random() < 0.5:
        core = f"{core} {rng.choice(parts.times)}"
    return dressed(core, rng)


def everyday_post(parts: Parts, rng: random.Random) -> str:
    """An everyday use of a harm's verb ("this exam is killing me")."""
    return dressed(rng.choice(parts.harmless), rng)


def dressed(text: str, rng: random.Random) -> str:
    """``text`` written as people post: first letter capitalised or not, an end mark."""
    if rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    return text + rng.choice(("", "", ".", "!", "!!", " 😡", " 😂"))


def everyday_count(per_language: int) -> int:
    """Everyday uses of the harms' verbs per language: half the threats' number (as
    ``classifier_example.threat_rows`` makes them)."""
    return per_language // 2


def direct_rows(per_language: int, seed: int) -> list[Example]:
    """Per language of ``PARTS``: ``per_language`` made-up threats, as many harmless
    posts in their frames and half as many everyday uses of their verbs; threat labels
    only (the extremism label is left unset)."""
    return threat_rows(
        PARTS, threat_post, harmless_post, everyday_post, per_language, seed, "direct"
    )
