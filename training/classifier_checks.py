"""A few threats and harmless look-alikes in new words, scored in the model card as they are.

The public sets hold mostly calls for violence against groups; a moderator mostly sees
threats aimed at one reader. These sentences, written for this project and never
used in training, show in the card how the shipped model reads that kind of post
(a handful of sentences is an illustration, not a measurement).
"""

from __future__ import annotations

CHECKS: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (
        ("Say one more word and I'll end you, you know I know your address", 1),
        ("Tomorrow you die, traitor", 1),
        ("Your children walk to school alone, don't they", 1),
        ("Get ready, we are bringing knives to your office on Monday", 1),
        ("Dinner at my place tomorrow?", 0),
        ("This heat is going to kill me", 0),
        ("The court heard he had threatened to stab his neighbour", 0),
        ("Knives out is my favourite film", 0),
    ),
    "de": (
        ("Noch ein Wort und du bist erledigt", 1),
        ("Morgen bist du dran, Verräter", 1),
        ("Treffen wir uns morgen beim Bäcker?", 0),
        ("Die Hitze bringt mich noch um", 0),
    ),
    "ar": (
        ("كلمة كمان وبخلص عليك", 1),
        ("بكرة بتموت يا خاين", 1),
        ("نتقابل بكرة عند المخبز؟", 0),
        ("الحر راح يموتني", 0),
    ),
}
