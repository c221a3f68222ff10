"""Ban evasion: find the suspended account behind a new or renamed one, and say why.

Suspended users come back under slightly changed names (a number bumped, ``l`` for
``I``, letters doubled, an Arabic display name for a Latin handle) and often with the
same mailbox, picture, follows or posts. ``names`` reduces names to keys that survive
those changes, ``index`` finds candidates among a million suspended accounts in
milliseconds (``storage`` saves it without pickle), ``features``/``scoring`` weigh the
evidence with a small shipped model, ``reasons`` explains each match, and ``matcher``
puts them together for the CLI and the detector.
"""
