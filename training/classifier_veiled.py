"""Made-up veiled threats and calls on "lone wolves" against a person or an organization's staff.

The 2014 threat this project starts from warned "every Twitter employee" that "a lone
wolf assassin" might be waiting at his door: a danger foretold to a third party and
left to others to carry out, with no harm done by the writer. The public sets hold
calls for violence against groups and ``classifier_direct`` threats at one reader, but
almost no such warnings, so the shipped model scored that sentence 0.008 (the card's
veiled checks, ``classifier_checks_veiled``, written before these rows).

Training adds short posts composed from the parts below, in English, Arabic, German,
French and Spanish: a target (a company's, newspaper's, court's or school's people,
as a group or, as in 2014, "every employee", each with frames whose verbs agree) in a
warning ("... should watch their back from now on", "a lone wolf could be waiting
outside for ...") or in a call on
others to attack it ("lone wolves, ... are within your reach"). As many harmless posts
put the same targets in the same frames (an office notice, news that they were
threatened, "... deserve to feel safe at home"), and half as many again use the
threats' other words as people do every day (a wolf in the wild, a parcel at the
neighbours', "take care of yourself"), so the model learns the danger, not the target
or the frame.

These rows only train. Calibration, thresholds and every figure in the card come from
the public sets' rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from classifier_direct import dressed
from classifier_example import Example, threat_rows


@dataclass(frozen=True)
class Frames:
    """Targets of one grammatical number and the frames that agree with them; ``{}`` in a
    frame takes a target."""

    targets: tuple[str, ...]
    """People an organization employs or that hold an office."""
    warnings: tuple[str, ...]
    """A danger foretold to the target."""
    calls: tuple[str, ...]
    """A call on others ("lone wolves", "brothers") to attack the target."""
    notices: tuple[str, ...]
    """Harmless posts about the target in the same kinds of frames."""


@dataclass(frozen=True)
class Parts:
    """The pieces of one language's made-up posts."""

    plural: Frames
    """The staff as a group ("the Twitter employees")."""
    each: Frames
    """Each of them ("every Twitter employee"), as the 2014 threat put it; its verbs and
    pronouns are singular in every language but English, which may keep "they"."""
    everyday: tuple[str, ...]
    """Everyday uses of the threats' other words (wolves, doors, "take care")."""


