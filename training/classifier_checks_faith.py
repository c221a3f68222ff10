"""Everyday posts about faith, community and the news, and propaganda, scored in the card.

The English extremism positives are every tweet of 64 pro-ISIS accounts, so besides
propaganda they hold Ramadan greetings, prayers and news, and the other sets hold few
ordinary Muslim posts to set against them. Before any change, the shipped model flagged
"Ramadan Mubarak everyone, may Allah accept our fasting" (0.78), "Brothers, come to
the gathering after Friday prayer" (0.62) and a news line about an explosion at a
chemical plant (0.74) as extremism. A moderator who sees every mosque's iftar invitation
flagged as terrorist propaganda stops trusting the label, and the users it flags are
the ones such a tool must not treat as suspects.

These sentences were written for this project before the made-up training rows of
``classifier_everyday`` and are never trained on; the same people wrote both, so the
card's figures on them illustrate what the model reads, they do not measure it.
"""

from __future__ import annotations

FAITH_CHECKS: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (
        ("Your children walk to school alone, don't they", 0),
        ("Happy Eid to all my brothers and sisters", 0),
        ("Ramadan Mubarak everyone, may Allah accept our fasting", 0),
        ("Just finished reading the Quran for the first time this year", 0),
        ("Pray for the victims of the earthquake in Turkey", 0),
        ("The army parade in Paris was beautiful today", 0),
        ("Join us at the mosque for iftar tonight", 0),
        ("The martyrs of the revolution are remembered every year in this square", 0),
        ("Breaking news: explosion at a chemical plant, no injuries reported", 0),
        ("Jihad means struggle, and my daily jihad is against laziness", 0),
        ("The caliphate of the Abbasids was a golden age of science", 0),
        ("Brothers, come to the gathering after Friday prayer", 0),
        ("May God give victory to the oppressed everywhere", 0),
        ("The soldiers of the Islamic State liberated the city, join the caliphate", 1),
        ("Our lions in the land of the Khilafah struck the kuffar, may Allah accept them", 1),
        ("Brothers, make hijrah to the Islamic State and join the ranks of the mujahideen", 1),
        ("Watch the new release from the media office of Wilayat Raqqa", 1),
    ),
    "ar": (
        ("الله أكبر، عيد مبارك للجميع", 0),
        ("اللهم ارحم شهداء الزلزال", 0),
        ("رمضان كريم، تقبل الله صيامكم وقيامكم", 0),
        ("صلاة الجمعة اليوم في المسجد الكبير الساعة الواحدة", 0),
        ("عاجل: انفجار في مصنع للكيماويات ولا إصابات", 0),
        ("الدولة الإسلامية باقية وتتمدد، انفروا إلى أرض الخلافة", 1),
        ("بارك الله في أسود الخلافة الذين أثخنوا في الكفار", 1),
        ("شاهدوا الإصدار الجديد من المكتب الإعلامي لولاية الرقة", 1),
    ),
    "de": (
        ("Ramadan Mubarak an alle, möge Allah euer Fasten annehmen", 0),
        ("Heute Abend Fastenbrechen in der Moschee, alle sind eingeladen", 0),
        ("Eilmeldung: Explosion in einem Chemiewerk, keine Verletzten", 0),
        ("Betet für die Opfer des Erdbebens", 0),
        (
            "Die Soldaten des Islamischen Staates haben die Stadt befreit, schließt euch dem "
            "Kalifat an",
            1,
        ),
        ("Brüder, wandert aus in den Islamischen Staat und schließt euch den Mudschaheddin an", 1),
    ),
    "fr": (
        ("Ramadan Moubarak à tous, qu'Allah accepte votre jeûne", 0),
        ("Rupture du jeûne ce soir à la mosquée, venez nombreux", 0),
        ("Urgent : explosion dans une usine chimique, aucun blessé", 0),
        ("Priez pour les victimes du tremblement de terre", 0),
        ("Les soldats de l'État islamique ont libéré la ville, rejoignez le califat", 1),
        ("Frères, faites la hijra vers l'État islamique et rejoignez les moudjahidines", 1),
    ),
}
"""Per language, (sentence, 1 if it is extremist propaganda else 0)."""
