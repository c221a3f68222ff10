"""Veiled threats and calls on "lone wolves" against a person or an organization's staff.

The threat this project starts from was not "I will kill you": it was "Every Twitter
employee in San Francisco ... should bear in mind and watch over himself because on
his doorstep there might be a lone wolf assassin waiting", written in Arabic and
English. It names no harm done by the writer, only a danger foretold to a third party
and left for others to carry out. The shipped model scored that sentence 0.008 for
``threat``: the public sets hold calls for violence against groups, and
``classifier_direct`` threats at one reader, but almost no warnings to a company's,
newspaper's or court's people that someone may be waiting for them.

The sentences below were written for this project before the made-up training rows of
``classifier_veiled`` and are never trained on. Each language pairs such threats with
harmless posts in the same words (an office notice, "take care of yourself", a wolf in
the wild, a parcel at the door). The same people wrote both, so the card's figures on
them illustrate what the model reads; they do not measure it.
"""

from __future__ import annotations

VEILED_CHECKS: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (
        (
            "Every Twitter employee in San Francisco should bear in mind and watch over "
            "himself because on his doorstep there might be a lone wolf assassin waiting",
            1,
        ),
        ("Those who work at that newspaper should check under their cars every morning", 1),
        ("To the lone wolves in Berlin: the staff of this magazine go home alone every night", 1),
        ("Judge Miller ruled against us. He has kids and a long drive home. Just saying", 1),
        ("Every employee should bear in mind that the office closes early on Friday", 0),
        ("Watch over yourself in this heat, drink water and stay in the shade", 0),
        ("The lone wolf returned to Yellowstone after fifty years, rangers say", 0),
        ("Our courier left the package waiting on the doorstep", 0),
    ),
    "ar": (
        ("على كل موظف في تويتر أن ينتبه لنفسه فقد يكون على باب بيته ذئب منفرد ينتظره", 1),
        ("يا أسود التوحيد، موظفو هذه الصحيفة يخرجون من مكاتبهم كل مساء بلا حراسة", 1),
        ("ليعلم كل صحفي في هذه القناة أن رأسه مطلوب", 1),
        ("القاضي الذي حكم على إخواننا لن يهنأ بالنوم بعد اليوم", 1),
        ("على كل موظف أن ينتبه لمواعيد الاجتماع الجديدة", 0),
        ("انتبه لنفسك في هذا البرد يا صديقي", 0),
        ("الذئب المنفرد يعود إلى الغابة في فيلم وثائقي جديد", 0),
        ("الطرد ينتظرك على باب البيت", 0),
    ),
    "de": (
        (
            "Jeder Mitarbeiter dieser Zeitung sollte sich gut umschauen, wenn er abends nach "
            "Hause geht. Die einsamen Wölfe warten.",
            1,
        ),
        ("Die Richterin wohnt in der Lindenstraße. Vielleicht besucht sie mal jemand.", 1),
        (
            "Ihr Journalisten von diesem Sender, passt auf euch auf, wir wissen, wo eure "
            "Büros sind",
            1,
        ),
        ("Liebe Brüder, die Polizisten dieser Wache sind nachts allein auf Streife, nutzt es", 1),
        ("Jeder Mitarbeiter sollte sich die neuen Urlaubsregeln gut merken", 0),
        ("Pass gut auf dich auf, es ist glatt draußen", 0),
        ("Ein Wolf streift allein durch die Lausitz, berichten Förster", 0),
        ("Das Paket wartet vor deiner Haustür", 0),
    ),
    "fr": (
        (
            "Chaque employé de ce journal devrait regarder derrière lui en rentrant chez lui, "
            "un loup solitaire l'attend peut-être",
            1,
        ),
        ("Le juge habite à deux rues d'ici. Les frères sauront quoi faire.", 1),
        ("Aux lions de France : les policiers de ce commissariat patrouillent seuls la nuit", 1),
        ("Les journalistes de cette chaîne ne seront plus en sécurité chez eux", 1),
        ("Chaque employé devrait garder en tête la nouvelle date de la réunion", 0),
        ("Prends soin de toi avec ce froid", 0),
        ("Un loup solitaire a été aperçu dans les Alpes, selon les gardes du parc", 0),
        ("Ton colis t'attend devant la porte", 0),
    ),
}
"""Per language, (sentence, 1 if it is a threat else 0)."""