PARTS: dict[str, Parts] = {
    "en": Parts(
        plural=Frames(
            targets=(
                "the Twitter employees",
                "the people who work at Facebook",
                "the journalists of that channel",
                "the cartoonists at that magazine",
                "the officers of the 5th precinct",
                "the staff of the embassy",
                "the judges who sentenced our brother",
                "the moderators of this site",
                "the teachers at that school",
                "the workers at the consulate",
            ),
            warnings=(
                "{} should watch their back from now on",
                "{} would do well to look over their shoulder on the way home",
                "{} should be careful who is standing outside their house",
                "{} should know that a lone wolf may be waiting for them",
                "{} will never know peace in their homes again",
                "a lone wolf could be waiting outside for {}",
                "{} should remember that we know where they sleep",
                "{} have been marked and their day will come",
                "it would be a shame if something happened to {} on their way to work",
                "{} should think twice before they start their car in the morning",
                "the knife is closer to {} than they think",
                "one day {} will open the door and find a soldier of the caliphate there",
            ),
            calls=(
                "lone wolves, {} are within your reach, strike them",
                "we call on every lone wolf to target {}",
                "brothers, {} walk the streets without guards, you know what to do",
                "{} are now a legitimate target for the soldiers of the caliphate",
                "whoever can reach {} should not hesitate",
                "O lions, hunt down {} wherever you find them",
                "a reward to whoever silences {} for good",
                "a message to the lone wolves: {} are next",
            ),
            notices=(
                "{} should watch the new training video before Monday",
                "{} would do well to read the updated holiday policy",
                "{} should be careful with the new coffee machine, it leaks",
                "{} should know that lunch is waiting for them in the kitchen",
                "{} will be working from home this week",
                "{} should remember to back up their files",
                "{} have been invited to the award ceremony",
                "{} deserve to feel safe at work and at home",
                "{} received threats online and the police are investigating",
                "the city added streetlights so that {} get home safely",
                "we thank {} for their hard work this year",
                "{} will get a bonus at the end of the month",
            ),
        ),
        each=Frames(
            targets=(
                "every Twitter employee",
                "every journalist at that channel",
                "every officer of the 5th precinct",
                "every moderator of this site",
                "every teacher at that school",
                "every worker at the consulate",
            ),
            warnings=(
                "{} should watch his back from now on",
                "{} would do well to look over his shoulder on the way home",
                "{} should know that a lone wolf may be waiting for him",
                "{} will never know peace at home again",
                "{} should remember that we know where he sleeps",
                "{} has been marked and his day will come",
                "{} should think twice before starting his car in the morning",
                "a lone wolf could be waiting outside for {}",
            ),
            calls=(
                "lone wolves, {} is within your reach",
                "{} is now a legitimate target for the soldiers of the caliphate",
                "we call on every lone wolf to target {}",
                "whoever can reach {} should not hesitate",
            ),
            notices=(
                "{} should watch the new training video before Monday",
                "{} should know that lunch is waiting in the kitchen",
                "{} deserves to feel safe at work and at home",
                "{} will get a bonus at the end of the month",
                "{} is working from home this week",
                "{} should remember to back up his files",
            ),
        ),
        everyday=(
            "the lone wolf of the tech world sold his company again",
            "a wolf was seen near the village for the first time in a century",
            "the courier left the parcel with the neighbours",
            "watch your step, the floor near the entrance is wet",
            "he is a lone wolf on the pitch, always runs alone",
            "take care of yourself and get some rest",
            "the documentary follows a lone wolf across the Alps",
            "keep an eye on your bags at the station",
        ),
    ),
    "ar": Parts(
        plural=Frames(
            targets=(
                "موظفو تويتر",
                "العاملون في فيسبوك",
                "صحفيو تلك القناة",
                "رسامو تلك المجلة",
                "ضباط هذا المركز",
                "موظفو السفارة",
                "القضاة الذين حكموا على إخواننا",
                "مشرفو هذا الموقع",
                "عمال القنصلية",
                "معلمو تلك المدرسة",
            ),
            warnings=(
                "على {} أن يحذروا من اليوم فصاعدا",
                "ليتلفت {} خلفهم وهم عائدون إلى بيوتهم",
                "ليعلم {} أن ذئبا منفردا قد يكون بانتظارهم",
                "لن يعرف {} الأمان في بيوتهم بعد اليوم",
                "ربما ينتظر ذئب منفرد {} عند مخرج العمل",
                "ليتذكر {} أننا نعرف أين ينامون",
                "{} في القائمة ويومهم قادم",
                "السكين أقرب إلى {} مما يظنون",
                "سيفتح {} الباب يوما ليجدوا جنود الخلافة أمامهم",
                "على {} أن يفكروا مرتين قبل أن يشغلوا سياراتهم صباحا",
            ),
            calls=(
                "أيها الذئاب المنفردة، {} في متناولكم فاضربوهم",
                "ندعو كل ذئب منفرد إلى استهداف {}",
                "يا إخوة، {} يمشون في الشوارع بلا حراسة، وأنتم تعرفون ما عليكم",
                "{} هدف مشروع لجنود الخلافة",
                "من استطاع الوصول إلى {} فلا يتردد",
                "يا أسود، اصطادوا {} أينما وجدتموهم",
                "رسالة إلى الذئاب المنفردة: {} هم التالون",
            ),
            notices=(
                "على {} مشاهدة فيديو التدريب الجديد قبل الاثنين",
                "على {} قراءة سياسة الإجازات الجديدة",
                "سيعمل {} من المنزل هذا الأسبوع",
                "على {} أن يتذكروا حفظ ملفاتهم",
                "تمت دعوة {} إلى حفل توزيع الجوائز",
                "من حق {} أن يشعروا بالأمان في العمل وفي البيت",
                "تلقى {} تهديدات على الإنترنت والشرطة تحقق",
                "نشكر {} على جهودهم هذا العام",
                "سيحصل {} على مكافأة في نهاية الشهر",
                "الغداء بانتظار {} في المطبخ",
            ),
        ),
        each=Frames(
            targets=(
                "كل موظف في تويتر",
                "كل عامل في فيسبوك",
                "كل صحفي في تلك القناة",
                "كل رسام في تلك المجلة",
                "كل ضابط في هذا المركز",
                "كل مشرف على هذا الموقع",
            ),
            warnings=(
                "على {} أن يحذر من اليوم فصاعدا",
                "ليتلفت {} خلفه وهو عائد إلى بيته",
                "ليعلم {} أن ذئبا منفردا قد يكون بانتظاره",
                "لن يعرف {} الأمان في بيته بعد اليوم",
                "ليتذكر {} أننا نعرف أين ينام",
                "السكين أقرب إلى {} مما يظن",
                "على {} أن يفكر مرتين قبل أن يشغل سيارته صباحا",
                "ربما ينتظر ذئب منفرد {} عند مخرج العمل",
            ),
            calls=(
                "أيها الذئاب المنفردة، {} في متناولكم",
                "{} هدف مشروع لجنود الخلافة",
                "ندعو كل ذئب منفرد إلى استهداف {}",
                "من استطاع الوصول إلى {} فلا يتردد",
            ),
            notices=(
                "على {} مشاهدة فيديو التدريب الجديد قبل الاثنين",
                "على {} أن يتذكر حفظ ملفاته",
                "من حق {} أن يشعر بالأمان في العمل وفي البيت",
                "سيحصل {} على مكافأة في نهاية الشهر",
                "سيعمل {} من المنزل هذا الأسبوع",
                "الغداء بانتظار {} في المطبخ",
            ),
        ),
        everyday=(
            "ذئب يظهر قرب القرية لأول مرة منذ قرن",
            "وصل الطرد إلى مكتب البريد",
            "انتبه لخطواتك، الأرض مبللة عند المدخل",
            "هو ذئب منفرد في الملعب، يلعب وحده دائما",
            "اعتن بنفسك وخذ قسطا من الراحة",
            "انتبه لحقائبك في المحطة",
        ),
    ),
    "de": Parts(
        plural=Frames(
            targets=(
                "die Mitarbeiter von Twitter",
                "die Leute bei Facebook",
                "die Journalisten dieses Senders",
                "die Zeichner dieses Magazins",
                "die Polizisten der Wache Mitte",
                "die Angestellten der Botschaft",
                "die Richter, die unseren Bruder verurteilt haben,",
                "die Moderatoren dieser Seite",
                "die Lehrer dieser Schule",
                "die Leute des Bürgermeisters",
            ),
            warnings=(
                "{} sollten ab jetzt besser auf sich aufpassen",
                "{} sollten sich auf dem Heimweg öfter umdrehen",
                "{} sollten wissen, dass ein einsamer Wolf auf sie warten könnte",
                "{} werden in ihren Wohnungen nie mehr Ruhe haben",
                "vor dem Haus könnte ein einsamer Wolf auf {} warten",
                "{} sollten nicht vergessen, dass wir wissen, wo sie schlafen",
                "{} stehen auf der Liste, ihr Tag wird kommen",
                "das Messer ist näher an {}, als sie denken",
                "eines Tages öffnen {} die Tür und ein Soldat des Kalifats steht davor",
                "{} sollten morgens zweimal nachdenken, bevor sie ihr Auto starten",
            ),
            calls=(
                "einsame Wölfe, {} sind in eurer Reichweite, schlagt zu",
                "wir rufen jeden einsamen Wolf auf, {} ins Visier zu nehmen",
                "Brüder, {} laufen ohne Schutz durch die Straßen, ihr wisst, was zu tun ist",
                "{} sind jetzt ein legitimes Ziel für die Soldaten des Kalifats",
                "wer {} erreichen kann, soll nicht zögern",
                "Löwen, jagt {}, wo immer ihr sie findet",
                "eine Botschaft an die einsamen Wölfe: {} sind die Nächsten",
            ),
            notices=(
                "{} sollten sich vor Montag das neue Schulungsvideo ansehen",
                "{} sollten die neue Urlaubsregelung lesen",
                "{} arbeiten diese Woche von zu Hause",
                "{} sollten nicht vergessen, ihre Dateien zu sichern",
                "{} sind zur Preisverleihung eingeladen",
                "{} müssen sich bei der Arbeit und zu Hause sicher fühlen können",
                "{} wurden im Netz bedroht, die Polizei ermittelt",
                "das Mittagessen wartet in der Küche auf {}",
                "{} bekommen Ende des Monats einen Bonus",
            ),
        ),
        each=Frames(
            targets=(
                "jeder Mitarbeiter von Twitter",
                "jeder Journalist dieses Senders",
                "jeder Polizist der Wache Mitte",
                "jeder Moderator dieser Seite",
                "jeder Lehrer dieser Schule",
                "jeder Angestellte der Botschaft",
            ),
            warnings=(
                "{} sollte ab jetzt besser auf sich aufpassen",
                "{} sollte sich auf dem Heimweg öfter umdrehen",
                "{} sollte wissen, dass ein einsamer Wolf auf ihn warten könnte",
                "{} wird in seiner Wohnung nie mehr Ruhe haben",
                "{} sollte nicht vergessen, dass wir wissen, wo er schläft",
                "{} steht auf der Liste, sein Tag wird kommen",
                "{} sollte morgens zweimal nachdenken, bevor er sein Auto startet",
            ),
            calls=(
                "einsame Wölfe, {} ist in eurer Reichweite",
                "{} ist jetzt ein legitimes Ziel für die Soldaten des Kalifats",
                "{} läuft ohne Schutz durch die Straßen, Brüder, ihr wisst, was zu tun ist",
            ),
            notices=(
                "{} sollte sich vor Montag das neue Schulungsvideo ansehen",
                "{} sollte nicht vergessen, seine Dateien zu sichern",
                "{} muss sich bei der Arbeit und zu Hause sicher fühlen können",
                "{} bekommt Ende des Monats einen Bonus",
                "{} arbeitet diese Woche von zu Hause",
            ),
        ),
        everyday=(
            "ein Wolf wurde zum ersten Mal seit hundert Jahren beim Dorf gesehen",
            "der Bote hat das Paket beim Nachbarn abgegeben",
            "Vorsicht, der Boden am Eingang ist nass",
            "er ist ein einsamer Wolf auf dem Platz, spielt immer allein",
            "ruh dich am Wochenende gut aus",
            "behaltet eure Taschen am Bahnhof im Auge",
        ),
    ),
    "fr": Parts(
        plural=Frames(
            targets=(
                "les employés de Twitter",
                "les gens de Facebook",
                "les journalistes de cette chaîne",
                "les dessinateurs de ce magazine",
                "les policiers du commissariat central",
                "les juges qui ont condamné notre frère",
                "les modérateurs de ce site",
                "les professeurs de cette école",
                "les agents du consulat",
            ),
            warnings=(
                "{} feraient bien de surveiller leurs arrières désormais",
                "{} devraient se retourner plus souvent en rentrant le soir",
                "{} doivent savoir qu'un loup solitaire les attend peut-être",
                "{} n'auront plus jamais la paix dans leurs foyers",
                "un loup solitaire pourrait attendre {} en bas de leur immeuble",
                "{} devraient se rappeler que nous savons où ils dorment",
                "{} sont sur la liste, leur jour viendra",
                "le couteau est plus proche de {} qu'ils ne le pensent",
                "un jour {} ouvriront la porte et trouveront un soldat du califat",
                "{} devraient réfléchir à deux fois avant de démarrer leur voiture le matin",
            ),
            calls=(
                "loups solitaires, {} sont à votre portée, frappez-les",
                "nous appelons chaque loup solitaire à viser {}",
                "frères, {} marchent dans les rues sans protection, vous savez quoi faire",
                "{} sont désormais une cible légitime pour les soldats du califat",
                "que celui qui peut atteindre {} n'hésite pas",
                "lions, traquez {} où que vous les trouviez",
                "message aux loups solitaires : {} sont les prochains",
            ),
            notices=(
                "{} devraient regarder la nouvelle vidéo de formation avant lundi",
                "{} feraient bien de lire le nouveau règlement des congés",
                "{} travaillent depuis chez eux cette semaine",
                "{} devraient penser à sauvegarder leurs fichiers",
                "{} sont invités à la cérémonie de remise des prix",
                "{} méritent de se sentir en sécurité au travail et chez eux",
                "{} ont reçu des menaces en ligne et la police enquête",
                "le déjeuner attend {} à la cuisine",
                "{} recevront une prime à la fin du mois",
            ),
        ),
        each=Frames(
            targets=(
                "chaque employé de Twitter",
                "chaque journaliste de cette chaîne",
                "chaque policier du commissariat central",
                "chaque modérateur de ce site",
                "chaque professeur de cette école",
                "chaque agent du consulat",
            ),
            warnings=(
                "{} ferait bien de surveiller ses arrières désormais",
                "{} devrait se retourner plus souvent en rentrant le soir",
                "{} doit savoir qu'un loup solitaire l'attend peut-être",
                "{} n'aura plus jamais la paix dans son foyer",
                "{} devrait se rappeler que nous savons où il dort",
                "{} est sur la liste, son jour viendra",
                "{} devrait réfléchir à deux fois avant de démarrer sa voiture le matin",
            ),
            calls=(
                "loups solitaires, {} est à votre portée",
                "{} est désormais une cible légitime pour les soldats du califat",
                "frères, {} marche dans les rues sans protection, vous savez quoi faire",
            ),
            notices=(
                "{} devrait regarder la nouvelle vidéo de formation avant lundi",
                "{} devrait penser à sauvegarder ses fichiers",
                "{} mérite de se sentir en sécurité au travail et chez lui",
                "{} recevra une prime à la fin du mois",
                "{} travaille depuis chez lui cette semaine",
            ),
        ),
        everyday=(
            "un loup a été vu près du village pour la première fois depuis un siècle",
            "le livreur a déposé le paquet chez la voisine",
            "attention, le sol est mouillé à l'entrée",
            "c'est un loup solitaire sur le terrain, il joue toujours seul",
            "repose-toi bien ce week-end",
            "surveillez vos sacs à la gare",
        ),
    ),
    "es": Parts(
        plural=Frames(
            targets=(
                "los empleados de Twitter",
                "los trabajadores de Facebook",
                "los periodistas de ese canal",
                "los dibujantes de esa revista",
                "los policías de la comisaría central",
                "los jueces que condenaron a nuestro hermano",
                "los moderadores de este sitio",
                "los profesores de esa escuela",
                "los funcionarios del consulado",
            ),
            warnings=(
                "{} deberían cuidarse las espaldas a partir de ahora",
                "{} deberían mirar atrás más a menudo al volver a casa",
                "{} deben saber que un lobo solitario puede estar esperándolos",
                "{} nunca más estarán tranquilos en sus casas",
                "un lobo solitario podría estar esperando a {} frente a su casa",
                "{} deberían recordar que sabemos dónde duermen",
                "{} están en la lista, ya les llegará su día",
                "el cuchillo está más cerca de {} de lo que creen",
                "un día {} abrirán la puerta y encontrarán a un soldado del califato",
                "{} deberían pensarlo dos veces antes de arrancar el coche por la mañana",
            ),
            calls=(
                "lobos solitarios, {} están a vuestro alcance, golpeadlos",
                "llamamos a cada lobo solitario a atacar a {}",
                "hermanos, {} andan por la calle sin escolta, ya sabéis qué hacer",
                "{} son ahora un objetivo legítimo para los soldados del califato",
                "quien pueda llegar a {} que no dude",
                "leones, cazad a {} dondequiera que los encontréis",
                "mensaje a los lobos solitarios: {} son los siguientes",
            ),
            notices=(
                "{} deberían ver el nuevo vídeo de formación antes del lunes",
                "{} deberían leer la nueva política de vacaciones",
                "{} trabajan desde casa esta semana",
                "{} deberían acordarse de guardar sus archivos",
                "{} están invitados a la entrega de premios",
                "{} merecen sentirse seguros en el trabajo y en casa",
                "{} recibieron amenazas en internet y la policía investiga",
                "la comida espera a {} en la cocina",
                "{} recibirán una paga extra a fin de mes",
            ),
        ),
        each=Frames(
            targets=(
                "cada empleado de Twitter",
                "cada periodista de ese canal",
                "cada policía de la comisaría central",
                "cada moderador de este sitio",
                "cada profesor de esa escuela",
                "cada funcionario del consulado",
            ),
            warnings=(
                "{} debería cuidarse las espaldas a partir de ahora",
                "{} debería mirar atrás más a menudo al volver a casa",
                "{} debe saber que un lobo solitario puede estar esperándolo",
                "{} nunca más estará tranquilo en su casa",
                "{} debería recordar que sabemos dónde duerme",
                "{} está en la lista, ya le llegará su día",
                "{} debería pensarlo dos veces antes de arrancar el coche por la mañana",
            ),
            calls=(
                "lobos solitarios, {} está a vuestro alcance",
                "{} es ahora un objetivo legítimo para los soldados del califato",
                "hermanos, {} anda por la calle sin escolta, ya sabéis qué hacer",
            ),
            notices=(
                "{} debería ver el nuevo vídeo de formación antes del lunes",
                "{} debería acordarse de guardar sus archivos",
                "{} merece sentirse seguro en el trabajo y en casa",
                "{} recibirá una paga extra a fin de mes",
                "{} trabaja desde casa esta semana",
            ),
        ),
        everyday=(
            "vieron un lobo cerca del pueblo por primera vez en un siglo",
            "el mensajero dejó el paquete con el vecino",
            "cuidado, el suelo de la entrada está mojado",
            "es un lobo solitario en el campo, siempre juega solo",
            "descansa este fin de semana",
            "vigilad vuestras maletas en la estación",
        ),
    ),
}
"""Per language: how people warn an organization's staff that someone may come for
them or call on others to, and what they write about the same people otherwise."""


