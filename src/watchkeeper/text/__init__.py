"""Text normalization shared by every detector that reads words.

Evaders write ``#TheConcept`` with a Cyrillic ``e`` (U+0435), ``k1ll`` with a digit, or
``al-Hayat`` with a hyphen; reporters paste Arabic with or without its vowel marks.
If each detector folded text its own way, one would catch what another misses and
their evidence spans would disagree. This package folds text once, the same way for
list entries and for posts, and maps every match back to the original characters so
a moderator sees exactly what was written.
"""
