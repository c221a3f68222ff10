"""Threats at one reader and harmless look-alikes in eleven languages, scored in the card.

The public sets hold mostly calls for violence against groups, in five languages; a
moderator mostly sees threats aimed at one reader, in whatever language the users
write. These sentences were written for this project before the made-up training rows
of ``classifier_direct`` and are never trained on. The same people wrote both, so they
share everyday idioms ("this heat is killing me") and the plain way each language says
"I will kill you": the card's figures on them show what the model reads in each
language, not how it does on threats found in the wild (a few sentences per language
is an illustration, not a measurement).
"""

# Turkish dotless i and Cyrillic letters are the languages' own, not look-alikes.
# ruff: noqa: RUF001

from __future__ import annotations

CHECKS: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (
        ("Say one more word and I'll end you, you know I know your address", 1),
        ("Tomorrow you die, traitor", 1),
        ("Your children walk to school alone, don't they", 1),
        ("Get ready, we are bringing knives to your office on Monday", 1),
        ("Keep talking and they'll find your body in the river", 1),
        ("I swear I'm going to put a bullet in your head when I see you", 1),
        ("Dinner at my place tomorrow?", 0),
        ("This heat is going to kill me", 0),
        ("The court heard he had threatened to stab his neighbour", 0),
        ("Knives out is my favourite film", 0),
        ("You absolutely killed it on stage last night", 0),
        ("I'm going to shoot the wedding photos on Saturday", 0),
    ),
    "de": (
        ("Noch ein Wort und du bist erledigt", 1),
        ("Morgen bist du dran, Verräter", 1),
        ("Wir finden dich und dann gnade dir Gott", 1),
        ("Ich stech dich ab, wenn ich dich erwische", 1),
        ("Pass gut auf deine Familie auf, wir wissen wo ihr wohnt", 1),
        ("Treffen wir uns morgen beim Bäcker?", 0),
        ("Die Hitze bringt mich noch um", 0),
        ("Der Angeklagte soll gedroht haben, seinen Nachbarn zu erschießen", 0),
        ("Das Konzert gestern war der Hammer, ihr habt alles gegeben", 0),
        ("Ich mach dich beim Schach fertig, versprochen", 0),
    ),
    "fr": (
        ("Je vais te retrouver et te faire la peau", 1),
        ("Tu vas crever, sale traître", 1),
        ("Encore un mot et je te plante", 1),
        ("On sait où tu habites, fais attention à tes enfants", 1),
        ("Cette chaleur va me tuer", 0),
        ("Le prévenu aurait menacé de poignarder son voisin", 0),
        ("On se retrouve demain à la boulangerie ?", 0),
        ("Tu as tué le game avec cette chanson", 0),
    ),
    "ar": (
        ("كلمة كمان وبخلص عليك", 1),
        ("بكرة بتموت يا خاين", 1),
        ("والله لأقتلك لو شفتك", 1),
        ("نعرف وين ساكن، انتبه على ولادك", 1),
        ("نتقابل بكرة عند المخبز؟", 0),
        ("الحر راح يموتني", 0),
        ("قالت المحكمة إن المتهم هدد بقتل جاره", 0),
        ("الضحك على هالفيديو قتلني", 0),
    ),
    "es": (
        ("Te voy a matar, hijo de puta", 1),
        ("Sé dónde vives y voy a ir a por ti", 1),
        ("Un comentario más y te pego un tiro", 1),
        ("Mañana te mueres, traidor", 1),
        ("Este calor me está matando", 0),
        ("El acusado amenazó con apuñalar a su vecino, según el tribunal", 0),
        ("Mañana vamos a matar el tiempo en la playa", 0),
        ("¿Cenamos en mi casa mañana?", 0),
    ),
    "pt": (
        ("Vou te matar, desgraçado", 1),
        ("Eu sei onde você mora, se prepara", 1),
        ("Você vai morrer amanhã, traidor", 1),
        ("Mais uma palavra e eu te dou um tiro", 1),
        ("Esse calor vai me matar", 0),
        ("O réu teria ameaçado esfaquear o vizinho", 0),
        ("Você arrasou no show ontem", 0),
        ("Vamos jantar lá em casa amanhã?", 0),
    ),
    "it": (
        ("Ti ammazzo, bastardo", 1),
        ("So dove abiti, stai attento", 1),
        ("Domani sei morto, traditore", 1),
        ("Ancora una parola e ti sparo", 1),
        ("Questo caldo mi ucciderà", 0),
        ("L'imputato avrebbe minacciato di accoltellare il vicino", 0),
        ("Hai spaccato ieri sera sul palco", 0),
        ("Ceniamo da me domani?", 0),
    ),
    "nl": (
        ("Ik maak je af, vuile verrader", 1),
        ("Ik weet waar je woont, pas maar op", 1),
        ("Morgen ben je dood", 1),
        ("Nog één woord en ik steek je neer", 1),
        ("Deze hitte maakt me kapot", 0),
        ("De verdachte zou hebben gedreigd zijn buurman neer te steken", 0),
        ("Eten we morgen bij mij?", 0),
        ("Je hebt het gisteren echt gesloopt op het podium", 0),
    ),
    "tr": (
        ("Seni öldüreceğim, hain", 1),
        ("Nerede oturduğunu biliyorum, dikkat et", 1),
        ("Yarın öleceksin", 1),
        ("Bir kelime daha edersen seni vururum", 1),
        ("Bu sıcak beni öldürecek", 0),
        ("Sanığın komşusunu bıçaklamakla tehdit ettiği iddia edildi", 0),
        ("Yarın akşam bize yemeğe gelir misin?", 0),
        ("Dün gece sahnede harikaydın", 0),
    ),
    "ru": (
        ("Я тебя убью, предатель", 1),
        ("Я знаю, где ты живёшь, жди гостей", 1),
        ("Завтра ты сдохнешь", 1),
        ("Ещё одно слово, и я тебя зарежу", 1),
        ("Эта жара меня убивает", 0),
        ("Суд установил, что обвиняемый угрожал зарезать соседа", 0),
        ("Поужинаем у меня завтра?", 0),
        ("Ты вчера просто порвал зал", 0),
    ),
    "pl": (
        ("Zabiję cię, zdrajco", 1),
        ("Wiem, gdzie mieszkasz, uważaj", 1),
        ("Jutro zginiesz", 1),
        ("Jeszcze jedno słowo i cię zastrzelę", 1),
        ("Ten upał mnie zabije", 0),
        ("Oskarżony miał grozić sąsiadowi, że go zadźga", 0),
        ("Zjemy jutro kolację u mnie?", 0),
        ("Wczoraj na scenie po prostu zniszczyłeś system", 0),
    ),
}