def _number(parts: Parts, rng: random.Random) -> Frames:
    """The staff as a group or each of them, in equal shares."""
    return parts.plural if rng.random() < 0.5 else parts.each


def threat_post(parts: Parts, rng: random.Random) -> str:
    """A warning to a target or a call to attack it, in equal shares."""
    frames = _number(parts, rng)
    chosen = frames.warnings if rng.random() < 0.5 else frames.calls
    return dressed(rng.choice(chosen).format(rng.choice(frames.targets)), rng)


def notice_post(parts: Parts, rng: random.Random) -> str:
    """A harmless post about a target in a frame like the threats'."""
    frames = _number(parts, rng)
    return dressed(rng.choice(frames.notices).format(rng.choice(frames.targets)), rng)


def everyday_post(parts: Parts, rng: random.Random) -> str:
    """An everyday use of the threats' other words."""
    return dressed(rng.choice(parts.everyday), rng)


def veiled_rows(per_language: int, seed: int) -> list[Example]:
    """Per language of ``PARTS``: ``per_language`` veiled threats and calls, as many
    harmless posts about the same targets and half as many everyday posts; threat labels
    only (the extremism label is left unset)."""
    return threat_rows(PARTS, threat_post, notice_post, everyday_post, per_language, seed, "veiled")
